// POST /api/v1/rule-sets/{id}/rules — add a rule to a rule set (admins)
import { apiRoute } from "@/lib/api/handler";
import { readJsonObject } from "@/lib/api/read-body";
import { addRule } from "@/lib/rules/edit-rule";

export const POST = apiRoute("POST /api/v1/rule-sets/{id}/rules", async ({ req, ctx, params }) =>
  Response.json(await addRule({ ctx, input: { id: params.id, rule: await readJsonObject(req) } }), { status: 201 }),
);
