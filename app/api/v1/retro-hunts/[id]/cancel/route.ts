// POST /api/v1/retro-hunts/{id}/cancel — stop a queued or running retro-hunt (admins)
import { apiRoute } from "@/lib/api/handler";
import { cancelRetroHunt } from "@/lib/rules/retro-hunt";

export const POST = apiRoute("POST /api/v1/retro-hunts/{id}/cancel", ({ ctx, params }) => cancelRetroHunt({ ctx, input: { id: params.id } }));
