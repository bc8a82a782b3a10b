// GET /docs/api/redoc.standalone.js — the API reference's viewer (Redoc), served from the installed package: nothing is fetched from a CDN
import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-static";

// The one outside address the viewer loads, its maker's logo, points at ours instead: the page
// works offline and its Content-Security-Policy sees no request elsewhere.
const OUTSIDE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

let bundle: Promise<string> | null = null;

export async function GET(): Promise<Response> {
  bundle ??= readFile(path.join(process.cwd(), "node_modules/redoc/bundles/redoc.standalone.js"), "utf8").then((js) => js.replaceAll(OUTSIDE_LOGO, "/icon.svg"));
  return new Response(await bundle, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
