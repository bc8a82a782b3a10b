import { ZodError } from "zod";
import { AppError } from "@/lib/errors";

// The one place domain errors become HTTP responses (RFC 9457 problem details).

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return Response.json(
    { type: "about:blank", title, status, detail, ...extra },
    { status, headers: { "content-type": "application/problem+json" } },
  );
}

export function zodProblem(err: ZodError, where: string): Response {
  const errors = err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join("."), message: i.message }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  return problem(400, "Bad Request", detail, { errors });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) return problem(err.status, err.title, err.message, err.extra);
  if (err instanceof ZodError) return zodProblem(err, "body");
  console.error("unexpected error", err);
  return problem(500, "Internal Server Error", "An unexpected error occurred; it has been logged.");
}
