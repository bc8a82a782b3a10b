import { NextRequest } from "next/server";
import { expectContract } from "./contract";
import { routeParams } from "./ingest-fixtures";

// Calling route handlers directly, as API clients do: the request, the bearer token, the body;
// each response must keep the OpenAPI document.

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
  const url = `http://vigil.test/api/v1${path}`;
  const res = await handler(new NextRequest(url, { method, headers, body }), routeParams(opts.params ?? {}));
  const text = await res.text();
  // Every response a test receives is checked against the OpenAPI document.
  expectContract(method, url, res.status, res.headers.get("content-type"), text);
  const type = res.headers.get("content-type");
  // A download (CSV, NDJSON) comes back as its text.
  const json = /json/.test(type ?? "") && !/ndjson/.test(type ?? "");
  return { status: res.status, type, body: text ? (json ? JSON.parse(text) : text) : null };
}
