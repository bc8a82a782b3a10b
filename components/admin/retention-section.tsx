"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { updateTenantSettingsAction } from "@/app/(console)/admin/actions";
import type { RetentionFigures } from "@/lib/retention/queries";
import { Time } from "@/components/ui/time";
import { Section } from "./section";

const input = "rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950";
const button = "rounded-md bg-emerald-600 px-3 py-1 font-medium text-white hover:bg-emerald-700 disabled:opacity-60";

function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

function Figure({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="tabular-nums" title={hint}>{children}</dd>
    </div>
  );
}

/** When the oldest event goes: a time to come, or the next run when it is already past retention. */
function NextExpiry({ figures }: { figures: RetentionFigures }) {
  if (!figures.nextExpiryAt || !figures.oldestEventAt) return <span className="text-zinc-500 dark:text-zinc-400">no events</span>;
  // Against the server's clock when it read the figures.
  if (Date.parse(figures.oldestEventAt) < Date.parse(figures.expiresBefore)) {
    return <span className="text-amber-700 dark:text-amber-400" data-testid="expiry-due">due: the next run removes events before <Time iso={figures.expiresBefore} /></span>;
  }
  return <Time iso={figures.nextExpiryAt} />;
}

function RetentionForm({ figures }: { figures: RetentionFigures }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const days = Number(new FormData(e.currentTarget).get("days"));
        if (days < figures.retentionDays && !confirm(`Keep ${days} days of events? Older events are removed at the next run and cannot be brought back.`)) return;
        start(async () => {
          const res = await updateTenantSettingsAction({ retentionDays: days });
          setMessage(res.ok ? { ok: true, text: `Saved: events older than ${days} days go at the next run.` } : { ok: false, text: res.fieldErrors?.retentionDays ?? res.error });
          if (res.ok) router.refresh();
        });
      }}
    >
      <label htmlFor="retention-days">Keep events for</label>
      <input id="retention-days" name="days" type="number" min={1} max={figures.maxRetentionDays} step={1} defaultValue={figures.retentionDays} className={`${input} w-24`} required />
      <span>days after they occurred (at most {figures.maxRetentionDays} on this server).</span>
      <button className={button} disabled={pending}>Save</button>
      {message && (
        <span role="status" className={message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}>{message.text}</span>
      )}
    </form>
  );
}

/** Data held by the tenant, its retention and the next expiry, with the retention setting. */
export function RetentionSection({ figures }: { figures: RetentionFigures }) {
  const capped = figures.appliedRetentionDays < figures.retentionDays;
  return (
    <Section title="Data retention" id="retention">
      <dl className="mb-3 grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3" data-testid="retention-figures">
        <Figure label="Events held" hint="Exact: the sum of the daily rollups">{figures.events.toLocaleString("en")}</Figure>
        <Figure label="Size on disk (estimate)" hint="This tenant's share of the events, raw payloads and their indexes">≈ {formatBytes(figures.approximateBytes)}</Figure>
        <Figure label="Retention">
          {figures.appliedRetentionDays} days
          {capped && <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">(set to {figures.retentionDays}, capped by the server)</span>}
        </Figure>
        <Figure label="Oldest event">{figures.oldestEventAt ? <Time iso={figures.oldestEventAt} /> : "—"}</Figure>
        <Figure label="Newest event">{figures.newestEventAt ? <Time iso={figures.newestEventAt} /> : "—"}</Figure>
        <Figure label="Next expiry" hint="When the oldest event passes retention; the server removes expired events at start-up and every hour">
          <NextExpiry figures={figures} />
        </Figure>
      </dl>
      <RetentionForm figures={figures} />
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        Expired events go with their raw payloads, rule hits, assessments and issue memberships; statistics stay equal to the events kept.
        Lineage and issues outlive their events: an issue keeps its counts and first and last seen as history.
      </p>
    </Section>
  );
}
