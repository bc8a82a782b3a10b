-- An event's network destination (lib/events/destination.ts: the original domain, else the
-- remote IP), written by ingest. Block dry runs and the `destination:` search field read it;
-- IP and CIDR rules match the remote address, which gets its own index for them.

ALTER TABLE "events" ADD COLUMN "destination" text;

-- Existing rows, with the same rule as networkDestinationOf: the last name of the DNS chain
-- that is not an IP literal, else the domain, else the remote name, else the remote address.
CREATE FUNCTION "pg_temp"."is_ip_literal"(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT s ~ '^\d{1,3}(\.\d{1,3}){3}$' OR (s ~ '^[0-9a-fA-F:.]+$' AND array_length(string_to_array(s, ':'), 1) > 2)
$$;

UPDATE "events" e SET "destination" = coalesce(
    lower(regexp_replace(coalesce(
      (SELECT n FROM unnest(e."dns_names") WITH ORDINALITY AS u(n, i)
        WHERE n <> '' AND NOT pg_temp.is_ip_literal(n) ORDER BY i DESC LIMIT 1),
      CASE WHEN e."domain" <> '' AND NOT pg_temp.is_ip_literal(e."domain") THEN e."domain" END,
      CASE WHEN e."remote_name" <> '' AND NOT pg_temp.is_ip_literal(e."remote_name") THEN e."remote_name" END
    ), '\.$', '')),
    e."remote_address")
 WHERE e."dns_names" <> '{}' OR e."domain" IS NOT NULL OR e."remote_name" IS NOT NULL OR e."remote_address" IS NOT NULL;
-- As ingest does (lib/ingest/event-row.ts): a destination too long to index is junk, not kept.
UPDATE "events" SET "destination" = NULL WHERE octet_length("destination") > 1024;

CREATE INDEX "events_tenant_id_destination_occurred_at_idx"
  ON "events" ("tenant_id", "destination", "occurred_at") WHERE "destination" IS NOT NULL;
CREATE INDEX "events_tenant_id_remote_address_occurred_at_idx"
  ON "events" ("tenant_id", "remote_address", "occurred_at") WHERE "remote_address" IS NOT NULL AND octet_length("remote_address") <= 1024;
