-- Investigation views: the process tree reads one agent's events in a window around an event
-- (the badges on each process), and "same agent ±5 minutes" searches filter the same way.
-- Without it both scan every event of the tenant in the window. One index only: each one
-- costs ingest time. Process-node lookups use the indexes of the initial schema.
CREATE INDEX "events_tenant_id_agent_id_occurred_at_id_idx"
  ON "events" ("tenant_id", "agent_id", "occurred_at" DESC, "id" DESC);
