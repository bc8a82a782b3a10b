import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CallerContext } from "@/lib/auth/context";
import { roleCan } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { isUuid, pgText } from "@/lib/events/pg-limits";
import { parseOrThrow } from "@/lib/events/schemas";
import { applyingDigest, loadApplying, type AppliedPolicy, type AppliedRule } from "./applying";
import { inApplicationOrder } from "./match";
import { scopesFor, type ScopeContext } from "./scope-ref";

// What an agent enforces: the rules of every policy that applies to its context (global, its
// cluster, namespace and node, or its repository and workflow), in the order to apply them.

const Name = pgText(z.string({ error: "must be text" })).trim().min(1, "must not be empty").max(512, "at most 512 characters");

export const EffectivePolicyInput = z.strictObject({
  /** An agent Vigil knows (its id or external key): its last reported context fills what the query leaves out. */
  agent: Name.optional(),
  cluster: Name.optional(),
  namespace: Name.optional(),
  node: Name.optional(),
  repository: Name.optional(),
  workflow: Name.optional(),
});
export type EffectivePolicyInput = z.input<typeof EffectivePolicyInput>;

export const EVALUATION =
  "First matching rule wins. Rules are ordered narrowest scope first (workflow, namespace, node; then repo, cluster; then global), " +
  "then most specific value (exact domain or IP, then longer wildcard or prefix), deny before allow. " +
  "A domain rule matches the original domain asked for (`*.x` matches subdomains of x, not x); ip and cidr rules match the remote address. " +
  "A rule in a log-mode policy is reported, not enforced.";

export interface EffectivePolicy {
  context: ScopeContext;
  policies: AppliedPolicy[];
  rules: AppliedRule[];
  /** When the next rule expires: the response changes then without any write. */
  nextExpiry: string | null;
  evaluation: string;
}

/** The effective policy as served: its JSON, encoded once, and its ETag. */
export interface EffectivePolicyResponse {
  etag: string;
  /** Null when the caller's If-None-Match already names this version (a 304). */
  json: Uint8Array | null;
}

// Agents poll; between changes they all ask for the same few bodies. Bodies are kept by ETag
// (which names their content exactly), a bounded number of them, per process.
const CACHE_MAX_ENTRIES = 64;
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Uint8Array>();
let cachedBytes = 0;

function remember(etag: string, json: Uint8Array) {
  if (json.length > CACHE_MAX_BYTES / 4) return;
  cache.set(etag, json);
  cachedBytes += json.length;
  for (const [key, value] of cache) {
    if (cache.size <= CACHE_MAX_ENTRIES && cachedBytes <= CACHE_MAX_BYTES) break;
    cache.delete(key);
    cachedBytes -= value.length;
  }
}

/** Forgets the cached bodies (benchmarks measure the first fetch after a change with it). */
export function forgetEffectivePolicies() {
  cache.clear();
  cachedBytes = 0;
}

/**
 * The effective policy for the context the query names; `ifNoneMatch` is the request's header.
 * The ETag comes from a digest the database computes, so an agent whose policy did not change
 * gets its 304 without a rule being read, and a body already built is served from memory.
 */
export async function getEffectivePolicy({ ctx, input, ifNoneMatch = null }: { ctx: CallerContext; input: Record<string, unknown>; ifNoneMatch?: string | null }): Promise<EffectivePolicyResponse> {
  if (!roleCan(ctx.role, "effectivePolicy")) throw new ForbiddenError();
  const query = parseOrThrow(EffectivePolicyInput, input);
  const context = await contextOf(ctx, query);
  const scopes = scopesFor(context);
  const now = new Date();
  const digest = await applyingDigest(ctx.tenantId, scopes, now);
  const etag = `"${createHash("sha256").update(JSON.stringify([ctx.tenantId, context, digest])).digest("base64url").slice(0, 27)}"`;
  if (etagMatches(ifNoneMatch, etag)) return { etag, json: null };
  const cached = cache.get(etag);
  if (cached !== undefined) return { etag, json: cached };
  const { policies, rules } = await loadApplying(ctx.tenantId, scopes, now);
  const ordered = inApplicationOrder(rules);
  const expiries = ordered.map((r) => r.expiresAt).filter((x): x is string => x !== null).sort();
  const body: EffectivePolicy = { context, policies, rules: ordered, nextExpiry: expiries[0] ?? null, evaluation: EVALUATION };
  const json = new TextEncoder().encode(JSON.stringify(body));
  remember(etag, json);
  return { etag, json };
}

async function contextOf(ctx: CallerContext, q: z.infer<typeof EffectivePolicyInput>): Promise<ScopeContext> {
  let known: Partial<ScopeContext> = {};
  if (q.agent !== undefined) {
    const agent = await prisma.agent.findFirst({
      where: { tenantId: ctx.tenantId, ...(isUuid(q.agent) ? { OR: [{ id: q.agent }, { externalKey: q.agent }] } : { externalKey: q.agent }) },
      select: { cluster: true, namespace: true, node: true, repository: true, workflow: true },
    });
    if (!agent) throw new NotFoundError("Agent");
    known = agent;
  }
  const pick = (k: keyof ScopeContext) => q[k] ?? known[k] ?? null;
  return { cluster: pick("cluster"), namespace: pick("namespace"), node: pick("node"), repository: pick("repository"), workflow: pick("workflow") };
}

/** Does an If-None-Match header name this ETag (or `*`)? */
export function etagMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}
