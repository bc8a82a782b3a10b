// Browser calls to the one-click block API (…/actions/block and its dry run) on an event or an
// issue. Errors arrive as RFC 9457 problem+json and surface as ApiProblem, with the field a 400 names.
import type { BlockInput, BlockPreview, BlockResult } from "@/lib/policies/schemas";
import type { PolicyScope } from "@/lib/policies/scope-ref";
import { ApiProblem } from "@/components/events/events-api";

export type BlockSubject = { kind: "event" | "issue"; id: string };

export type { BlockInput, BlockPreview, BlockResult };
export type BlockDestination = BlockPreview["destination"];
export type BlockScopeOption = BlockPreview["scopeOptions"][number];

type ProblemBody = { title?: string; detail?: string; field?: unknown; errors?: { field?: unknown }[] };

/** The input field a 400 names, without the "body." the request wrapper puts in front. */
export function problemField(body: ProblemBody | null): string | undefined {
  const raw = typeof body?.field === "string" ? body.field : typeof body?.errors?.[0]?.field === "string" ? body.errors[0].field : undefined;
  return raw?.replace(/^body\./, "");
}

async function call<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as ProblemBody | null;
    throw new ApiProblem(res.status, problem?.title ?? (res.statusText || "Request failed"), problem?.detail ?? `The server answered ${res.status}`, problemField(problem));
  }
  return (await res.json()) as T;
}

const actionUrl = (s: BlockSubject, dryRun: boolean) =>
  `/api/v1/${s.kind === "event" ? "events" : "issues"}/${encodeURIComponent(s.id)}/actions/block${dryRun ? "/dry-run" : ""}`;

/** What blocking in this scope would do; no scope asks for the default (narrowest) one. */
export function previewBlock(subject: BlockSubject, scope: { scope: PolicyScope; scopeRef: string } | null, signal?: AbortSignal): Promise<BlockPreview> {
  return call(actionUrl(subject, true), scope ? { scope: scope.scope, ...(scope.scopeRef ? { scopeRef: scope.scopeRef } : {}) } : {}, signal);
}

export function blockDestination(subject: BlockSubject, input: BlockInput): Promise<BlockResult> {
  return call(actionUrl(subject, false), input);
}
