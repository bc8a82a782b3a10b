import { pool } from "@/lib/db";
import { withTransaction } from "@/lib/db/transaction";
import { groupEvents, pendingCandidateOf } from "./group-events";

// One-off: groups events stored before grouping existed (or before a tenant's events were
// grouped), oldest first, in batches through the same groupEvents ingest uses. Idempotent:
// events already in an issue are skipped, so it may be run again or stopped half-way.

const BATCH = 2000;

interface StoredRow {
  id: string;
  occurred_at: Date;
  kind: string;
  type: string;
  severity: string;
  source_format: string;
  policy_name: string | null;
  flags: string[];
  cluster: string | null;
  namespace: string | null;
  pod: string | null;
  repository: string | null;
  workflow: string | null;
  domain: string | null;
  dns_names: string[];
  remote_address: string | null;
  file_path: string | null;
  process_exe: string | null;
  agent_id: string | null;
  agent_key: string | null;
}

export async function backfillIssues(opts: { tenantId?: string; onProgress?: (scanned: number, grouped: number) => void } = {}) {
  const tenants = opts.tenantId
    ? [opts.tenantId]
    : (await pool().query<{ id: string }>(`SELECT id FROM tenants ORDER BY created_at`)).rows.map((r) => r.id);
  let scanned = 0;
  let grouped = 0;
  for (const tenantId of tenants) {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const res: { rows: StoredRow[] } = await pool().query<StoredRow>(
        `SELECT e.id::text, e.occurred_at, e.kind, e.type, e.severity, e.source_format, e.policy_name, e.flags, e.cluster,
                e.namespace, e.pod, e.repository, e.workflow, e.domain, e.dns_names, e.remote_address, e.file_path,
                e.process_exe, e.agent_id, a.external_key AS agent_key
           FROM events e LEFT JOIN agents a ON a.id = e.agent_id
          WHERE e.tenant_id = $1 AND ($2::timestamptz IS NULL OR (e.occurred_at, e.id) > ($2::timestamptz, $3::bigint))
            AND NOT EXISTS (SELECT 1 FROM issue_events ie WHERE ie.event_id = e.id)
          ORDER BY e.occurred_at, e.id LIMIT ${BATCH}`,
        [tenantId, after?.at ?? null, after?.id ?? null],
      );
      if (res.rows.length === 0) break;
      const last: StoredRow = res.rows[res.rows.length - 1];
      after = { at: last.occurred_at, id: last.id };
      scanned += res.rows.length;
      const candidates = res.rows.flatMap((r) => {
        const occurredAt = r.occurred_at.toISOString();
        const c = pendingCandidateOf(
          {
            occurredAt, kind: r.kind, type: r.type, severity: r.severity, sourceFormat: r.source_format, policyName: r.policy_name,
            flags: r.flags, cluster: r.cluster, namespace: r.namespace, pod: r.pod, repository: r.repository, workflow: r.workflow,
            domain: r.domain, dnsNames: r.dns_names, remoteAddress: r.remote_address, filePath: r.file_path, processExe: r.process_exe,
          },
          r.agent_key ?? "",
        );
        return c ? [{ ...c, eventId: r.id, agentId: r.agent_id }] : [];
      });
      if (candidates.length > 0) {
        const now = new Date().toISOString();
        // Passed as "updated": an event grouped meanwhile by a concurrent ingest is skipped.
        const plan = await withTransaction((client) =>
          groupEvents(client, { tenantId, actor: "system:backfill", now }, candidates, candidates.map((c) => c.eventId)),
        );
        grouped += plan?.links.length ?? 0;
      }
      opts.onProgress?.(scanned, grouped);
    }
  }
  return { scanned, grouped };
}
