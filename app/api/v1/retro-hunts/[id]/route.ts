// GET /api/v1/retro-hunts/{id} — one retro-hunt and its progress
import { apiRoute } from "@/lib/api/handler";
import { getRetroHunt } from "@/lib/rules/retro-hunt";

export const GET = apiRoute("GET /api/v1/retro-hunts/{id}", ({ ctx, params }) => getRetroHunt({ ctx, input: { id: params.id } }));
