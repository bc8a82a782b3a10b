// The demo's network policies: what an admin sets up and analysts add by blocking — a global
// policy in log mode with a few known-bad wildcards, an enforced cluster policy with an allow
// under a broader deny (a flagged override), and one-click blocks of the week's bad destinations.
// Made through the same lib/ operations the console and the API call.
import type { CallerContext } from "../../lib/auth/context";
import { pool, prisma } from "../../lib/db";
import { BAD_DOMAINS, MINER_DOMAINS, REVERSE_SHELL_ENDPOINTS } from "../../lib/generate/domains";
import { blockEvent } from "../../lib/policies/block";
import { previewEventBlock } from "../../lib/policies/block-preview";
import { createPolicy } from "../../lib/policies/create-policy";
import { createRule } from "../../lib/policies/create-rule";

interface Person {
  id: string;
  email: string;
}

const ctxOf = (tenantId: string, p: Person, role: "admin" | "analyst"): CallerContext => ({
  tenantId, tenantIds: [tenantId], role, actor: `user:${p.email}`, userId: p.id,
  origin: { via: "cli", address: null, userAgent: null },
});

const GLOBAL_RULES = [
  { type: "domain", value: "*.minexmr.com", action: "deny", reason: "Monero mining pools" },
  { type: "domain", value: "*.nanopool.org", action: "deny", reason: "Mining pools" },
  { type: "domain", value: "*.duckdns.org", action: "deny", reason: "Dynamic DNS is not used by any of our services" },
  { type: "cidr", value: "198.51.100.0/24", action: "deny", reason: "Threat-intel feed: C2 range" },
  { type: "domain", value: "registry.npmjs.org", action: "allow", reason: "Package installs in CI" },
];

/** Sets up the demo tenant's policies and blocks, unless it has policies already. Answers the blocks made. */
export async function seedDemoPolicies(tenantId: string, analyst: Person, admin: Person): Promise<number> {
  if ((await prisma.networkPolicy.count({ where: { tenantId } })) > 0) return 0;
  const ada = ctxOf(tenantId, admin, "admin");
  const sam = ctxOf(tenantId, analyst, "analyst");

  const global = await createPolicy({ ctx: ada, input: { scope: "global", mode: "log" } });
  for (const rule of GLOBAL_RULES) await createRule({ ctx: ada, input: { id: global.id, ...rule } });

  const busiest = await pool().query<{ cluster: string }>(
    `SELECT cluster FROM events WHERE tenant_id = $1 AND cluster IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    [tenantId],
  );
  const cluster = busiest.rows[0]?.cluster;
  if (cluster) {
    const prod = await createPolicy({ ctx: ada, input: { scope: "cluster", scopeRef: cluster, mode: "enforce" } });
    await createRule({ ctx: ada, input: { id: prod.id, type: "domain", value: "*.amazonaws.com", action: "deny", reason: "Workloads reach AWS through the VPC endpoints only" } });
    await createRule({ ctx: ada, input: { id: prod.id, type: "domain", value: "sqs.eu-west-1.amazonaws.com", action: "allow", reason: "Order queue" } });
  }

  // An analyst's week: blocks from the newest event of each known-bad destination the week saw, at the narrowest scope.
  const bad = [...MINER_DOMAINS, ...BAD_DOMAINS, ...REVERSE_SHELL_ENDPOINTS.map((e) => e.ip)];
  const detections = await pool().query<{ id: string }>(
    `SELECT DISTINCT ON (destination) id::text FROM events
      WHERE tenant_id = $1 AND destination = ANY($2::text[])
      ORDER BY destination, severity_rank(severity) DESC, occurred_at DESC LIMIT 6`,
    [tenantId, bad],
  );
  let blocks = 0;
  for (const [k, { id }] of detections.rows.entries()) {
    const preview = await previewEventBlock({ ctx: sam, input: { id } });
    const scope = k % 3 === 2 ? { scope: "global" } : { scope: preview.scope, scopeRef: preview.scopeRef };
    const result = await blockEvent({ ctx: sam, input: { id, ...scope, reason: "Seen in a detection; none of our workloads needs this destination" } });
    if (result.created) blocks++;
  }
  return blocks;
}
