-- The rollup trigger computed each row's dimension key by calling event_rollup_key(row): a SQL
-- function declared IMMUTABLE around a STABLE record-to-text cast, which PostgreSQL therefore
-- cannot inline, so it ran as a separate query per event (≈ 75 µs, three quarters of an ingest
-- INSERT). The key is now an expression inside the trigger's statement; its value is unchanged,
-- so existing rollup rows keep matching.
CREATE OR REPLACE FUNCTION "events_rollup_apply"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  key_of text := 'md5(ROW(%1$s.kind, %1$s.type, %1$s.severity, %1$s.source_format, %1$s.agent_id, %1$s.cluster,
                          %1$s.namespace, %1$s.node, %1$s.image, %1$s.hostname, %1$s.repository, %1$s.workflow,
                          %1$s.process_exe, %1$s.protocol, %1$s.domain, %1$s.action, %1$s.outcome,
                          %1$s.policy_name, %1$s.flags)::text)::uuid';
  dims text := 'kind, type, severity, source_format, agent_id, cluster, namespace, node, image, hostname, repository, workflow, process_exe, protocol, domain, action, outcome, policy_name, flags';
  changed text := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, 1 AS sign FROM new_rows n', format(key_of, 'n'), dims)
    WHEN 'DELETE' THEN format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, -1 AS sign FROM old_rows o', format(key_of, 'o'), dims)
    ELSE format('SELECT tenant_id, occurred_at, %s AS dims_key, %s, -1 AS sign FROM old_rows o
                 UNION ALL SELECT tenant_id, occurred_at, %s, %s, 1 FROM new_rows n', format(key_of, 'o'), dims, format(key_of, 'n'), dims)
  END;
BEGIN
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

DROP FUNCTION "event_rollup_key"("events");
