"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { issueKeys } from "@/lib/issues/query-keys";
import { lineageKeys } from "@/lib/lineage/query-keys";
import { RULE_REASON_MAX } from "@/lib/policies/schemas";
import { Dialog } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { INPUT, TOOLBAR_BUTTON } from "@/components/ui/popover";
import { blockDestination, previewBlock, type BlockDestination, type BlockInput, type BlockResult, type BlockScopeOption, type BlockSubject } from "./block-api";
import { checkExpiry, describeBlockError, fieldOfProblem, localDateTime, sameScope } from "./block-form";
import { BlockOutcome, DestinationLine, DryRun, NOTE_TONE } from "./block-preview";
import { blockKeys } from "./query-keys";

export const DANGER_BUTTON =
  "inline-flex h-8 items-center gap-1.5 rounded-md bg-red-600 px-3 text-sm font-medium whitespace-nowrap text-white hover:bg-red-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500 disabled:cursor-not-allowed disabled:opacity-40";

const LABEL = "text-xs text-zinc-500 dark:text-zinc-400";
const ERROR = "mt-1 text-xs text-red-700 dark:text-red-400";

interface Props {
  tenantId: string;
  subject: BlockSubject;
  /** What the page already knows, shown until the dry run answers. */
  destination?: BlockDestination | null;
  onClose: () => void;
  onBlocked?: (result: BlockResult) => void;
}

/**
 * Block a destination: choose the scope (the narrowest by default), see what the rule would have
 * matched in the last 7 days, give a reason and maybe an expiry, confirm. Enter confirms
 * (Shift+Enter is a new line in the reason), Escape closes.
 */
