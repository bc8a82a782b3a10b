-- Rollup rows whose count falls to zero (events updated out of a combination, moved or
-- deleted) are removed by the trigger instead of lingering.
CREATE OR REPLACE FUNCTION "events_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
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

DELETE FROM event_rollups_hourly WHERE count = 0;
DELETE FROM event_rollups_daily WHERE count = 0;
