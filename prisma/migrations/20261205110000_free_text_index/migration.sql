-- Free text (issue 17): a trigram index over the searchable text of an event, so a free-text
-- term reads the events that can contain it instead of every event of the window.
-- `events_search_text` joins the free-text columns (FREE_TEXT_FIELDS in lib/events/fields.ts, in
-- that order; a test compares the two). The search asks `events_search_text(...) ILIKE '%term%'`
-- to reach the index and keeps the per-column ILIKEs as the exact condition, so a term spanning
-- two columns' boundary never matches. Terms under three characters have no trigram and skip it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION "events_search_text"(process_exe text, process_args text, remote_address text, domain text, file_path text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(process_exe, '') || E'\n' || coalesce(process_args, '') || E'\n' || coalesce(remote_address, '')
         || E'\n' || coalesce(domain, '') || E'\n' || coalesce(file_path, '')
$$;

CREATE INDEX "events_search_text_trgm_idx" ON "events"
  USING gin ("events_search_text"("process_exe", "process_args", "remote_address", "domain", "file_path") gin_trgm_ops);
