// Network policies on the bench tenant (1M events over 30 days): the effective policy an agent
// fetches with 10,000 rules in the tenant (through the route handler, agent token, ETag and
// serialisation included: the 304 answer, a body already built, and the first fetch after a
// change, which builds it), and the block dry run over 7 days for the
// busiest destinations, at the narrowest scope and globally.
import { NextRequest } from "next/server";
import { createAgentToken } from "../lib/admin/accounts";
import type { CallerContext } from "../lib/auth/context";
import { pool } from "../lib/db";
import { previewEventBlock } from "../lib/policies/block-preview";
import { forgetEffectivePolicies } from "../lib/policies/effective";
import { GET as effectiveRoute } from "../app/api/v1/network-policies/effective/route";
import { timeRuns } from "./lib/timing";

const RULES = 10_000;

/** 10,000 rules: 4,000 global, 2,000 in the agent's cluster, 1,000 in its namespace and 3,000 in other scopes. */
async function seedRules(tenantId: string, cluster: string, namespace: string): Promise<void> {
  const have = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM network_policy_rules WHERE tenant_id = $1`, [tenantId]);
  if (have.rows[0].n >= RULES) return;
  await pool().query(`DELETE FROM network_policies WHERE tenant_id = $1`, [tenantId]);
  const scopes: [string, string, number][] = [
    ["global", "", 4000], ["cluster", cluster, 2000], ["namespace", `${cluster}/${namespace}`, 1000],
    ["cluster", "bench-other", 1500], ["node", "bench-node", 1500],
  ];
  for (const [scope, ref, n] of scopes) {
    await pool().query(
      `WITH p AS (INSERT INTO network_policies (tenant_id, scope, scope_ref, mode) VALUES ($1, $2, $3, 'enforce') RETURNING id)
       INSERT INTO network_policy_rules (tenant_id, policy_id, type, value, action, reason, created_by, expires_at)
       SELECT $1, p.id,
              CASE WHEN i % 3 = 0 THEN 'domain' WHEN i % 3 = 1 THEN 'ip' ELSE 'cidr' END,
              CASE WHEN i % 3 = 0 THEN 'h' || i || '.' || $2 || '.bench.example'
                   WHEN i % 3 = 1 THEN '10.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256
                   ELSE '172.' || 16 + (i / 256) % 16 || '.' || i % 256 || '.0/24' END,
              CASE WHEN i % 5 = 0 THEN 'allow' ELSE 'deny' END, 'bench', 'bench',
              CASE WHEN i % 10 = 0 THEN now() + interval '30 days' END
         FROM p, generate_series(1, $4::int) AS i`,
      [tenantId, scope, ref, n],
    );
  }
  await pool().query("VACUUM ANALYZE network_policies, network_policy_rules");
}

export async function benchPolicies(tenantId: string, tenantSlug: string, runs: number, log: (line: string) => void) {
  const ctx: CallerContext = { tenantId, tenantIds: [tenantId], role: "analyst", actor: "bench", userId: null };
  const place = await pool().query<{ cluster: string; namespace: string }>(
    `SELECT cluster, namespace FROM events WHERE tenant_id = $1 AND cluster IS NOT NULL AND namespace IS NOT NULL
      GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    [tenantId],
  );
  const { cluster, namespace } = place.rows[0];
  await seedRules(tenantId, cluster, namespace);
  const token = (await createAgentToken({ tenant: tenantSlug, name: `bench-${Date.now()}` })).secret;
  const url = `http://vigil.test/api/v1/network-policies/effective?cluster=${encodeURIComponent(cluster)}&namespace=${encodeURIComponent(namespace)}&node=n1`;
  const call = async (etag?: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(etag ? { "if-none-match": etag } : {}) };
    const res = await effectiveRoute(new NextRequest(url, { headers }), { params: Promise.resolve({}) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, etag: res.headers.get("etag") ?? "", bytes };
  };
  const first = await call();
  const applying = (JSON.parse(new TextDecoder().decode(first.bytes)) as { rules: unknown[] }).rules.length;
  log(`effective policy: ${RULES.toLocaleString("en")} rules in the tenant, ${applying.toLocaleString("en")} apply to the agent (${(first.bytes.length / 1024).toFixed(0)} KiB); ${runs} runs each`);
  const full = await timeRuns(runs, () => call(), 3);
  log(`${"effective policy, 200 (body already built)".padEnd(48)} p50 ${full.p50.toFixed(1).padStart(7)} ms   p95 ${full.p95.toFixed(1).padStart(7)} ms   [< 20 ms]`);
  const cold = await timeRuns(runs, () => (forgetEffectivePolicies(), call()), 3);
  log(`${"effective policy, 200, first fetch after a change".padEnd(48)} p50 ${cold.p50.toFixed(1).padStart(7)} ms   p95 ${cold.p95.toFixed(1).padStart(7)} ms`);
  const cached = await timeRuns(runs, () => call(first.etag), 3);
  log(`${"effective policy, 304 (If-None-Match)".padEnd(48)} p50 ${cached.p50.toFixed(1).padStart(7)} ms   p95 ${cached.p95.toFixed(1).padStart(7)} ms   [< 20 ms]`);

  // Dry runs: an event of each of the 10 busiest destinations of the last 7 days, and 10 spread ones.
  const busy = await pool().query<{ id: string; destination: string; n: number }>(
    `WITH d AS (
       SELECT destination, count(*)::int AS n FROM events
        WHERE tenant_id = $1 AND destination IS NOT NULL AND occurred_at >= now() - interval '7 days'
        GROUP BY 1 ORDER BY 2 DESC
     ), picked AS ((SELECT * FROM d LIMIT 10) UNION ALL (SELECT * FROM d ORDER BY md5(destination) LIMIT 10))
     SELECT (SELECT id::text FROM events e WHERE e.tenant_id = $1 AND e.destination = picked.destination ORDER BY occurred_at DESC LIMIT 1) AS id,
            destination, n FROM picked`,
    [tenantId],
  );
  const ids = busy.rows.map((r) => r.id);
  log(`dry run: 20 destinations, the busiest with ${busy.rows[0]?.n.toLocaleString("en")} events in 7 days`);
  for (const scope of [undefined, "global"] as const) {
    const r = await timeRuns(runs, (i) => previewEventBlock({ ctx, input: { id: ids[(i + ids.length * 10) % ids.length], ...(scope ? { scope } : {}) } }), 3);
    const name = `block dry run, 7 days, ${scope ?? "narrowest"} scope`;
    log(`${name.padEnd(48)} p50 ${r.p50.toFixed(1).padStart(7)} ms   p95 ${r.p95.toFixed(1).padStart(7)} ms   [< 500 ms]`);
  }
  const worst = await timeRuns(Math.max(10, Math.floor(runs / 5)), () => previewEventBlock({ ctx, input: { id: ids[0], scope: "global" } }), 2);
  log(`${"block dry run, busiest destination, global".padEnd(48)} p50 ${worst.p50.toFixed(1).padStart(7)} ms   p95 ${worst.p95.toFixed(1).padStart(7)} ms   [< 500 ms]`);
}
