"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { eventKeys } from "@/lib/events/query-keys";
import { serializeSearchState, type EventsSearchState } from "@/lib/events/search-params";
import { createSavedSearch, listSavedSearches, type SavedSearch } from "./events-api";
import { INPUT, Popover, PRIMARY_BUTTON } from "@/components/ui/popover";
import { SavedSearchItem } from "./saved-search-item";

interface Props {
  tenantId: string;
  state: EventsSearchState;
  onOpen: (query: string) => void;
}

export function SavedSearchesMenu({ tenantId, state, onOpen }: Props) {
  return (
    <Popover label="Saved searches" panelClassName="w-96" testId="saved-searches">
      {(close) => (
        <SavedSearchesPanel
          tenantId={tenantId}
          query={serializeSearchState(state)}
          onOpen={(q) => {
            close();
            onOpen(q);
          }}
        />
      )}
    </Popover>
  );
}

function SavedSearchesPanel({ tenantId, query, onOpen }: { tenantId: string; query: string; onOpen: (query: string) => void }) {
  const list = useQuery({ queryKey: eventKeys.savedSearches(tenantId), queryFn: ({ signal }) => listSavedSearches(signal) });
  const mine = list.data?.filter((s) => s.mine) ?? [];
  const shared = list.data?.filter((s) => !s.mine) ?? [];
  return (
    <div className="flex flex-col gap-3">
      <SaveForm tenantId={tenantId} query={query} />
      {list.isPending && <p className="text-xs text-zinc-500">Loading saved searches…</p>}
      {list.isError && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {list.error.message}
        </p>
      )}
      {list.data && (
        <>
          <SavedList title="Mine" empty="You have no saved searches yet." items={mine} tenantId={tenantId} onOpen={onOpen} />
          <SavedList title="Shared with the tenant" empty="Nobody has shared a search yet." items={shared} tenantId={tenantId} onOpen={onOpen} />
        </>
      )}
    </div>
  );
}

function SavedList({ title, empty, items, tenantId, onOpen }: { title: string; empty: string; items: SavedSearch[]; tenantId: string; onOpen: (q: string) => void }) {
  return (
    <section aria-label={title}>
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{title}</h3>
      {items.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul className="max-h-60 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800">
          {items.map((s) => (
            <SavedSearchItem key={s.id} item={s} tenantId={tenantId} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SaveForm({ tenantId, query }: { tenantId: string; query: string }) {
  const client = useQueryClient();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: () => createSavedSearch({ name: name.trim(), query, shared }),
    onSuccess: () => {
      setName("");
      setShared(false);
      return client.invalidateQueries({ queryKey: eventKeys.savedSearches(tenantId) });
    },
  });
  return (
    <form
      className="flex flex-col gap-2 border-b border-zinc-200 pb-3 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) save.mutate();
      }}
    >
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Save the current search as
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="Name" aria-label="Saved search name" className={INPUT} />
      </label>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-1.5 text-xs">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} className="accent-emerald-600" />
          Share with the tenant
        </label>
        <button type="submit" disabled={!name.trim() || save.isPending} className={`${PRIMARY_BUTTON} ml-auto`}>
          Save
        </button>
      </div>
      {save.isError && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {save.error.message}
        </p>
      )}
      {save.isSuccess && <p className="text-xs text-emerald-700 dark:text-emerald-400">Saved.</p>}
    </form>
  );
}
