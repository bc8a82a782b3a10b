import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError, ServiceUnavailableError, TooManyRequestsError } from "@/lib/errors";

const DB_RETRY_AFTER_SECONDS = 5;

// The one place domain errors become HTTP responses (RFC 9457 problem details). Every 400 that
// names what was wrong has one shape: `errors: [{field, message}]`, the field as the request
// names it (a body member's path, a query parameter, a path parameter), and `field`, the first
// of them, for clients that show one.

export interface FieldError {
  field: string;
  message: string;
}

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return Response.json(
    { type: "about:blank", title, status, detail, ...extra },
    { status, headers: { ...headers, "content-type": "application/problem+json" } },
  );
}

function fieldProblem(detail: string, errors: FieldError[], extra: Record<string, unknown> = {}): Response {
  return problem(400, "Bad Request", detail, { ...extra, errors, field: errors[0]?.field ?? "body" });
}

/** A zod failure of the body, the query or the path parameters (`where` names it when the path is empty). */
export function zodProblem(err: ZodError, where: "body" | "query" | "params"): Response {
  const errors = err.issues.map((i) => {
    const path = i.code === "unrecognized_keys" ? [...i.path, i.keys[0]] : i.path;
    return { field: path.map(String).join(".") || where, message: i.message };
  });
  return fieldProblem(errors.map((e) => `${e.field}: ${e.message}`).join("; "), errors);
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError && err.status === 400) {
    const field = typeof err.extra.field === "string" ? err.extra.field : "body";
    const prefix = `${field}: `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    // A validation that names several errors (a rule-set import) passes them all as extra.errors.
    const errors = Array.isArray(err.extra.errors) ? (err.extra.errors as FieldError[]) : [{ field, message }];
    return fieldProblem(err.message, errors, err.extra);
  }
  if (err instanceof TooManyRequestsError || err instanceof ServiceUnavailableError) {
    return problem(err.status, err.title, err.message, err.extra, { "Retry-After": String(err.retryAfterSeconds) });
  }
  if (err instanceof AppError) return problem(err.status, err.title, err.message, err.extra);
  if (err instanceof ZodError) return zodProblem(err, "body");
  if (isDatabaseUnavailable(err)) {
    console.error("database unavailable:", (err as Error).message);
    return problem(503, "Service Unavailable", "The database cannot be reached right now; retry shortly.", { retryAfter: DB_RETRY_AFTER_SECONDS }, { "Retry-After": String(DB_RETRY_AFTER_SECONDS) });
  }
  console.error("unexpected error", err);
  return problem(500, "Internal Server Error", "An unexpected error occurred; it has been logged.");
}
