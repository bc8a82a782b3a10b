// GET /api/v1/rule-sets — the tenant's detection rule sets with hits; POST — import a seed-002 document, YAML or JSON (admins)
import { apiRoute } from "@/lib/api/handler";
import { mediaTypeOf, readBodyText } from "@/lib/api/read-body";
import { UnsupportedMediaTypeError } from "@/lib/errors";
import { importRuleSets } from "@/lib/rules/import-rule-sets";
import { listRuleSets } from "@/lib/rules/queries";

const MAX_DOCUMENT_BYTES = 1024 * 1024;
const YAML_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]);

export const GET = apiRoute("GET /api/v1/rule-sets", ({ ctx }) => listRuleSets({ ctx }));

export const POST = apiRoute("POST /api/v1/rule-sets", async ({ req, ctx }) => {
  const mime = mediaTypeOf(req.headers.get("content-type"));
  const format = mime === "application/json" ? "json" : YAML_TYPES.has(mime) ? "yaml" : null;
  if (!format) throw new UnsupportedMediaTypeError(`Content-Type must be application/json or application/yaml, got ${mime ? `"${mime}"` : "none"}`);
  const result = await importRuleSets({ ctx, input: { text: await readBodyText(req, MAX_DOCUMENT_BYTES), format } });
  return Response.json(result, { status: 201 });
});
