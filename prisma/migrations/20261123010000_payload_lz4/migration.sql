-- Raw payloads are written once per event on the hottest path; lz4 compresses them several
-- times faster than the default pglz. Servers built without lz4 keep pglz.
DO $$
BEGIN
  ALTER TABLE "event_payloads" ALTER COLUMN "body" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available on this server; raw payloads stay pglz-compressed';
END $$;
