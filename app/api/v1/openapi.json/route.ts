// GET /api/v1/openapi.json — the OpenAPI 3.1 document of this API, generated from the zod schemas that validate requests
import { apiRoute } from "@/lib/api/handler";
import { openApiJson } from "@/lib/api/openapi";

export const GET = apiRoute("GET /api/v1/openapi.json", () =>
  Promise.resolve(new Response(openApiJson(), { headers: { "content-type": "application/json", "cache-control": "public, max-age=300" } })),
);
