import { describe, expect, it } from "vitest";
import { callRoute, type Body } from "../../test-support/route-call";
import { expectProblem, fieldOf, newPolicy, newRule, policyWorkspace, routes } from "../../test-support/policy-api";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";

withTestDatabase();

// GET /network-policies/{id}/rules: filter, sort and pages on the server, and the conflicts of the
// whole policy with each page.

const w = policyWorkspace();
const keys = w.keys;

const rules = (token: string, id: string, query = "") => callRoute(routes.listRulesRoute, "GET", `/network-policies/${id}/rules${query}`, { token, params: { id } });
const values = (body: Body) => body.data.map((r: Body) => r.value);

describe("listing a policy's rules", () => {
  it("filters on value and reason (literally, any case), sorts, and pages", async () => {
    const policy = await newPolicy(keys.admin);
    await newRule(keys.admin, policy.id, { value: "b.example.com", reason: "Miner pool" });
    await newRule(keys.admin, policy.id, { value: "a.example.com", action: "allow" });
    await newRule(keys.admin, policy.id, { type: "ip", value: "203.0.113.7", reason: "C2 seen in issue 4" });
    await newRule(keys.admin, policy.id, { type: "cidr", value: "10.0.0.0/8", action: "allow", reason: "100% internal" });
    await newRule(keys.admin, policy.id, { value: "under_score.example.com" });
    await newRule(keys.admin, policy.id, { value: "underXscore.example.com", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });

    // Without parameters: every rule, by type, value and action, as before paging existed.
    const all = await rules(keys.analyst, policy.id);
    expect(all.status).toBe(200);
    expect(values(all.body)).toEqual(["10.0.0.0/8", "a.example.com", "b.example.com", "under_score.example.com", "underxscore.example.com", "203.0.113.7"]);
    expect(all.body).toMatchObject({ total: 6, page: 1, pageCount: 1, limit: 500, conflictCount: 0, conflicts: {} });

    expect(values((await rules(keys.manager, policy.id, "?q=MINER")).body)).toEqual(["b.example.com"]);
    expect(values((await rules(keys.admin, policy.id, "?q=100%25")).body)).toEqual(["10.0.0.0/8"]);
    expect(values((await rules(keys.admin, policy.id, "?q=under_")).body)).toEqual(["under_score.example.com"]);
    expect(values((await rules(keys.admin, policy.id, "?q=example&sort=-value")).body)).toEqual(["underxscore.example.com", "under_score.example.com", "b.example.com", "a.example.com"]);
    expect(values((await rules(keys.admin, policy.id, "?sort=action")).body).slice(0, 2)).toEqual(["10.0.0.0/8", "a.example.com"]);
    expect(values((await rules(keys.admin, policy.id, "?sort=-created")).body)[0]).toBe("underxscore.example.com");
    // Rules that never expire come last in both directions.
    expect(values((await rules(keys.admin, policy.id, "?sort=expires")).body)[0]).toBe("underxscore.example.com");
    expect(values((await rules(keys.admin, policy.id, "?sort=-expires")).body)[0]).toBe("underxscore.example.com");

    const first = await rules(keys.admin, policy.id, "?sort=value&limit=4");
    expect(first.body).toMatchObject({ total: 6, page: 1, pageCount: 2 });
    const second = await rules(keys.admin, policy.id, "?sort=value&limit=4&page=2");
    expect([...values(first.body), ...values(second.body)]).toEqual(["10.0.0.0/8", "203.0.113.7", "a.example.com", "b.example.com", "under_score.example.com", "underxscore.example.com"]);
    // A page past the end answers the last one.
    expect((await rules(keys.admin, policy.id, "?sort=value&limit=4&page=9")).body).toMatchObject({ page: 2, data: second.body.data });

    for (const [query, field] of [["?sort=colour", "sort"], ["?limit=0", "limit"], ["?page=0", "page"], ["?conflicts=maybe", "conflicts"]]) {
      const res = await rules(keys.admin, policy.id, query);
      expectProblem(res, 400, query);
      expect(fieldOf(res.body), query).toBe(field);
    }
  });

  it("flags conflicts across the whole policy, not only the page, and can list only those", async () => {
    const policy = await newPolicy(keys.admin);
    const wildcard = await newRule(keys.admin, policy.id, { value: "*.example.com", action: "deny" });
    const narrow = await newRule(keys.admin, policy.id, { value: "api.example.com", action: "allow" });
    await newRule(keys.admin, policy.id, { type: "ip", value: "192.0.2.1", action: "deny" });
    await newRule(keys.admin, policy.id, { type: "ip", value: "192.0.2.1", action: "allow" });
    await newRule(keys.admin, policy.id, { value: "quiet.example.org" });

    // The deny of *.example.com that the allow overrides is not on the page.
    const page = await rules(keys.admin, policy.id, "?q=api");
    expect(values(page.body)).toEqual(["api.example.com"]);
    expect(page.body.conflictCount).toBe(3);
    expect(page.body.conflicts).toEqual({ [narrow.id]: [expect.objectContaining({ kind: "shadowed", otherValue: "*.example.com", otherAction: "deny" })] });
    expect(page.body.conflicts[wildcard.id]).toBeUndefined();

    const only = await rules(keys.admin, policy.id, "?conflicts=true");
    expect(only.body.total).toBe(3);
    expect(values(only.body).sort()).toEqual(["192.0.2.1", "192.0.2.1", "api.example.com"]);
  });

  it("pages a policy of 10,000 rules, with the conflicts of them all", async () => {
    const policy = await newPolicy(keys.admin);
    await pool().query(
      `INSERT INTO network_policy_rules (id, tenant_id, policy_id, type, value, action, reason, created_by, created_at)
       SELECT gen_random_uuid(), $1, $2, 'domain', 'h' || i || '.example.com', CASE WHEN i % 2 = 0 THEN 'allow' ELSE 'deny' END, 'bulk ' || i, 'system',
              now() - i * interval '1 second'
         FROM generate_series(1, 10000) i`,
      [w.acme.tenant.id, policy.id],
    );
    await newRule(keys.admin, policy.id, { value: "*.example.com", action: "deny" });

    const page = await rules(keys.admin, policy.id, "?sort=-created&limit=50&page=37&q=example");
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 10_001, page: 37, pageCount: 201 });
    expect(page.body.data).toHaveLength(50);
    // Every allow under the deny of *.example.com is flagged.
    expect(page.body.conflictCount).toBe(5000);
    expect(page.body.data.map((r: Body) => r.value)).toEqual(Array.from({ length: 50 }, (_, i) => `h${1800 + i}.example.com`));
  });

  it("answers 404 for another tenant's policy", async () => {
    const policy = await newPolicy(keys.admin);
    expectProblem(await rules(keys.foreign, policy.id, "?page=2"), 404, "foreign policy");
  });
});
