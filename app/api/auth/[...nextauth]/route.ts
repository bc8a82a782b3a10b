// GET/POST /api/auth/* — next-auth sign-in, sign-out and session endpoints
import NextAuth from "next-auth";
import { problem } from "@/lib/api/problem";
import { authOptions } from "@/lib/auth/options";

const handler = NextAuth(authOptions);

// next-auth parses a JSON body itself and answers a bare 500 when it is malformed.
async function POST(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  if ((req.headers.get("content-type") ?? "").toLowerCase().includes("json")) {
    try {
      JSON.parse(await req.clone().text());
    } catch {
      return problem(400, "Bad Request", "The body is not valid JSON", { field: "body" });
    }
  }
  return handler(req, ctx);
}

export { handler as GET, POST };
