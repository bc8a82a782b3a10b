import { ValidationError } from "@/lib/errors";

/**
 * The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), or undefined without one.
 * It wins over a `version` in the body, so the HTTP way and the JSON way both work.
 */
export function versionFromIfMatch(req: Request): number | undefined {
  const header = req.headers.get("if-match");
  if (header === null || header.trim() === "") return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647) {
    throw new ValidationError(`If-Match: must be the version you read, e.g. "3"`, { field: "If-Match" });
  }
  return n;
}

/** The body with the If-Match version put in as `version`, when there is one. */
export function withIfMatch(req: Request, body: Record<string, unknown>): Record<string, unknown> {
  const version = versionFromIfMatch(req);
  return version === undefined ? body : { ...body, version };
}
