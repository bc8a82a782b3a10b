import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UNLISTED_ROUTES } from "../lib/api/access";
import type { Handler } from "./route-call";

// The API's route files as the file system has them: what the access table, the OpenAPI
// document and the fuzzer are checked against, and the handlers tests call directly.

export const ROOT = path.join(__dirname, "..");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route.ts below dir. */
export function routeFiles(dir: string = path.join(ROOT, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

/** "/api/v1/events/{id}" for app/api/v1/events/[id]/route.ts. */
export function routeOf(file: string): string {
  return "/" + path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
}

/** The route files the access table covers (not the catch-all 404 and next-auth's). */
export function listedRouteFiles(): string[] {
  return routeFiles().filter((file) => !(path.relative(ROOT, file).split(path.sep).join("/") in UNLISTED_ROUTES));
}

/** "METHOD /path" for every handler a listed route file exports, read from its source. */
export function exportedRouteKeys(): string[] {
  return listedRouteFiles().flatMap((file) => {
    const source = readFileSync(file, "utf8");
    return METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(source)).map((m) => `${m} ${routeOf(file)}`);
  });
}

/** Every listed route's handlers, imported, by "METHOD /path". */
export async function loadRouteHandlers(): Promise<Map<string, Handler>> {
  const handlers = new Map<string, Handler>();
  for (const file of listedRouteFiles()) {
    const mod = (await import(file)) as Record<string, Handler>;
    for (const m of METHODS) if (mod[m]) handlers.set(`${m} ${routeOf(file)}`, mod[m]);
  }
  return handlers;
}
