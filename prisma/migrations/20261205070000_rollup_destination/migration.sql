-- The rollups gain the event's network destination (the original domain, else the remote IP):
-- the dashboard's top destinations and statistics grouped by destination are then served from
-- the rollups like every other facet. The dimension list is lib/events/fields.ts (`rollup: true`,
-- in key order); lib/events/rollup-dimensions.integration.test.ts compares these functions with it.
-- Every rollup key changes, so both rollups are rebuilt from the events.

ALTER TABLE "event_rollups_hourly" ADD COLUMN "destination" text;
ALTER TABLE "event_rollups_daily" ADD COLUMN "destination" text;

CREATE OR REPLACE FUNCTION "events_rollup_insert_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  WITH delta AS (
    SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour,
           md5(ROW(n.kind, n.type, n.severity, n.source_format, n.agent_id, n.cluster, n.namespace, n.node, n.image,
                   n.hostname, n.repository, n.workflow, n.process_exe, n.destination, n.protocol, n.domain, n.action,
                   n.outcome, n.policy_name, n.flags)::text)::uuid AS dims_key,
           kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository,
           workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags, count(*) AS n
      FROM new_rows n
     GROUP BY tenant_id, 2, 3, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname,
              repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags
  ), hourly AS (
    INSERT INTO event_rollups_hourly AS r (tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id,
                                           cluster, namespace, node, image, hostname, repository, workflow, process_exe,
                                           destination, protocol, domain, action, outcome, policy_name, flags, count)
    SELECT tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image,
           hostname, repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name,
           flags, n
      FROM delta ORDER BY tenant_id, hour, dims_key
    ON CONFLICT (tenant_id, hour, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count
  )
  INSERT INTO event_rollups_daily AS r (tenant_id, day, dims_key, kind, type, severity, source_format, agent_id,
                                        cluster, namespace, node, image, hostname, repository, workflow, process_exe,
                                        destination, protocol, domain, action, outcome, policy_name, flags, count)
  SELECT tenant_id, date_trunc('day', hour, 'UTC'), dims_key, kind, type, severity, source_format, agent_id, cluster,
         namespace, node, image, hostname, repository, workflow, process_exe, destination, protocol, domain, action,
         outcome, policy_name, flags, sum(n)
    FROM delta
   GROUP BY tenant_id, 2, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace, node, image,
            hostname, repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags
   ORDER BY tenant_id, 2, dims_key
  ON CONFLICT (tenant_id, day, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION "events_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  key_of text := 'md5(ROW(%1$s.kind, %1$s.type, %1$s.severity, %1$s.source_format, %1$s.agent_id, %1$s.cluster,
                          %1$s.namespace, %1$s.node, %1$s.image, %1$s.hostname, %1$s.repository, %1$s.workflow,
                          %1$s.process_exe, %1$s.destination, %1$s.protocol, %1$s.domain, %1$s.action, %1$s.outcome,
                          %1$s.policy_name, %1$s.flags)::text)::uuid';
  dims text := 'kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags';
  changed text;
BEGIN
  -- An INSERT … ON CONFLICT DO UPDATE fires the UPDATE trigger even when it updated no row.
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows) THEN RETURN NULL; END IF;
  ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
    RETURN NULL;
  END IF;
  changed := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, 1 AS sign FROM new_rows n', format(key_of, 'n'), dims)
    WHEN 'DELETE' THEN format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, -1 AS sign FROM old_rows o', format(key_of, 'o'), dims)
    ELSE format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, -1 AS sign FROM old_rows o
                 UNION ALL SELECT tenant_id, occurred_at, %s, %s, 1 FROM new_rows n', format(key_of, 'o'), dims, format(key_of, 'n'), dims)
  END;
  EXECUTE format($sql$
    WITH delta AS (
      SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour, dims_key, %2$s, sum(sign) AS n
        FROM (%1$s) c
       GROUP BY tenant_id, 2, dims_key, %2$s
      HAVING sum(sign) <> 0
    ), hourly AS (
      INSERT INTO event_rollups_hourly AS r (tenant_id, hour, dims_key, %2$s, count)
      SELECT tenant_id, hour, dims_key, %2$s, n FROM delta ORDER BY tenant_id, hour, dims_key
      ON CONFLICT (tenant_id, hour, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count
    )
    INSERT INTO event_rollups_daily AS r (tenant_id, day, dims_key, %2$s, count)
    SELECT tenant_id, date_trunc('day', hour, 'UTC'), dims_key, %2$s, sum(n) FROM delta
     GROUP BY tenant_id, 2, dims_key, %2$s
    HAVING sum(n) <> 0
     ORDER BY tenant_id, 2, dims_key
    ON CONFLICT (tenant_id, day, dims_key) DO UPDATE SET count = r.count + EXCLUDED.count
  $sql$, changed, dims);
  -- Only the old rows' keys can fall to zero: drop those rollup rows, so that updates and
  -- deletes do not leave rows that every later search has to read past.
  IF TG_OP <> 'INSERT' THEN
    EXECUTE format($sql$
      WITH gone AS (SELECT DISTINCT tenant_id, date_trunc('hour', occurred_at, 'UTC') AS hour, %1$s AS dims_key FROM old_rows o),
      hourly AS (
        DELETE FROM event_rollups_hourly r USING gone d
         WHERE r.tenant_id = d.tenant_id AND r.hour = d.hour
           AND r.dims_key = d.dims_key AND r.count = 0
      )
      DELETE FROM event_rollups_daily r USING gone d
       WHERE r.tenant_id = d.tenant_id AND r.day = date_trunc('day', d.hour, 'UTC')
         AND r.dims_key = d.dims_key AND r.count = 0
    $sql$, format(key_of, 'o'));
  END IF;
  RETURN NULL;
END $fn$;

TRUNCATE "event_rollups_hourly", "event_rollups_daily";
INSERT INTO event_rollups_hourly (tenant_id, hour, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace,
                                  node, image, hostname, repository, workflow, process_exe, destination, protocol, domain,
                                  action, outcome, policy_name, flags, count)
SELECT tenant_id, date_trunc('hour', occurred_at, 'UTC'),
       md5(ROW(e.kind, e.type, e.severity, e.source_format, e.agent_id, e.cluster, e.namespace, e.node, e.image, e.hostname,
               e.repository, e.workflow, e.process_exe, e.destination, e.protocol, e.domain, e.action, e.outcome,
               e.policy_name, e.flags)::text)::uuid,
       kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow,
       process_exe, destination, protocol, domain, action, outcome, policy_name, flags, count(*)
  FROM events e
 GROUP BY tenant_id, 2, 3, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname,
          repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags;
INSERT INTO event_rollups_daily (tenant_id, day, dims_key, kind, type, severity, source_format, agent_id, cluster, namespace,
                                 node, image, hostname, repository, workflow, process_exe, destination, protocol, domain,
                                 action, outcome, policy_name, flags, count)
SELECT tenant_id, date_trunc('day', hour, 'UTC'), dims_key, kind, type, severity, source_format, agent_id, cluster, namespace,
       node, image, hostname, repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name,
       flags, sum(count)
  FROM event_rollups_hourly
 GROUP BY tenant_id, 2, 3, kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname,
          repository, workflow, process_exe, destination, protocol, domain, action, outcome, policy_name, flags;