export function BlockDialog({ tenantId, subject, destination = null, onClose, onBlocked }: Props) {
  const router = useRouter();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<BlockScopeOption | null>(null);
  const [reason, setReason] = useState("");
  const [expiry, setExpiry] = useState("");
  const [touched, setTouched] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const [now] = useState(() => new Date());

  // The default scope's dry run also lists the scopes; another scope is previewed on its own.
  const base = useQuery({
    queryKey: blockKeys.preview(tenantId, subject, null),
    queryFn: ({ signal }) => previewBlock(subject, null, signal),
    retry: false,
    staleTime: 0,
  });
  const options = base.data?.scopeOptions ?? [];
  const fallback = base.data ? (options.find((o) => sameScope(o, base.data)) ?? options[0] ?? null) : null;
  const selected = chosen ?? fallback;
  const other = chosen && fallback && !sameScope(chosen, fallback) ? chosen : null;
  const scoped = useQuery({
    queryKey: blockKeys.preview(tenantId, subject, other),
    queryFn: ({ signal }) => previewBlock(subject, other, signal),
    enabled: other !== null,
    retry: false,
    staleTime: 0,
  });
  const preview = other ? scoped : base;

  const block = useMutation({
    mutationFn: (input: BlockInput) => blockDestination(subject, input),
    onSuccess: (result) => {
      // Flags, lineage and the policy verdict are drawn by the server page and by cached queries.
      router.refresh();
      void client.invalidateQueries({ queryKey: blockKeys.all(tenantId) });
      void client.invalidateQueries({ queryKey: issueKeys.all(tenantId) });
      void client.invalidateQueries({ queryKey: lineageKeys.all(tenantId) });
      onBlocked?.(result);
    },
  });

  useEffect(() => {
    // After the dialog's showModal, which focuses the first control.
    const id = requestAnimationFrame(() => reasonRef.current?.focus());
    return () => cancelAnimationFrame(id);
  }, []);

  // The form's fields are gone once it has answered: keep the keyboard inside the dialog.
  const answered = block.isSuccess;
  useEffect(() => {
    if (answered) doneRef.current?.focus();
  }, [answered]);

  const expiryCheck = checkExpiry(expiry);
  const reasonMissing = reason.trim() === "";
  const valid = selected !== null && !reasonMissing && expiryCheck.ok && !block.isPending && base.isSuccess;
  const field = fieldOfProblem(block.error);
  const result = block.data ?? null;
  const labelOf = (s: Pick<BlockScopeOption, "scope" | "scopeRef"> | null) =>
    s ? (options.find((o) => sameScope(o, s))?.label ?? [s.scope, s.scopeRef].filter(Boolean).join(" ")) : "";

  function confirm() {
    setTouched(true);
    if (!valid || !selected || !expiryCheck.ok) return;
    block.mutate({
      scope: selected.scope,
      ...(selected.scopeRef ? { scopeRef: selected.scopeRef } : {}),
      reason: reason.trim(),
      ...(expiryCheck.iso ? { expiresAt: expiryCheck.iso } : {}),
    });
  }

  const edited = () => {
    if (block.isError) block.reset();
  };

  return (
    <Dialog
      title={result ? (result.created ? "Destination blocked" : "Destination already blocked") : "Block destination"}
      onClose={onClose}
      busy={block.isPending}
      testId="block-dialog"
      widthClassName="w-[36rem]"
      onKeyDown={(e) => {
        if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing) return;
        const t = e.target instanceof HTMLElement ? e.target : null;
        if (t?.closest("a") || t?.dataset.role === "cancel") return;
        e.preventDefault();
        if (result) onClose();
        else confirm();
      }}
      footer={
        result ? (
          <button type="button" ref={doneRef} className={TOOLBAR_BUTTON} onClick={onClose}>
            Done <Kbd>↵</Kbd>
          </button>
        ) : (
          <>
            {reasonMissing && !base.isError && (
              <span className={`mr-auto text-xs ${touched ? "text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}>A reason is required.</span>
            )}
            <button type="button" data-role="cancel" className={TOOLBAR_BUTTON} onClick={onClose} disabled={block.isPending}>
              Cancel <Kbd>Esc</Kbd>
            </button>
            <button type="button" className={DANGER_BUTTON} disabled={!valid} onClick={confirm} data-testid="block-confirm">
              {block.isPending ? "Blocking…" : "Block"} <Kbd className="border-red-400 bg-red-700 text-red-50 dark:border-red-400 dark:bg-red-700 dark:text-red-50">↵</Kbd>
            </button>
          </>
        )
      }
    >
      <div className="-mx-4 -my-3 max-h-[calc(100vh-10rem)] space-y-3 overflow-y-auto px-4 py-3">
        <DestinationLine destination={base.data?.destination ?? destination} />
        {result ? (
          <BlockOutcome result={result} scopeLabel={labelOf(result)} />
        ) : base.isError ? (
          <p role="alert" className={NOTE_TONE.error} data-testid="block-error">
            {describeBlockError(base.error)}
          </p>
        ) : (
          <>
            <fieldset>
              <legend className={`${LABEL} mb-1`}>Deny it in</legend>
              {base.isPending ? (
                <div className="space-y-1" aria-busy>
                  <div className="h-7 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" />
                  <div className="h-7 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" />
                </div>
              ) : (
                <div className="max-h-48 space-y-1 overflow-y-auto" role="radiogroup" aria-label="Scope">
                  {options.map((o, i) => {
                    const on = selected !== null && sameScope(o, selected);
                    return (
                      <label
                        key={`${o.scope}:${o.scopeRef}`}
                        className={`flex cursor-pointer items-center gap-2.5 rounded-md border px-2.5 py-1.5 ${
                          on ? "border-red-400 bg-red-50 dark:border-red-700 dark:bg-red-950/30" : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/60"
                        }`}
                      >
                        <input
                          type="radio"
                          name="block-scope"
                          checked={on}
                          onChange={() => {
                            setChosen(o);
                            edited();
                          }}
                          className="accent-red-600"
                        />
                        <span className="min-w-0 flex-1 truncate" title={o.label}>
                          {o.label}
                        </span>
                        <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                          {i === 0 && options.length > 1 ? "narrowest" : o.scope === "global" ? "every agent" : ""}
                        </span>
                      </label>
                    );
                  })}
                </div>
              )}
              {field === "scope" && <p className={ERROR}>{describeBlockError(block.error)}</p>}
            </fieldset>

            <DryRun
              state={preview.isSuccess ? { status: "success", data: preview.data } : preview.isError ? { status: "error", error: preview.error } : { status: "pending" }}
              scopeLabel={labelOf(selected)}
            />

            <div>
              <label htmlFor="block-reason" className={`${LABEL} mb-1 block`}>
                Reason <span className="text-zinc-400 dark:text-zinc-500">(required, kept with the rule and in the lineage)</span>
              </label>
              <textarea
                id="block-reason"
                ref={reasonRef}
                className={`block w-full resize-y rounded-md border bg-white px-2 py-1.5 text-sm placeholder:text-zinc-400 focus:border-emerald-500 focus:outline-none dark:bg-zinc-950 ${
                  (touched && reasonMissing) || field === "reason" ? "border-red-400 dark:border-red-700" : "border-zinc-300 dark:border-zinc-700"
                }`}
                rows={2}
                maxLength={RULE_REASON_MAX}
                required
                aria-invalid={(touched && reasonMissing) || field === "reason"}
                placeholder="Why, e.g. cryptominer pool seen on prod-eu"
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  edited();
                }}
              />
              {field === "reason" && <p className={ERROR}>{describeBlockError(block.error)}</p>}
            </div>

            <div>
              <label htmlFor="block-expiry" className={`${LABEL} mb-1 block`}>
                Expires <span className="text-zinc-400 dark:text-zinc-500">(optional, your local time; empty: until removed)</span>
              </label>
              <input
                id="block-expiry"
                type="datetime-local"
                className={`${INPUT} h-7 text-xs`}
                min={localDateTime(now)}
                value={expiry}
                aria-invalid={!expiryCheck.ok || field === "expiresAt"}
                onChange={(e) => {
                  setExpiry(e.target.value);
                  edited();
                }}
              />
              {!expiryCheck.ok && <p className={ERROR}>{expiryCheck.error}</p>}
              {field === "expiresAt" && <p className={ERROR}>{describeBlockError(block.error)}</p>}
            </div>

            {block.isError && field === null && (
              <p role="alert" className={NOTE_TONE.error} data-testid="block-error">
                {describeBlockError(block.error)}
              </p>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}
