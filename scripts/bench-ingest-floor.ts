// The floor of PostgreSQL's cost per new event: what the database alone needs to store what
// ingest stores, with no JavaScript at all. Rows are built beforehand in a temporary table (no
// JSON, no parsing, no key lookups, no agents or process nodes), then copied set-based into
// event_identities, events (all its indexes and the rollup trigger), event_payloads and one "created" lineage
// entry each, 1,000 events per transaction, as ingest's batches. Each session writes into a
// tenant of its own; sessions run in parallel, so two of them can use both cores.
import { Client } from "pg";

const COLUMNS =
  "event_key, content_hash, raw_hash, occurred_at, received_at, updated_at, kind, type, severity, source_format, title, agent_id, " +
  "cluster, namespace, node, pod, container, image, hostname, repository, workflow, process_exe, process_comm, process_args, " +
  "process_pid, process_ppid, process_uid, parent_exe, remote_address, remote_port, remote_name, protocol, domain, file_path, " +
  "action, outcome, policy_name, flags, process, ancestry, flow, dns_names, file";

const BATCH = 1000;

async function session(databaseUrl: string, sourceTenantId: string, label: string, offset: number, events: number): Promise<number> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const tenant = (await c.query<{ id: string }>("INSERT INTO tenants (id, slug, name) VALUES (gen_random_uuid(), $1, 'Ingest floor') RETURNING id", [label])).rows[0].id;
    await c.query(
      `CREATE TEMP TABLE floor_source AS
       SELECT row_number() OVER (ORDER BY e.id) AS n, ${COLUMNS.split(", ").map((col) => `e.${col}`).join(", ")}, p.format, p.body::text AS body
         FROM (SELECT * FROM events WHERE tenant_id = $1 ORDER BY id DESC LIMIT ${events} OFFSET ${offset}) e
         JOIN event_payloads p ON p.event_id = e.id`,
      [sourceTenantId],
    );
    await c.query("ANALYZE floor_source");
    const started = performance.now();
    for (let from = 0; from < events; from += BATCH) {
      await c.query("BEGIN");
      await c.query(
        `CREATE TEMP TABLE floor_written ON COMMIT DROP AS
         WITH i AS (INSERT INTO event_identities (tenant_id, event_key, content_hash, raw_hash, source_format, occurred_at)
                    SELECT $1, event_key, content_hash, raw_hash, source_format, occurred_at FROM floor_source WHERE n > $2 AND n <= $2 + ${BATCH}
                    RETURNING id, event_key),
              w AS (INSERT INTO events (id, tenant_id, ${COLUMNS}) SELECT i.id, $1, ${COLUMNS.split(", ").map((col) => `s.${col}`).join(", ")}
                      FROM floor_source s JOIN i USING (event_key) WHERE s.n > $2 AND s.n <= $2 + ${BATCH}
                    RETURNING id, event_key, source_format, type, severity)
         SELECT * FROM w`,
        [tenant, from],
      );
      await c.query(
        `INSERT INTO event_payloads (event_id, tenant_id, format, body)
         SELECT w.id, $1, s.format, s.body FROM floor_written w JOIN floor_source s USING (event_key) WHERE s.n > $2 AND s.n <= $2 + ${BATCH}`,
        [tenant, from],
      );
      await c.query(
        `INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor, details)
         SELECT $1, 'event', id::text, 'created', 'bench:floor', jsonb_build_object('sourceFormat', source_format, 'type', type, 'severity', severity)
           FROM floor_written ORDER BY id`,
        [tenant],
      );
      await c.query("COMMIT");
    }
    return (performance.now() - started) / 1000;
  } finally {
    await c.end();
  }
}

/** Events/s the database alone sustains with `sessions` writers, each writing `events` copied from the source tenant's newest events. */
export async function benchIngestFloor(opts: { databaseUrl: string; sourceTenantId: string; sessions: number; events: number }): Promise<number> {
  const run = Date.now();
  const seconds = await Promise.all(
    Array.from({ length: opts.sessions }, (_, i) => session(opts.databaseUrl, opts.sourceTenantId, `bench-floor-${run}-${i}`, i * opts.events, opts.events)),
  );
  return (opts.sessions * opts.events) / Math.max(...seconds);
}
