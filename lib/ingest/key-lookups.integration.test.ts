import type { PoolClient } from "pg";
import { describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { createTenant } from "../admin/accounts";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { selectKnownRawHashes, selectStoredEvents } from "./write-events";

withTestDatabase();

/** A client that plans each statement instead of running it, and keeps the plans. */
function planningClient(plans: string[]): PoolClient {
  return {
    query: async (sql: string, values: unknown[]) => {
      const res = await pool().query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, values);
      plans.push(res.rows.map((r) => r["QUERY PLAN"]).join("\n"));
      return { rows: [] };
    },
  } as unknown as PoolClient;
}

describe("ingest key lookups", () => {
  it("probe the unique index even for a tenant newer than the table's statistics", async () => {
    await pool().query("ALTER TABLE event_identities SET (autovacuum_enabled = false)");
    const known = await createTenant({ slug: "known", name: "Known" });
    await loadGeneratedEvents({ tenantId: known.id, count: 3000, days: 1, seed: 11 });
    await pool().query("ANALYZE event_identities");
    // Loaded after ANALYZE: the statistics know nothing of this tenant.
    const fresh = await createTenant({ slug: "fresh", name: "Fresh" });
    await loadGeneratedEvents({ tenantId: fresh.id, count: 3000, days: 1, seed: 12 });

    const keys = (await pool().query<{ event_key: string }>("SELECT event_key FROM events WHERE tenant_id = $1 LIMIT 1000", [fresh.id])).rows.map((r) => r.event_key);
    const hashes = (await pool().query<{ raw_hash: string }>("SELECT raw_hash FROM events WHERE tenant_id = $1 AND raw_hash IS NOT NULL AND source_format = 'garnet' LIMIT 1000", [fresh.id])).rows.map((r) => r.raw_hash);
    const plans: string[] = [];
    const client = planningClient(plans);
    await selectStoredEvents(client, fresh.id, keys);
    await selectKnownRawHashes(client, fresh.id, "garnet", hashes);

    expect(plans).toHaveLength(2);
    expect(plans[0]).toMatch(/Index Scan using event_identities_tenant_id_event_key_key on event_identities[\s\S]*Index Cond: \(\(tenant_id = \$\d+\) AND \(event_key = k\.key\)\)/);
    // Then the event's partition by its primary key (the others are pruned when it runs).
    expect(plans[0]).toMatch(/Index Cond: \(\(id = i\.id\) AND \(occurred_at = i\.occurred_at\)\)/);
    expect(plans[0]).not.toMatch(/Hash Join|Seq Scan on event_identities/);
    expect(plans[1]).toMatch(/Index Cond: \(\(tenant_id = \$\d+\) AND \(raw_hash = k\.hash\)\)/);

    // And they answer correctly for it.
    const real = await pool().connect();
    try {
      const stored = await selectStoredEvents(real, fresh.id, [...keys.slice(0, 5), "garnet:id:nowhere"]);
      expect(stored.size).toBe(5);
      expect([...stored.values()].every((e) => /^[0-9a-f]{64}$/.test(e.contentHash))).toBe(true);
      expect((await selectStoredEvents(real, known.id, keys.slice(0, 5))).size).toBe(0);
      expect((await selectKnownRawHashes(real, fresh.id, "garnet", hashes)).size).toBeGreaterThan(0);
      expect((await selectKnownRawHashes(real, known.id, "garnet", hashes)).size).toBe(0);
    } finally {
      real.release();
    }
  });
});
