"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { eventKeys } from "@/lib/events/query-keys";
import { deleteSavedSearch, updateSavedSearch, type SavedSearch } from "./events-api";
import { INPUT } from "@/components/ui/popover";

interface Props {
  item: SavedSearch;
  tenantId: string;
  onOpen: (query: string) => void;
}

const LINK = "text-xs text-zinc-500 hover:text-zinc-900 hover:underline disabled:opacity-50 dark:text-zinc-400 dark:hover:text-zinc-100";

/** One saved search: open it; its owner may also rename, share or delete it. */
export function SavedSearchItem({ item, tenantId, onOpen }: Props) {
  const client = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(item.name);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: eventKeys.savedSearches(tenantId) });
  const update = useMutation({
    mutationFn: (input: { name?: string; shared?: boolean }) => updateSavedSearch(item.id, input),
    onSuccess: () => {
      setRenaming(false);
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => deleteSavedSearch(item.id), onSuccess: refresh });
  const error = update.error ?? remove.error;

  return (
    <li data-testid="saved-search" data-name={item.name} className="py-1.5">
      {renaming ? (
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) update.mutate({ name: name.trim() });
          }}
        >
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} aria-label="New name" autoFocus className={`${INPUT} min-w-0 flex-1`} />
          <button type="submit" className={LINK} disabled={update.isPending}>
            Save
          </button>
          <button type="button" className={LINK} onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="flex items-center gap-2">
          <a
            href={`/events${item.query ? `?${item.query}` : ""}`}
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              onOpen(item.query);
            }}
            title={item.query || "(all events, last 24 h)"}
            className="min-w-0 flex-1 truncate font-medium text-zinc-800 hover:text-emerald-700 hover:underline dark:text-zinc-100 dark:hover:text-emerald-400"
          >
            {item.name}
          </a>
          {item.shared && <span className="rounded bg-zinc-100 px-1 text-[10px] text-zinc-600 uppercase dark:bg-zinc-800 dark:text-zinc-300">shared</span>}
          {!item.mine && <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">by {item.owner.name}</span>}
          {item.mine && !confirming && (
            <>
              <button type="button" className={LINK} onClick={() => setRenaming(true)} aria-label={`Rename ${item.name}`}>
                Rename
              </button>
              <button type="button" className={LINK} disabled={update.isPending} onClick={() => update.mutate({ shared: !item.shared })} aria-label={`${item.shared ? "Unshare" : "Share"} ${item.name}`}>
                {item.shared ? "Unshare" : "Share"}
              </button>
              <button type="button" className={LINK} onClick={() => setConfirming(true)} aria-label={`Delete ${item.name}`}>
                Delete
              </button>
            </>
          )}
          {item.mine && confirming && (
            <>
              <button type="button" className="text-xs font-medium text-red-600 hover:underline dark:text-red-400" disabled={remove.isPending} onClick={() => remove.mutate()}>
                Confirm delete
              </button>
              <button type="button" className={LINK} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error.message}
        </p>
      )}
    </li>
  );
}
