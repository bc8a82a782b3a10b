import type { LineageView, Tone } from "@/lib/lineage/format-entry";
import { Time } from "@/components/ui/time";

const DOT: Record<Tone, string> = {
  neutral: "bg-zinc-400",
  info: "bg-sky-500",
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
};

function Value({ v }: { v: string | null }) {
  if (v === null) return <span className="text-zinc-400 dark:text-zinc-500">∅</span>;
  return (
    <span className="break-all font-mono text-xs" title={v}>
      {v.length > 160 ? `${v.slice(0, 160)}…` : v}
    </span>
  );
}

function FlagList({ flags, on }: { flags: string[]; on: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <span className="text-xs text-zinc-500 dark:text-zinc-400">{on ? "flags on" : "flags off"}</span>
      {flags.map((f) => (
        <span
          key={f}
          className={`rounded border px-1 font-mono text-[11px] ${on ? "border-emerald-300 text-emerald-800 dark:border-emerald-700 dark:text-emerald-300" : "border-zinc-300 text-zinc-500 line-through dark:border-zinc-600"}`}
        >
          {f}
        </span>
      ))}
    </span>
  );
}

/** One entry of a lineage timeline: what changed, who did it, when. */
export function LineageEntryView({ view }: { view: LineageView }) {
  const changes = view.changes.filter((c) => !(view.severity && c.field === "severity"));
  return (
    <li className="relative pb-4 pl-6 last:pb-0" data-testid="lineage-entry" data-action={view.action}>
      <span className={`absolute left-0 top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white dark:ring-zinc-900 ${DOT[view.tone]}`} aria-hidden />
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">{view.label}</span>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          by <span title={view.actor.raw}>{view.actor.name}</span> ({view.actor.kind})
        </span>
        <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
          <Time iso={view.at} />
        </span>
      </div>
      {view.severity && (
        <p className="mt-1 text-xs">
          <span className="text-zinc-500 dark:text-zinc-400">severity </span>
          <Value v={view.severity.before} /> → <Value v={view.severity.after} />
        </p>
      )}
      {(view.flagsOn.length > 0 || view.flagsOff.length > 0) && (
        <p className="mt-1 flex flex-wrap gap-3">
          {view.flagsOn.length > 0 && <FlagList flags={view.flagsOn} on />}
          {view.flagsOff.length > 0 && <FlagList flags={view.flagsOff} on={false} />}
        </p>
      )}
      {changes.length > 0 && (
        <table className="mt-1 w-full text-left text-xs">
          <caption className="sr-only">Changed fields</caption>
          <tbody>
            {changes.map((c) => (
              <tr key={c.field} className="align-top">
                <th scope="row" className="w-1/4 py-0.5 pr-2 font-normal text-zinc-500 dark:text-zinc-400">
                  {c.label}
                </th>
                <td className="py-0.5">
                  <Value v={c.before} /> <span className="text-zinc-400">→</span> <Value v={c.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.comment && <blockquote className="mt-1 border-l-2 border-zinc-300 pl-2 text-zinc-700 dark:border-zinc-600 dark:text-zinc-200">{view.comment}</blockquote>}
      {view.links.length > 0 && (
        <p className="mt-1 flex flex-wrap gap-2 text-xs">
          {view.links.map((l) => (
            <a key={l.href} href={l.href} className="text-emerald-700 hover:underline dark:text-emerald-400">
              {l.label}
            </a>
          ))}
        </p>
      )}
      {view.facts.length > 0 && (
        <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
          {view.facts.map((f) => (
            <span key={f.label}>
              {f.label}: <span className="font-mono wrap-anywhere text-zinc-700 dark:text-zinc-200">{f.value}</span>
            </span>
          ))}
        </p>
      )}
    </li>
  );
}
