"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { cancelRetroHuntAction, listRetroHuntsAction, startRetroHuntAction } from "@/app/(console)/rules/actions";
import type { ActionFailure } from "@/lib/auth/action";
import { FINISHED_RETRO_HUNT_STATUSES, MAX_RETRO_HUNT_DAYS, type RetroHunt } from "@/lib/rules/retro-hunt-schemas";
import { FormError } from "@/components/policies/form-error";
import { BUTTON, BUTTON_SECONDARY, INPUT, LABEL } from "@/components/policies/form-styles";
import { Dialog } from "@/components/ui/dialog";
import { relativeTime } from "@/components/ui/relative-time";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

const POLL_MS = 1_000;
const num = new Intl.NumberFormat("en");
const WINDOWS = [
  { value: "-24h", label: "Last 24 hours" },
  { value: "-7d", label: "Last 7 days" },
  { value: "-30d", label: "Last 30 days" },
  { value: `-${MAX_RETRO_HUNT_DAYS}d`, label: `Last ${MAX_RETRO_HUNT_DAYS} days` },
] as const;

const isActive = (h: RetroHunt | null) => h !== null && !FINISHED_RETRO_HUNT_STATUSES.includes(h.status);

/**
 * A rule's retro-hunt: its latest hunt (progress while it runs, with Cancel; what it found when
 * done) and, for admins, the button that starts one over a past window.
 */
export function RetroHuntButton({ ruleId, ruleName, hunt: initial, canWrite }: { ruleId: string; ruleName: string; hunt: RetroHunt | null; canWrite: boolean }) {
  const router = useRouter();
  // What polling learnt since the server last rendered `initial`; a new render supersedes it.
  const [polled, setPolled] = useState<{ base: RetroHunt | null; hunt: RetroHunt | null } | null>(null);
  const hunt = polled && polled.base === initial ? polled.hunt : initial;
  const setHunt = (h: RetroHunt | null) => setPolled({ base: initial, hunt: h });
  const [open, setOpen] = useState(false);
  const action = useRefreshingAction();
  const wasActive = useRef(isActive(initial));

  const active = isActive(hunt);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(async () => {
      const res = await listRetroHuntsAction({ ruleId }).catch(() => null);
      if (res?.ok) setPolled({ base: initial, hunt: res.data.retroHunts[0] ?? null });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [active, ruleId, initial]);
  useEffect(() => {
    // Done: the rule's hits and the events changed.
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [active, router]);

  return (
    <span className="inline-flex items-center justify-end gap-2" data-testid="retro-hunt">
      {hunt && <HuntStatus hunt={hunt} />}
      {active && canWrite && (
        <button
          type="button"
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
          disabled={action.pending || hunt?.status === "cancelled"}
          onClick={async () => {
            const res = await action.run(() => cancelRetroHuntAction({ id: hunt!.id }), { refresh: false });
            if (res.ok) setHunt(res.data);
          }}
        >
          Cancel
        </button>
      )}
      {!active && canWrite && (
        <button type="button" className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={() => setOpen(true)} data-testid="start-retro-hunt">
          Retro-hunt
        </button>
      )}
      {open && (
        <RetroHuntDialog
          ruleId={ruleId}
          ruleName={ruleName}
          onClose={() => setOpen(false)}
          onStarted={(h) => {
            setHunt(h);
            wasActive.current = true;
            setOpen(false);
          }}
        />
      )}
    </span>
  );
}

function HuntStatus({ hunt }: { hunt: RetroHunt }) {
  const share = hunt.total > 0 ? Math.min(1, hunt.scanned / hunt.total) : hunt.status === "succeeded" ? 1 : 0;
  const window = `${hunt.from.slice(0, 16).replace("T", " ")} – ${hunt.to.slice(0, 16).replace("T", " ")} UTC`;
  if (hunt.status === "queued" || hunt.status === "running") {
    return (
      <span className="inline-flex items-center gap-2 text-xs" title={`Retro-hunt over ${window}`} data-testid="retro-hunt-progress">
        <span className="h-1.5 w-24 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700" role="progressbar" aria-label={`Retro-hunt of ${hunt.ruleName}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
          <span className="block h-full bg-emerald-600 transition-[width]" style={{ width: `${share * 100}%` }} />
        </span>
        <span className="tabular-nums text-zinc-600 dark:text-zinc-300">
          {hunt.status === "queued" ? "queued" : `${Math.round(share * 100)}% · ${num.format(hunt.matched)} matched`}
        </span>
      </span>
    );
  }
  const when = hunt.finishedAt ? relativeTime(hunt.finishedAt) : "";
  const text =
    hunt.status === "succeeded"
      ? `hunt: ${num.format(hunt.matched)} of ${num.format(hunt.scanned)} matched`
      : hunt.status === "cancelled"
        ? `hunt cancelled at ${Math.round(share * 100)}% (${num.format(hunt.matched)} matched)`
        : `hunt failed: ${hunt.error ?? "unknown error"}`;
  return (
    <span className={`max-w-[16rem] truncate text-xs ${hunt.status === "failed" ? "text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`} title={`${text}, over ${window}, ${when}`} data-testid="retro-hunt-result">
      {text}
    </span>
  );
}

function RetroHuntDialog({ ruleId, ruleName, onClose, onStarted }: { ruleId: string; ruleName: string; onClose: () => void; onStarted: (h: RetroHunt) => void }) {
  const ids = useId();
  const action = useRefreshingAction();
  const [choice, setChoice] = useState<string>("-7d");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const input = choice === "custom" ? { ruleId, from: from ? new Date(from).toISOString() : "", to: to ? new Date(to).toISOString() : undefined } : { ruleId, from: choice };
    const res = await action.run(() => startRetroHuntAction(input), { refresh: false });
    if (res.ok) onStarted(res.data);
    else setFailure(res);
  }

  return (
    <Dialog
      title={`Retro-hunt with ${ruleName}`}
      onClose={onClose}
      busy={action.pending}
      testId="retro-hunt-dialog"
      widthClassName="w-[30rem]"
      footer={
        <>
          <button type="button" className={BUTTON_SECONDARY} onClick={onClose} disabled={action.pending}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className={BUTTON} disabled={action.pending}>
            {action.pending ? "Starting…" : "Start retro-hunt"}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} onSubmit={submit} noValidate className="space-y-3">
        <p className="text-zinc-600 dark:text-zinc-300">
          Runs the rule as saved over the stored events of a past window, in the background, and tags what it matches exactly as ingest would have: a collect tag, or a detection grouped into
          issues. An event it already matched counts once.
        </p>
        <fieldset>
          <legend className={LABEL}>Window</legend>
          <div className="grid grid-cols-2 gap-1">
            {[...WINDOWS, { value: "custom", label: "From – to" }].map((w) => (
              <label key={w.value} className="flex items-center gap-2">
                <input type="radio" name="window" value={w.value} checked={choice === w.value} onChange={() => setChoice(w.value)} />
                {w.label}
              </label>
            ))}
          </div>
        </fieldset>
        {choice === "custom" && (
          <div className="grid grid-cols-2 gap-2">
            <div>
              <label htmlFor={`${ids}-from`} className={LABEL}>
                From (local time)
              </label>
              <input id={`${ids}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className={INPUT} required />
            </div>
            <div>
              <label htmlFor={`${ids}-to`} className={LABEL}>
                To (empty: now)
              </label>
              <input id={`${ids}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className={INPUT} />
            </div>
          </div>
        )}
      </form>
      <FormError failure={failure} />
    </Dialog>
  );
}
