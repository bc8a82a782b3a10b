-- Event search: hourly and daily rollups of the facet dimensions, maintained by statement-level
-- triggers on events (one set-based upsert per ingest statement), and their backfill.
-- Facet counts and histograms over whole hours and days read the rollups; the page reads events.

CREATE TABLE "event_rollups_hourly" (
  "tenant_id"     uuid NOT NULL,
  "hour"          timestamptz(3) NOT NULL,
  -- md5 of the dimension values: the unique key, since the values themselves may exceed
  -- a B-tree entry and NULLs would not compare equal.
  "dims_key"      uuid NOT NULL,
  "kind"          text NOT NULL,
  "type"          text NOT NULL,
  "severity"      text NOT NULL,
  "source_format" text NOT NULL,
  "agent_id"      uuid,
  "cluster"       text,
  "namespace"     text,
  "node"          text,
  "image"         text,
  "hostname"      text,
  "repository"    text,
  "workflow"      text,
  "process_exe"   text,
  "protocol"      text,
  "domain"        text,
  "action"        text,
  "outcome"       text,
  "policy_name"   text,
  "flags"         text[] NOT NULL DEFAULT '{}',
  "count"         bigint NOT NULL,
  PRIMARY KEY ("tenant_id", "hour", "dims_key")
);

CREATE TABLE "event_rollups_daily" (LIKE "event_rollups_hourly" INCLUDING DEFAULTS);
ALTER TABLE "event_rollups_daily" RENAME COLUMN "hour" TO "day";
ALTER TABLE "event_rollups_daily" ADD PRIMARY KEY ("tenant_id", "day", "dims_key");

CREATE FUNCTION "event_rollup_key"(e "events") RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT md5(ROW(e.kind, e.type, e.severity, e.source_format, e.agent_id, e.cluster, e.namespace, e.node,
                 e.image, e.hostname, e.repository, e.workflow, e.process_exe, e.protocol, e.domain,
                 e.action, e.outcome, e.policy_name, e.flags)::text)::uuid
$$;

-- One trigger function for INSERT, UPDATE and DELETE statements: the statement's rows (+1 new,
-- -1 old) are folded into both rollups with one set-based upsert each. Rows are upserted in key
-- order so that concurrent ingest transactions lock rollup rows in the same order and cannot
-- deadlock. Transition tables are visible to the dynamic SQL of a PL/pgSQL trigger function.
CREATE FUNCTION "events_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT event_rollup_key(n) AS dims_key, n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT event_rollup_key(o) AS dims_key, o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT event_rollup_key(o) AS dims_key, o.*, -1 AS sign FROM old_rows o
          UNION ALL SELECT event_rollup_key(n), n.*, 1 FROM new_rows n'
  END;
BEGIN
  EXECUTE format($sql$
    WITH delta AS (
      SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, sum(sign) AS n
        FROM (%s) c
       GROUP BY tenant_id, 2, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags
      HAVING sum(sign) <> 0
    ), hourly AS (
      INSERT INTO event_rollups_hourly AS r (tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, count)
      SELECT tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, n FROM delta ORDER BY tenant_id, hour, dims_key
      ON CONFLICT (tenant_id, hour, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count
    )
    INSERT INTO event_rollups_daily AS r (tenant_id, day, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, count)
    SELECT tenant_id, date_trunc('day', hour, 'UTC'), dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, sum(n) FROM delta
     GROUP BY tenant_id, 2, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags
    HAVING sum(n) <> 0
     ORDER BY tenant_id, 2, dims_key
    ON CONFLICT (tenant_id, day, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count
  $sql$, changed);
  -- Only the old rows' keys can fall to zero: drop those rollup rows, so that updates and
  -- deletes do not leave rows that every later search has to read past.
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM event_rollups_hourly r
     USING (SELECT DISTINCT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour, event_rollup_key(o) AS dims_key
              FROM old_rows o) d
     WHERE r.tenant_id = d.tenant_id AND r.hour = d.hour AND r.dims_key = d.dims_key AND r.count = 0;
    DELETE FROM event_rollups_daily r
     USING (SELECT DISTINCT tenant_id, date_trunc('day', occurred_at, 'UTC') AS day, event_rollup_key(o) AS dims_key
              FROM old_rows o) d
     WHERE r.tenant_id = d.tenant_id AND r.day = d.day AND r.dims_key = d.dims_key AND r.count = 0;
  END IF;
  RETURN NULL;
END $fn$;

CREATE TRIGGER "events_rollup_insert" AFTER INSERT ON "events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "events_rollup_apply"();
CREATE TRIGGER "events_rollup_update" AFTER UPDATE ON "events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "events_rollup_apply"();
CREATE TRIGGER "events_rollup_delete" AFTER DELETE ON "events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "events_rollup_apply"();

INSERT INTO event_rollups_hourly (tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, count)
SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC'), event_rollup_key(e), kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, count(*)
  FROM events e
 GROUP BY tenant_id, 2, 3, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags;
INSERT INTO event_rollups_daily (tenant_id, day, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, count)
SELECT tenant_id, date_trunc('day', hour, 'UTC'), dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags, sum(count)
  FROM event_rollups_hourly
 GROUP BY tenant_id, 2, 3, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags;

-- Severity sort pages by rank, then time.
CREATE FUNCTION "severity_rank"(severity text) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END::smallint
$$;
CREATE INDEX "events_tenant_id_severity_rank_occurred_at_id_idx"
  ON "events" ("tenant_id", severity_rank("severity") DESC, "occurred_at" DESC, "id" DESC);
