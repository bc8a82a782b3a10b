// /api/* that no route serves — a problem+json 404 instead of the console's HTML page
import { problem } from "@/lib/api/problem";

function notFound(req: Request): Response {
  return problem(404, "Not Found", `No API at ${new URL(req.url).pathname}; the API is described in the README`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
