import Link from "next/link";
import type { RetroHunt } from "@/lib/rules/retro-hunt-schemas";
import type { DetectionRuleItem, RuleSetDetail } from "@/lib/rules/queries";
import { SeverityBadge } from "@/components/event-detail/severity-badge";
import { actorName } from "@/components/policies/policy-labels";
import { RelativeTime } from "@/components/ui/relative-time";
import { detectionSeverity, ruleFlagOf } from "@/lib/rules/engine";
import { EnableToggle } from "./enable-toggle";
import { HitsSparkline } from "./hits-sparkline";
import { RetroHuntButton } from "./retro-hunt-dialog";
import { ACTION_HINT, ACTION_LABEL, formatRate } from "./rule-labels";
import { RuleSetMenu } from "./rule-set-menu";

const num = new Intl.NumberFormat("en");
const TH = "px-3 py-1.5 font-medium whitespace-nowrap";

interface Props {
  sets: RuleSetDetail[];
  hunts: RetroHunt[];
  canWrite: boolean;
}

/** Every rule set of the tenant, each a table of its rules with hits, last hit and false-positive rate. */
export function RuleSetsView({ sets, hunts, canWrite }: Props) {
  return (
    <div className="space-y-6">
      {sets.map((set) => (
        <RuleSetCard key={set.id} set={set} hunts={hunts} canWrite={canWrite} />
      ))}
    </div>
  );
}

function RuleSetCard({ set, hunts, canWrite }: { set: RuleSetDetail; hunts: RetroHunt[]; canWrite: boolean }) {
  return (
    <section className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" data-testid="rule-set" data-ruleset={set.rulesetId} aria-labelledby={`set-${set.id}`}>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h2 id={`set-${set.id}`} className="min-w-0 truncate font-mono text-sm font-semibold" title={set.rulesetId}>
          {set.rulesetId}
        </h2>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {num.format(set.enabledCount)} of {num.format(set.ruleCount)} {set.ruleCount === 1 ? "rule" : "rules"} enabled · {num.format(set.hits)} hits · version {set.version}, changed by{" "}
          <span title={set.updatedBy}>{actorName(set.updatedBy)}</span> <RelativeTime iso={set.updatedAt} />
        </p>
        <div className="ml-auto flex items-center gap-2">
          {canWrite && (
            <Link href={`/rules/${set.id}/new`} className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" data-testid="add-rule">
              Add rule
            </Link>
          )}
          <RuleSetMenu setId={set.id} rulesetId={set.rulesetId} ruleCount={set.ruleCount} hits={set.hits} canWrite={canWrite} />
        </div>
      </header>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[1040px] border-collapse text-left text-[13px]" aria-label={`Rules of ${set.rulesetId}`}>
          <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th scope="col" className={`${TH} w-14`}>
                On
              </th>
              <th scope="col" className={TH}>
                Rule
              </th>
              <th scope="col" className={TH}>
                Event type
              </th>
              <th scope="col" className={TH}>
                Action
              </th>
              <th scope="col" className={`${TH} w-28`}>
                Hits, 14 days
              </th>
              <th scope="col" className={`${TH} text-right`}>
                Total
              </th>
              <th scope="col" className={TH}>
                Last hit
              </th>
              <th scope="col" className={`${TH} text-right`} title="False positives among the triaged issues of its detections">
                False positives
              </th>
              <th scope="col" className={TH}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {set.rules.map((r) => (
              <RuleRow key={r.id} set={set} rule={r} hunt={hunts.find((h) => h.ruleId === r.id) ?? null} canWrite={canWrite} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RuleRow({ set, rule: r, hunt, canWrite }: { set: RuleSetDetail; rule: DetectionRuleItem; hunt: RetroHunt | null; canWrite: boolean }) {
  const severity = detectionSeverity(r.action, r.severity);
  return (
    <tr className={`align-middle hover:bg-zinc-50 dark:hover:bg-zinc-800/50 ${r.enabled ? "" : "text-zinc-500 dark:text-zinc-400"}`} data-rule={r.ruleId}>
      <td className="px-3 py-2">
        <EnableToggle setId={set.id} ruleId={r.id} ruleName={r.ruleId} enabled={r.enabled} version={set.version} canWrite={canWrite} />
      </td>
      <td className="max-w-[22rem] px-3 py-2">
        <Link href={`/rules/${set.id}/${r.id}`} className="font-mono text-xs font-medium text-zinc-900 hover:underline dark:text-zinc-100" data-testid="rule-link">
          {r.ruleId}
        </Link>
        {!r.enabled && <span className="ml-2 rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">disabled</span>}
        {r.description && (
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={r.description}>
            {r.description}
          </p>
        )}
        {r.tags.length > 0 && (
          <p className="mt-0.5 flex flex-wrap gap-1">
            {r.tags.map((t) => (
              <span key={t} className="rounded border border-zinc-200 px-1 text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-300">
                {t}
              </span>
            ))}
          </p>
        )}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{r.eventType}</td>
      <td className="px-3 py-2 whitespace-nowrap" title={ACTION_HINT[r.action]}>
        <span className="mr-1.5">{ACTION_LABEL[r.action]}</span>
        {severity && <SeverityBadge severity={severity} size="sm" />}
      </td>
      <td className="px-3 py-1">
        <HitsSparkline days={r.hitsByDay} label={r.ruleId} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums">
        {r.hits > 0 ? (
          <Link href={`/events?range=30d&q=${encodeURIComponent(`flags:"${ruleFlagOf(set.rulesetId, r.ruleId, r.action)}"`)}`} className="hover:underline" title="The events it matched (last 30 days)">
            {num.format(r.hits)}
          </Link>
        ) : (
          "0"
        )}
      </td>
      <td className="px-3 py-2 text-xs whitespace-nowrap">{r.lastHitAt ? <RelativeTime iso={r.lastHitAt} /> : <span className="text-zinc-400">never</span>}</td>
      <td className="px-3 py-2 text-right text-xs whitespace-nowrap tabular-nums" data-testid="fp-rate">
        {r.triage.triaged > 0 ? (
          <span title={`${r.triage.falsePositives} of ${r.triage.triaged} triaged issues (${r.triage.issues} in all)`}>
            <span className={r.triage.rate !== null && r.triage.rate >= 0.5 ? "font-semibold text-red-700 dark:text-red-400" : ""}>{formatRate(r.triage.rate)}</span>
            <span className="ml-1 text-zinc-400">of {num.format(r.triage.triaged)}</span>
          </span>
        ) : (
          <span className="text-zinc-400" title={r.triage.issues > 0 ? `${r.triage.issues} issues, none triaged yet` : "No issues yet"}>
            —
          </span>
        )}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap">
        <RetroHuntButton ruleId={r.id} ruleName={r.ruleId} hunt={hunt} canWrite={canWrite} />
      </td>
    </tr>
  );
}
