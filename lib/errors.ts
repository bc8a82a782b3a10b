// Domain errors. lib/api/problem.ts maps them to HTTP in exactly one place.

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly title: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 400, "Bad Request", extra);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication required") {
    super(message, 401, "Unauthorized");
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this") {
    super(message, 403, "Forbidden");
  }
}

export class NotFoundError extends AppError {
  constructor(what = "Resource") {
    super(`${what} not found`, 404, "Not Found");
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, 409, "Conflict", extra);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(message, 413, "Payload Too Large");
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super(message, 415, "Unsupported Media Type");
  }
}

/** The request is well-formed but cannot apply to this subject (an event with no network destination to block). */
export class UnprocessableError extends AppError {
  constructor(message: string) {
    super(message, 422, "Unprocessable Content");
  }
}

/** Over a rate limit: retry after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequestsError extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, 429, "Too Many Requests", { retryAfter: retryAfterSeconds });
  }
}

/** The database cannot be reached (stopped, restarting, out of connections): retry shortly. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message, 503, "Service Unavailable", { retryAfter: retryAfterSeconds });
  }
}
