// POST /api/v1/retention/run — expire the tenant's events past its retention now (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { runTenantRetention } from "@/lib/retention/run-now";

export const POST = apiRoute("POST /api/v1/retention/run", async ({ req, ctx }) => runTenantRetention({ ctx, input: await readJsonObject(req) }));
