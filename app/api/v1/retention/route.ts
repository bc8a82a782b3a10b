// GET /api/v1/retention — the tenant's events held, oldest event, retention and next expiry (admins)
import { apiRoute } from "@/lib/api/handler";
import { getRetention } from "@/lib/retention/queries";

export const GET = apiRoute("GET /api/v1/retention", ({ ctx }) => getRetention({ ctx }));
