import { describe, expect, it } from "vitest";
import { normalizeScopeRef, scopesFor, type PolicyScope } from "./scope-ref";

const GOOD: [PolicyScope, string | undefined, string][] = [
  ["global", undefined, ""],
  ["global", "", ""],
  ["global", "  ", ""],
  ["repo", "garnet-org/runtime-review-testbed", "garnet-org/runtime-review-testbed"],
  ["repo", " acme/api.v2 ", "acme/api.v2"],
  ["workflow", "acme/api:.github/workflows/ci.yml", "acme/api:.github/workflows/ci.yml"],
  ["workflow", "acme/api:ci.yml", "acme/api:ci.yml"],
  ["cluster", "prod-eu", "prod-eu"],
  ["namespace", "prod-eu/payments", "prod-eu/payments"],
  ["node", "ip-10-0-0-1.ec2.internal", "ip-10-0-0-1.ec2.internal"],
];

const BAD: [PolicyScope, string | undefined, RegExp][] = [
  ["global", "prod", /names no scope reference/],
  ["repo", undefined, /required: a repo policy names owner\/name/],
  ["repo", "", /required/],
  ["repo", "acme", /not owner\/name/],
  ["repo", "acme/api/extra", /not owner\/name/],
  ["repo", "acme/ api", /not owner\/name/],
  ["workflow", "acme/api", /workflow file/],
  ["workflow", "acme/api:", /workflow file/],
  ["workflow", "acme:ci.yml", /not owner\/name/],
  ["cluster", "prod eu", /spaces, a slash or a colon/],
  ["cluster", "prod/eu", /spaces, a slash or a colon/],
  ["namespace", "prod-eu", /not cluster\/namespace/],
  ["namespace", "prod-eu/Payments", /not a Kubernetes namespace/],
  ["namespace", "prod-eu/a/b", /not cluster\/namespace/],
  ["namespace", `prod/${"a".repeat(64)}`, /not a Kubernetes namespace/],
  ["node", "", /required: a node policy names a node name/],
  ["node", "x".repeat(513), /at most 512/],
];

describe("normalizeScopeRef", () => {
  it.each(GOOD)("keeps %s %j as %j", (scope, raw, value) => {
    expect(normalizeScopeRef(scope, raw)).toEqual({ ok: true, value });
  });

  it.each(BAD)("refuses %s %j", (scope, raw, why) => {
    const result = normalizeScopeRef(scope, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(why);
  });
});

describe("scopesFor", () => {
  it("lists the scopes that apply, narrowest first and global last, leaving out names a scope refuses", () => {
    expect(scopesFor({ cluster: "prod-eu", namespace: "payments", node: "n1", repository: null, workflow: null })).toEqual([
      { scope: "namespace", scopeRef: "prod-eu/payments" }, { scope: "node", scopeRef: "n1" }, { scope: "cluster", scopeRef: "prod-eu" }, { scope: "global", scopeRef: "" },
    ]);
    expect(scopesFor({ cluster: null, namespace: null, node: null, repository: "acme/api", workflow: "CI" })).toEqual([
      { scope: "workflow", scopeRef: "acme/api:CI" }, { scope: "repo", scopeRef: "acme/api" }, { scope: "global", scopeRef: "" },
    ]);
    expect(scopesFor({ cluster: "prod eu", namespace: "Bad_NS", node: null, repository: null, workflow: null })).toEqual([{ scope: "global", scopeRef: "" }]);
  });
});
