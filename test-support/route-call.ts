import { NextRequest } from "next/server";
import { routeParams } from "./ingest-fixtures";

// Calling route handlers directly, as API clients do: the request, the bearer token, the body.

export type Handler = (req: NextRequest, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
export type Body = any;
export interface Res {
  status: number;
  type: string | null;
  body: Body;
}

export async function callRoute(
  handler: Handler,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await handler(new NextRequest(`http://vigil.test/api/v1${path}`, { method, headers, body }), routeParams(opts.params ?? {}));
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}
