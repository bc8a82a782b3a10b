"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { testRuleAction } from "@/app/(console)/rules/actions";
import type { ActionFailure } from "@/lib/auth/action";
import type { RuleEventType } from "@/lib/rules/event-model";
import type { RuleTestResult } from "@/lib/rules/test-rule";
import { BUTTON_SECONDARY, INPUT, LABEL } from "@/components/policies/form-styles";
import { RelativeTime } from "@/components/ui/relative-time";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

const num = new Intl.NumberFormat("en");
const LIMITS = [50, 200, 1000] as const;

/** "Test on events": the draft run over the newest stored events of its type, or over a pasted event, before it is saved. */
export function RuleTestPanel({ eventType, condition, conditionValid }: { eventType: RuleEventType; condition: string; conditionValid: boolean }) {
  const ids = useId();
  const action = useRefreshingAction();
  const [source, setSource] = useState<"stored" | "pasted">("stored");
  const [limit, setLimit] = useState<number>(200);
  const [pasted, setPasted] = useState("");
  const [result, setResult] = useState<RuleTestResult | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  async function run() {
    setFailure(null);
    let event: unknown;
    if (source === "pasted") {
      try {
        event = JSON.parse(pasted);
      } catch (err) {
        setResult(null);
        return setFailure({ ok: false, error: `The pasted event is not JSON: ${(err as Error).message}` });
      }
    }
    const res = await action.run(() => testRuleAction({ event_type: eventType, condition, ...(source === "pasted" ? { event } : { limit }) }), { refresh: false });
    if (res.ok) setResult(res.data);
    else {
      setResult(null);
      setFailure(res);
    }
  }

  return (
    <section aria-labelledby={`${ids}-title`} className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900" data-testid="rule-test">
      <h2 id={`${ids}-title`} className="text-sm font-semibold">
        Test on events
      </h2>
      <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">Runs the condition as it is in the editor, unsaved. Nothing is tagged.</p>
      <div className="mt-2 flex flex-wrap items-end gap-3 text-sm">
        <label className="flex items-center gap-1.5 whitespace-nowrap">
          <input type="radio" name={`${ids}-source`} checked={source === "stored"} onChange={() => setSource("stored")} />
          the newest
          <select aria-label="How many events" value={limit} onChange={(e) => setLimit(Number(e.target.value))} className={`${INPUT} w-auto py-0.5`} disabled={source !== "stored"}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {num.format(l)}
              </option>
            ))}
          </select>
          <span className="font-mono text-xs">{eventType}</span> events
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name={`${ids}-source`} checked={source === "pasted"} onChange={() => setSource("pasted")} />a pasted event
        </label>
        <button type="button" className={`${BUTTON_SECONDARY} ml-auto`} onClick={run} disabled={action.pending || !conditionValid || (source === "pasted" && pasted.trim() === "")} data-testid="run-test">
          {action.pending ? "Testing…" : "Run test"}
        </button>
      </div>
      {source === "pasted" && (
        <div className="mt-2">
          <label htmlFor={`${ids}-event`} className={LABEL}>
            One event as JSON: seed 002&apos;s form, or as any agent sends it (Garnet, Datadog, KubeArmor, Tetragon, Falco)
          </label>
          <textarea id={`${ids}-event`} value={pasted} onChange={(e) => setPasted(e.target.value)} rows={6} spellCheck={false} className={`${INPUT} font-mono text-xs`} data-testid="pasted-event" />
        </div>
      )}
      {!conditionValid && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Fix the condition to test it.</p>}
      {failure && (
        <p role="alert" className="mt-2 rounded-md border border-red-300 bg-red-50 px-2 py-1.5 text-xs text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
          {Object.values(failure.fieldErrors ?? {})[0] ?? failure.error}
        </p>
      )}
      {result && <TestResult result={result} />}
    </section>
  );
}

function TestResult({ result: r }: { result: RuleTestResult }) {
  if (r.source === "pasted") {
    return (
      <p role="status" className={`mt-3 text-sm font-medium ${r.matched ? "text-emerald-800 dark:text-emerald-300" : "text-zinc-700 dark:text-zinc-200"}`} data-testid="test-result">
        {r.matched ? "Matches" : "Does not match"} the pasted event (read as {r.format === "rule_event" ? "seed 002's JSON" : `a ${r.format} event`}).
      </p>
    );
  }
  return (
    <div className="mt-3" data-testid="test-result">
      <p role="status" className="text-sm">
        <span className="font-semibold tabular-nums">{num.format(r.matched)}</span> of {num.format(r.tested)} {r.eventType} events matched
        {!r.complete && <span className="text-zinc-500 dark:text-zinc-400"> (stopped after reading {num.format(r.scanned)} stored events)</span>}
        {r.tested === 0 && <span className="text-zinc-500 dark:text-zinc-400"> — no stored event of this type yet</span>}.
      </p>
      {r.matches.length > 0 && (
        <ul className="mt-2 max-h-72 divide-y divide-zinc-100 overflow-y-auto rounded border border-zinc-200 text-xs dark:divide-zinc-800 dark:border-zinc-800" aria-label="Matched events">
          {r.matches.map((m) => (
            <li key={m.id} className="flex items-baseline gap-3 px-2 py-1.5">
              <RelativeTime iso={m.occurredAt} className="w-16 shrink-0 text-zinc-500 dark:text-zinc-400" />
              <Link href={`/events/${m.id}`} className="min-w-0 flex-1 truncate font-mono hover:underline" title={m.summary}>
                {m.summary}
              </Link>
              <span className="shrink-0 text-zinc-500 dark:text-zinc-400">
                {m.sourceFormat}
                {m.agent ? ` · ${m.agent}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
      {r.matched > r.matches.length && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">The newest {r.matches.length} are listed.</p>}
    </div>
  );
}
