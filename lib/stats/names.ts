import "server-only";
import { readQuery } from "@/lib/db/replica";
import { isUuid } from "@/lib/events/pg-limits";

// Names of the agents and users statistics group by (their keys are ids), tenant-scoped.

/** Agent id → name, for the tenant's agents among `ids`. */
export async function agentNames(tenantId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...ids].filter(isUuid);
  if (list.length === 0) return new Map();
  const res = await readQuery<{ id: string; name: string }>("SELECT id, name FROM agents WHERE tenant_id = $1 AND id = ANY($2::uuid[])", [tenantId, list]);
  return new Map(res.rows.map((r) => [r.id, r.name]));
}

/** User id → name, for members of the tenant among `ids`. */
export async function memberNames(tenantId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const list = [...ids].filter(isUuid);
  if (list.length === 0) return new Map();
  const res = await readQuery<{ id: string; name: string }>(
    "SELECT u.id, u.name FROM users u JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $1 WHERE u.id = ANY($2::uuid[])",
    [tenantId, list],
  );
  return new Map(res.rows.map((r) => [r.id, r.name]));
}
