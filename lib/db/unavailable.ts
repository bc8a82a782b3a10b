// Tells a database that cannot be reached from any other failure, through the wrappers
// (Prisma's driver adapter, pg) that carry the original error as a cause.

// Connection exceptions (08…), the server shutting down or starting (57P01–57P03), too many
// connections (53300), and the socket errors of a server that is not there.
const CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "57P01", "57P02", "57P03", "53300"]);
const MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Can't reach database server/i, /the database system is (starting up|shutting down)/i];

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    if (typeof e !== "object") return false;
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string" && (CODES.has(code) || code.startsWith("08"))) return true;
    if (typeof message === "string" && MESSAGES.some((m) => m.test(message))) return true;
    e = cause;
  }
  return false;
}
