// What a network policy's scope names, checked per scope. Pure: the policy form uses it too.

export const POLICY_SCOPES = ["global", "repo", "workflow", "cluster", "namespace", "node"] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

export const POLICY_MODES = ["bypass", "log", "enforce"] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export type ScopeRefResult = { ok: true; value: string } | { ok: false; error: string };

export const SCOPE_REF_MAX = 512;

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
/** A cluster or node name: no spaces, no slash (the namespace scope's separator), no control characters. */
const NAME = /^[^\s/\\:\u0000-\u001f\u007f]+$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const EXAMPLES: Record<Exclude<PolicyScope, "global">, string> = {
  repo: "owner/name",
  workflow: "owner/name:workflow-file",
  cluster: "a cluster name",
  namespace: "cluster/namespace",
  node: "a node name",
};

export function normalizeScopeRef(scope: PolicyScope, raw: string | undefined): ScopeRefResult {
  const ref = (raw ?? "").trim();
  if (scope === "global") return ref === "" ? { ok: true, value: "" } : { ok: false, error: "a global policy names no scope reference" };
  const fail = (why: string): ScopeRefResult => ({ ok: false, error: `${why}: a ${scope} policy names ${EXAMPLES[scope]}` });
  if (ref === "") return fail("required");
  if (ref.length > SCOPE_REF_MAX) return fail(`at most ${SCOPE_REF_MAX} characters`);
  switch (scope) {
    case "repo":
      return REPO.test(ref) ? { ok: true, value: ref } : fail(`"${ref}" is not owner/name`);
    case "workflow": {
      const colon = ref.indexOf(":");
      const repo = colon < 0 ? ref : ref.slice(0, colon);
      const file = colon < 0 ? "" : ref.slice(colon + 1).trim();
      if (!REPO.test(repo)) return fail(`"${repo}" is not owner/name`);
      if (file === "" || /[\u0000-\u001f\u007f]/.test(file)) return fail("the workflow file after ':' is missing or malformed");
      return { ok: true, value: `${repo}:${file}` };
    }
    case "cluster":
    case "node":
      return NAME.test(ref) ? { ok: true, value: ref } : fail(`"${ref}" has spaces, a slash or a colon`);
    case "namespace": {
      const parts = ref.split("/");
      if (parts.length !== 2 || !NAME.test(parts[0])) return fail(`"${ref}" is not cluster/namespace`);
      if (!NAMESPACE.test(parts[1])) return fail(`"${parts[1]}" is not a Kubernetes namespace (lower-case letters, digits and "-", at most 63)`);
      return { ok: true, value: ref };
    }
  }
}

/** Where an event or agent runs, as far as policies care. */
export interface ScopeContext {
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  repository: string | null;
  workflow: string | null;
}

export interface ScopeOption {
  scope: PolicyScope;
  scopeRef: string;
}

/**
 * Every scope whose policy applies to this context, narrowest first and global last: a
 * workflow's repository:workflow (as the agent reports the workflow), the cluster/namespace,
 * the node, the repository, the cluster. Names a scope would refuse are left out.
 */
export function scopesFor(c: ScopeContext): ScopeOption[] {
  const candidates: [PolicyScope, string | null][] = [
    ["workflow", c.repository && c.workflow ? `${c.repository}:${c.workflow}` : null],
    ["namespace", c.cluster && c.namespace ? `${c.cluster}/${c.namespace}` : null],
    ["node", c.node],
    ["repo", c.repository],
    ["cluster", c.cluster],
  ];
  const out: ScopeOption[] = [];
  for (const [scope, raw] of candidates) {
    if (!raw) continue;
    const ref = normalizeScopeRef(scope, raw);
    if (ref.ok) out.push({ scope, scopeRef: ref.value });
  }
  return [...out, { scope: "global", scopeRef: "" }];
}
