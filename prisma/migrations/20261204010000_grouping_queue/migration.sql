-- Grouping leaves the ingest transaction: the batch's transaction only queues the events that
-- deserve an issue (same statement as the events themselves, so none is lost), and a drainer
-- groups queued events in short transactions of its own, one drainer at a time. Grouping inside
-- the ingest transaction held per-fingerprint locks until commit and serialised concurrent
-- batches (22.6 % of ingest throughput with 4 clients; see docs/benchmarks.md).
CREATE TABLE "grouping_queue" (
  "event_id"  bigint PRIMARY KEY,
  "tenant_id" uuid NOT NULL,
  "actor"     text NOT NULL,
  "queued_at" timestamptz(3) NOT NULL DEFAULT now()
);
