// GET/POST /api/auth/* — next-auth sign-in, sign-out and session endpoints
import NextAuth from "next-auth";
import { problem } from "@/lib/api/problem";
import { badCallbackUrls } from "@/lib/auth/callback-url";
import { requestAuthOptions } from "@/lib/auth/options";
import { requestOrigin } from "@/lib/auth/request-origin";
import { auditSignIn } from "@/lib/auth/sign-in-audit";
import { recordSignInFailure, recordSignInSuccess, signInLockedFor } from "@/lib/auth/sign-in-throttle";

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth for this request: Secure cookies when it came over https. */
async function handler(req: Request, ctx: Context): Promise<Response> {
  return NextAuth(await requestAuthOptions())(req, ctx);
}

/** A 400 for what next-auth would answer with a bare 500, clearing a bad callback cookie. */
function refused(req: Request): Response | null {
  const bad = badCallbackUrls(req);
  if (!bad.param && bad.cookies.length === 0) return null;
  const res = problem(400, "Bad Request", "the callback URL must be a path or an http(s) URL", { field: bad.param ? "callbackUrl" : "cookie" });
  for (const name of bad.cookies) res.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; SameSite=Lax`);
  return res;
}

async function GET(req: Request, ctx: Context) {
  return refused(req) ?? handler(req, ctx);
}

/** The credentials sign-in, behind the back-off: a locked account or address gets a 429 with Retry-After. */
async function signInWithBackOff(req: Request, ctx: Context): Promise<Response> {
  const form = await req.clone().formData().catch(() => null);
  const email = String(form?.get("email") ?? "");
  const origin = requestOrigin(req.headers, "web");
  const address = origin.address;
  const wait = await signInLockedFor(email, address);
  if (wait > 0) {
    await auditSignIn(email, origin, { outcome: "locked", retryAfterSeconds: wait });
    // next-auth's client reads `url` for the error; the rest is the problem, as everywhere.
    return problem(429, "Too Many Requests", `Too many failed sign-ins; try again in ${wait} s`, {
      retryAfter: wait, url: new URL("/signin?error=TooManyAttempts", req.url).toString(),
    }, { "Retry-After": String(wait) });
  }
  const res = await handler(req, ctx);
  const signedIn = res.headers.getSetCookie().some((c) => /session-token=[^;]/.test(c));
  if (signedIn) await recordSignInSuccess(email);
  else await recordSignInFailure(email, address);
  return res;
}

async function POST(req: Request, ctx: Context) {
  const bad = refused(req);
  if (bad) return bad;
  // next-auth parses a JSON body itself and answers a bare 500 when it is malformed.
  if ((req.headers.get("content-type") ?? "").toLowerCase().includes("json")) {
    try {
      JSON.parse(await req.clone().text());
    } catch {
      return problem(400, "Bad Request", "The body is not valid JSON", { field: "body" });
    }
  }
  if ((await ctx.params).nextauth.join("/") === "callback/credentials") return signInWithBackOff(req, ctx);
  return handler(req, ctx);
}

export { GET, POST };
