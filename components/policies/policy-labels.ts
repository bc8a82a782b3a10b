import { actorOf } from "@/lib/lineage/format-entry";
import { scopeLabel } from "@/lib/policies/match";
import type { PolicyLastChange } from "@/lib/policies/schemas";
import type { PolicyMode, PolicyScope } from "@/lib/policies/scope-ref";

// What the policy pages call scopes, modes and changes. Pure.

export const SCOPE_LABEL: Record<PolicyScope, string> = {
  global: "Global",
  repo: "Repository",
  workflow: "Workflow",
  cluster: "Cluster",
  namespace: "Namespace",
  node: "Node",
};

/** Which agents a policy of the scope applies to. */
export const SCOPE_HINT: Record<PolicyScope, string> = {
  global: "Every agent of the tenant",
  repo: "CI/CD runs of one repository",
  workflow: "Runs of one workflow of a repository",
  cluster: "Every workload of one Kubernetes cluster",
  namespace: "Workloads of one namespace of a cluster",
  node: "One node or host",
};

export const SCOPE_REF_PLACEHOLDER: Record<PolicyScope, string> = {
  global: "",
  repo: "owner/name",
  workflow: "owner/name:.github/workflows/ci.yml",
  cluster: "prod-eu",
  namespace: "prod-eu/payments",
  node: "node-1",
};

export const MODE_HINT: Record<PolicyMode, string> = {
  bypass: "Ignored: its rules apply nowhere",
  log: "Denied connections are reported, not blocked",
  enforce: "Agents block denied destinations",
};

const RULE_CHANGE: Record<string, string> = { created: "Rule added", updated: "Rule edited", deleted: "Rule deleted" };
// A policy's own "updated" entries are mode changes: the mode is all that can be edited.
const POLICY_CHANGE: Record<string, string> = { created: "Policy created", updated: "Mode changed", deleted: "Policy deleted" };

/** "Rule added", "Mode changed". */
export function changeText(change: PolicyLastChange): string {
  const rule = change.subjectType === "network_policy_rule";
  return (rule ? RULE_CHANGE : POLICY_CHANGE)[change.action] ?? `${rule ? "Rule" : "Policy"} ${change.action}`;
}

/** "ana@example.com" of "user:ana@example.com". */
export function actorName(raw: string): string {
  return actorOf(raw).name;
}

/** "every agent of the tenant", "the agents in namespace prod-eu/payments". */
export function agentsOf(scope: PolicyScope, scopeRef: string): string {
  return scope === "global" ? "every agent of the tenant" : `the agents in ${scopeLabel(scope, scopeRef)}`;
}
