// POST /api/v1/rules/test — a draft rule run over stored events or a pasted one; nothing is saved
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { testRule } from "@/lib/rules/test-rule";

export const POST = apiRoute("POST /api/v1/rules/test", async ({ req, ctx }) => testRule({ ctx, input: await readJsonObject(req) }));
