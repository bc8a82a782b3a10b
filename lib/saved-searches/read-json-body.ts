import { readBodyText } from "@/lib/api/read-body";
import { ValidationError } from "@/lib/errors";

const MAX_BODY_BYTES = 16 * 1024;

/** The request's body as a JSON object; anything else (malformed JSON, an array) is a 400, not a 500. */
export async function readJsonObject(req: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(req, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON", { field: "body" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ValidationError("The body must be a JSON object", { field: "body" });
  }
  return body as Record<string, unknown>;
}
