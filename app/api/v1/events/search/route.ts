// POST /api/v1/events/search — advanced search: query, filters, facets, histogram, keyset pages
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { searchEvents } from "@/lib/events/search";
import type { SearchRequest } from "@/lib/events/types";

export const POST = apiRoute("POST /api/v1/events/search", async ({ req, ctx }) =>
  // searchEvents validates the body against its zod schema and names the bad field.
  searchEvents({ ctx, input: (await readJsonObject(req)) as SearchRequest, signal: req.signal }),
);
