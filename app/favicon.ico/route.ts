import { readFileSync } from "node:fs";
import path from "node:path";

// GET /favicon.ico — browsers ask for it whatever the page links: the same icon as app/icon.svg,
// served from this origin (a redirect would name the host the server thinks it has).
const ICON = readFileSync(path.join(process.cwd(), "app/icon.svg"));

export function GET() {
  return new Response(ICON, { headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" } });
}
