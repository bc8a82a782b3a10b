import { describe, expect, it } from "vitest";
import type { Body } from "../../test-support/route-call";
import { expectProblem, fieldOf, newPolicy, newRule, policyApi as p, policyWorkspace, rand } from "../../test-support/policy-api";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";

withTestDatabase();

// Network policies and their rules through the API: CRUD, normalised values, duplicates,
// conditional updates and lineage. Who may call what: access.integration.test.ts.

const w = policyWorkspace();
const keys = w.keys;

describe("network policies", () => {
  it("creates one policy per scope and reference, lists them by scope, and answers a second with a 409 naming the first", async () => {
    const global = await p.create(keys.admin, { scope: "global" });
    expect(global.status).toBe(201);
    expect(global.body).toMatchObject({ scope: "global", scopeRef: "", mode: "log", version: 1, ruleCount: 0 });
    expect(global.body.lastChange).toMatchObject({ action: "created", actor: expect.stringMatching(/^api-key:/), subjectType: "network_policy" });

    const ns = await p.create(keys.admin, { scope: "namespace", scopeRef: " prod-eu/payments ", mode: "enforce" });
    expect(ns.status).toBe(201);
    expect(ns.body).toMatchObject({ scope: "namespace", scopeRef: "prod-eu/payments", mode: "enforce" });

    const again = await p.create(keys.admin, { scope: "namespace", scopeRef: "prod-eu/payments", mode: "log" });
    expectProblem(again, 409, "duplicate namespace policy");
    expect(again.body.detail).toMatch(/namespace prod-eu\/payments/);
    expect(again.body.existing).toMatchObject({ id: ns.body.id, mode: "enforce" });
    expectProblem(await p.create(keys.admin, { scope: "global", scopeRef: "" }), 409, "second global policy");

    // Another tenant may have the same scope.
    expect((await p.create(keys.foreign, { scope: "namespace", scopeRef: "prod-eu/payments" })).status).toBe(201);

    const list = await p.list(keys.analyst);
    expect(list.status).toBe(200);
    const scopes = list.body.data.map((x: Body) => `${x.scope}:${x.scopeRef}`);
    expect(scopes[0]).toBe("global:");
    expect(scopes).toContain("namespace:prod-eu/payments");
    expect(list.body.data.every((x: Body) => typeof x.ruleCount === "number")).toBe(true);

    const one = await p.get(keys.manager, ns.body.id);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(ns.body);
  });

  it("validates the scope and its reference, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{}, "scope"],
      [{ scope: "planet" }, "scope"],
      [{ scope: "global", scopeRef: "prod" }, "scopeRef"],
      [{ scope: "repo" }, "scopeRef"],
      [{ scope: "repo", scopeRef: "just-a-name" }, "scopeRef"],
      [{ scope: "workflow", scopeRef: "acme/api" }, "scopeRef"],
      [{ scope: "namespace", scopeRef: "prod-eu" }, "scopeRef"],
      [{ scope: "cluster", scopeRef: "prod eu" }, "scopeRef"],
      [{ scope: "node", scopeRef: 5 }, "scopeRef"],
      [{ scope: "node", scopeRef: "n1", mode: "block" }, "mode"],
      [{ scope: "node", scopeRef: "n1", owner: "me" }, "owner"],
    ];
    for (const [body, field] of cases) {
      const res = await p.create(keys.admin, body);
      expectProblem(res, 400, JSON.stringify(body));
      expect(fieldOf(res.body), JSON.stringify(body)).toBe(field);
    }
  });

  it("changes the mode only on the version the caller saw (body or If-Match), with lineage", async () => {
    const policy = await newPolicy(keys.admin, { scope: "cluster", scopeRef: `prod-${rand()}` });
    const patched = await p.patch(keys.userAdmin, policy.id, { mode: "enforce", version: 1 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ mode: "enforce", version: 2, lastChange: { action: "updated", actor: "api-key:Ada key" } });

    const stale = await p.patch(keys.admin, policy.id, { mode: "bypass", version: 1 });
    expectProblem(stale, 409, "stale version");
    expect(stale.body.current).toMatchObject({ id: policy.id, mode: "enforce", version: 2 });

    const staleHeader = await p.patch(keys.admin, policy.id, { mode: "bypass", version: 2 }, { "if-match": '"1"' });
    expectProblem(staleHeader, 409, "If-Match wins over the body");
    const viaHeader = await p.patch(keys.admin, policy.id, { mode: "bypass" }, { "if-match": 'W/"2"' });
    expect(viaHeader.body).toMatchObject({ mode: "bypass", version: 3 });

    const noVersion = await p.patch(keys.admin, policy.id, { mode: "log" });
    expectProblem(noVersion, 400, "no version");
    expect(fieldOf(noVersion.body)).toBe("version");
    expect(fieldOf((await p.patch(keys.admin, policy.id, { mode: "loud", version: 3 })).body)).toBe("mode");
    expect(fieldOf((await p.patch(keys.admin, policy.id, { mode: "log", version: 3, scope: "global" })).body)).toBe("scope");

    const lineage = await p.lineage(keys.manager, policy.id);
    expect(lineage.status).toBe(200);
    expect(lineage.body.data.map((e: Body) => [e.subjectType, e.action, e.details?.after?.mode ?? null])).toEqual([
      ["network_policy", "created", null],
      ["network_policy", "updated", "enforce"],
      ["network_policy", "updated", "bypass"],
    ]);
    expect(lineage.body.data[1].details).toEqual({ changed: ["mode"], before: { mode: "log" }, after: { mode: "enforce" } });
  });

  it("stores rule values normalised and answers the same rule again with a 409 carrying the existing one", async () => {
    const policy = await newPolicy(keys.admin);
    const cases: [string, string, string][] = [
      ["domain", "*.MineXMR.com.", "*.minexmr.com"],
      ["domain", "Bücher.de", "xn--bcher-kva.de"],
      ["ip", "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
      ["ip", "203.0.113.7", "203.0.113.7"],
      ["cidr", "10.1.2.3/8", "10.0.0.0/8"],
      ["cidr", "2001:db8:ffff::1/32", "2001:db8::/32"],
    ];
    const created: Body[] = [];
    for (const [type, value, stored] of cases) {
      const res = await p.addRule(keys.admin, policy.id, { type, value, action: "deny", reason: "  miner pool " });
      expect(res.status, `${type} ${value}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body).toMatchObject({ policyId: policy.id, type, value: stored, action: "deny", reason: "miner pool", version: 1, expiresAt: null, expired: false });
      expect(res.body.createdBy).toMatch(/^api-key:/);
      created.push(res.body);
    }

    const dup = await p.addRule(keys.admin, policy.id, { type: "domain", value: "*.minexmr.COM", action: "deny" });
    expectProblem(dup, 409, "duplicate rule");
    expect(dup.body.existing).toMatchObject({ id: created[0].id, value: "*.minexmr.com" });
    expect(dup.body.detail).toMatch(/deny domain \*\.minexmr\.com/);
    // The same value allowed is another rule (the policy page flags the conflict).
    expect((await p.addRule(keys.admin, policy.id, { type: "domain", value: "*.minexmr.com", action: "allow" })).status).toBe(201);

    const rules = await p.rules(keys.analyst, policy.id);
    expect(rules.status).toBe(200);
    expect(rules.body.data).toHaveLength(cases.length + 1);
    expect(rules.body.data.map((r: Body) => r.value)).toEqual(expect.arrayContaining(cases.map((c) => c[2])));
    expect((await p.get(keys.analyst, policy.id)).body).toMatchObject({ ruleCount: cases.length + 1, lastChange: { subjectType: "network_policy_rule", action: "created" } });
    expect((await p.getRule(keys.manager, policy.id, created[2].id)).body).toEqual(created[2]);

    const { rows } = await pool().query(`SELECT value FROM network_policy_rules WHERE policy_id = $1 AND type = 'cidr' ORDER BY value`, [policy.id]);
    expect(rows.map((r) => r.value)).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
  });

  it("refuses malformed values with a 400 naming value, and other bad fields by name", async () => {
    const policy = await newPolicy(keys.admin);
    const bad: [string, string, RegExp][] = [
      ["cidr", "10.0.0.0/33", /0-32/],
      ["cidr", "2001:db8::/129", /0-128/],
      ["domain", "exa mple.com", /spaces/],
      ["domain", "*.", /wildcard/],
      ["ip", "999.1.1.1", /not an IPv4 address/],
      ["ip", "10.1", /not an IPv4 address/],
      ["domain", `${"a".repeat(62)}.`.repeat(4) + "com", /253/],
      ["domain", `${"a".repeat(64)}.com`, /63/],
      ["domain", "203.0.113.7", /IP address is not a domain/],
      ["domain", "a..b.com", /empty label/],
      ["domain", "", /required/],
    ];
    for (const [type, value, why] of bad) {
      const res = await p.addRule(keys.admin, policy.id, { type, value, action: "deny" });
      expectProblem(res, 400, `${type} ${value}`);
      expect(fieldOf(res.body)).toBe("value");
      expect(res.body.detail).toMatch(why);
    }
    const fields: [unknown, string][] = [
      [{ value: "a.com", action: "deny" }, "type"],
      [{ type: "url", value: "a.com", action: "deny" }, "type"],
      [{ type: "domain", action: "deny" }, "value"],
      [{ type: "domain", value: 5, action: "deny" }, "value"],
      [{ type: "domain", value: "a.com", action: "block" }, "action"],
      [{ type: "domain", value: "a.com", action: "deny", reason: "x".repeat(1001) }, "reason"],
      [{ type: "domain", value: "a.com", action: "deny", reason: "a\u0000b" }, "reason"],
      [{ type: "domain", value: "a.com", action: "deny", expiresAt: "tomorrow" }, "expiresAt"],
      [{ type: "domain", value: "a.com", action: "deny", expiresAt: "2020-01-01T00:00:00Z" }, "expiresAt"],
      [{ type: "domain", value: "a.com", action: "deny", createdBy: "someone" }, "createdBy"],
      [{ type: "domain", value: "a.com", action: "deny", sourceEventId: "1" }, "sourceEventId"],
    ];
    for (const [body, field] of fields) {
      const res = await p.addRule(keys.admin, policy.id, body);
      expectProblem(res, 400, JSON.stringify(body));
      expect(fieldOf(res.body), JSON.stringify(body)).toBe(field);
    }
    expect((await p.rules(keys.admin, policy.id)).body.data).toEqual([]);
  });

  it("edits a rule on its version, re-normalising its value, and records what changed", async () => {
    const policy = await newPolicy(keys.admin);
    const rule = await newRule(keys.admin, policy.id, { value: "api.example.com" });
    const other = await newRule(keys.admin, policy.id, { value: "cdn.example.com" });
    const expiry = new Date(Date.now() + 86_400_000).toISOString();

    const edited = await p.patchRule(keys.admin, policy.id, rule.id, { value: "*.Example.com.", reason: "whole zone", expiresAt: expiry, version: 1 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ value: "*.example.com", reason: "whole zone", expiresAt: expiry, version: 2, createdBy: rule.createdBy });

    const stale = await p.patchRule(keys.admin, policy.id, rule.id, { reason: "late", version: 1 });
    expectProblem(stale, 409, "stale rule");
    expect(stale.body.current).toMatchObject({ id: rule.id, version: 2, reason: "whole zone" });
    expectProblem(await p.patchRule(keys.admin, policy.id, rule.id, { reason: "late" }, { "if-match": '"1"' }), 409, "stale If-Match");

    const clash = await p.patchRule(keys.admin, policy.id, other.id, { value: "*.EXAMPLE.com", version: 1 });
    expectProblem(clash, 409, "edit into a duplicate");
    expect(clash.body.existing).toMatchObject({ id: rule.id });

    const badValue = await p.patchRule(keys.admin, policy.id, other.id, { value: "exa mple.com", version: 1 });
    expect(fieldOf(badValue.body)).toBe("value");
    const badType = await p.patchRule(keys.admin, policy.id, other.id, { type: "cidr", version: 1 });
    expectProblem(badType, 400, "type change that the value does not fit");
    expect(fieldOf(badType.body)).toBe("value");
    expect(fieldOf((await p.patchRule(keys.admin, policy.id, other.id, { version: 1 })).body)).toBe("value");
    expect(fieldOf((await p.patchRule(keys.admin, policy.id, other.id, { reason: "x" })).body)).toBe("version");

    const retyped = await p.patchRule(keys.admin, policy.id, other.id, { type: "ip", value: "::FFFF:0:1", action: "allow", expiresAt: null }, { "if-match": '"1"' });
    expect(retyped.status, JSON.stringify(retyped.body)).toBe(200);
    expect(retyped.body).toMatchObject({ type: "ip", value: "::ffff:0:1", action: "allow", version: 2 });

    const cleared = await p.patchRule(keys.admin, policy.id, rule.id, { expiresAt: null, version: 2 });
    expect(cleared.body).toMatchObject({ expiresAt: null, version: 3 });
    // Nothing to change: the version stays, and no lineage entry is written.
    expect((await p.patchRule(keys.admin, policy.id, rule.id, { reason: "whole zone", version: 3 })).body.version).toBe(3);

    const lineage = await p.lineage(keys.analyst, policy.id);
    const ofRule = lineage.body.data.filter((e: Body) => e.subjectId === rule.id);
    expect(ofRule.map((e: Body) => e.action)).toEqual(["created", "updated", "updated"]);
    expect(ofRule[1].details).toEqual({
      policyId: policy.id,
      changed: ["value", "reason", "expiresAt"],
      before: { value: "api.example.com", reason: "", expiresAt: null },
      after: { value: "*.example.com", reason: "whole zone", expiresAt: expiry },
    });
  });

  it("deletes rules and policies (If-Match optional), keeping their lineage", async () => {
    const policy = await newPolicy(keys.admin);
    const a = await newRule(keys.admin, policy.id);
    const b = await newRule(keys.admin, policy.id, { type: "cidr", value: "192.0.2.0/24" });
    const c = await newRule(keys.admin, policy.id, { type: "ip", value: "192.0.2.9", action: "allow" });

    expectProblem(await p.removeRule(keys.admin, policy.id, a.id, { "if-match": '"7"' }), 409, "stale rule delete");
    expect((await p.removeRule(keys.admin, policy.id, a.id, { "if-match": '"1"' })).status).toBe(204);
    expectProblem(await p.removeRule(keys.admin, policy.id, a.id), 404, "deleted rule");
    expectProblem(await p.getRule(keys.admin, policy.id, a.id), 404, "deleted rule read");
    expect((await p.get(keys.admin, policy.id)).body).toMatchObject({ ruleCount: 2, lastChange: { action: "deleted", subjectType: "network_policy_rule" } });

    const stale = await p.remove(keys.admin, policy.id, { "if-match": '"9"' });
    expectProblem(stale, 409, "stale policy delete");
    expect(stale.body.current).toMatchObject({ id: policy.id, ruleCount: 2 });
    expect((await p.remove(keys.admin, policy.id)).status).toBe(204);
    expectProblem(await p.get(keys.admin, policy.id), 404, "deleted policy");
    expectProblem(await p.rules(keys.admin, policy.id), 404, "deleted policy's rules");
    expectProblem(await p.lineage(keys.admin, policy.id), 404, "deleted policy's lineage");

    const { rows } = await pool().query(
      `SELECT subject_type, subject_id, action, details FROM lineage_entries WHERE tenant_id = $1 AND (subject_id = $2 OR details ->> 'policyId' = $2) ORDER BY id`,
      [w.acme.tenant.id, policy.id],
    );
    expect(rows.map((r) => `${r.subject_type} ${r.subject_id === policy.id ? "policy" : [a.id, b.id, c.id].indexOf(r.subject_id)} ${r.action}`)).toEqual([
      "network_policy policy created",
      "network_policy_rule 0 created",
      "network_policy_rule 1 created",
      "network_policy_rule 2 created",
      "network_policy_rule 0 deleted",
      "network_policy_rule 1 deleted",
      "network_policy_rule 2 deleted",
      "network_policy policy deleted",
    ]);
    expect(rows[5].details).toMatchObject({ policyId: policy.id, type: "cidr", value: "192.0.2.0/24", cause: "policy deleted" });
    expect(rows[7].details).toMatchObject({ scope: "node", ruleCount: 2 });
    const { rows: left } = await pool().query(`SELECT count(*)::int AS n FROM network_policy_rules WHERE policy_id = $1`, [policy.id]);
    expect(left[0].n).toBe(0);
  });

  it("pages a policy's lineage by cursor", async () => {
    const policy = await newPolicy(keys.admin);
    for (let i = 0; i < 4; i++) await newRule(keys.admin, policy.id);
    const first = await p.lineage(keys.admin, policy.id, "?limit=3");
    expect(first.body.data).toHaveLength(3);
    expect(first.body.nextCursor).toBe(first.body.data[2].id);
    const second = await p.lineage(keys.admin, policy.id, `?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    expectProblem(await p.lineage(keys.admin, policy.id, "?cursor=abc"), 400, "bad cursor");
  });

  it("answers 16 concurrent creations of the same rule with one 201 and 409s", async () => {
    const policy = await newPolicy(keys.admin);
    const results = await Promise.all(Array.from({ length: 16 }, () => p.addRule(keys.admin, policy.id, { type: "domain", value: "race.example.com", action: "deny" })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
    const id = results.find((r) => r.status === 201)!.body.id;
    expect(results.filter((r) => r.status === 409).every((r) => r.body.existing?.id === id)).toBe(true);
  });
});
