import { EVENT_FIELDS, type RuleEventType } from "@/lib/rules/event-model";
import { CEL_HELPERS, EVENT_TYPE_HINT } from "./rule-labels";

const PROCESS = [
  { name: "process.exec_path", type: "string", meaning: "Executable path" },
  { name: "process.argv", type: "list<string>", meaning: "Arguments, argv[0] first" },
  { name: "process.ancestors", type: "list", meaning: "Parent first, then grandparent, …; each with exec_path, argv and descendants" },
  { name: "a.descendants", type: "list", meaning: "Of an ancestor a: the processes from it toward this one, parent → child, without this one" },
];

/** What a condition of the chosen event type can name, and the helpers it can call. */
export function FieldReference({ eventType }: { eventType: RuleEventType }) {
  const rows = [...EVENT_FIELDS[eventType].map((f) => ({ ...f, type: f.type as string })), ...PROCESS];
  return (
    <div className="space-y-4 text-xs" data-testid="field-reference">
      <div>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          Fields of <span className="font-mono normal-case">{eventType}</span>
        </h3>
        <p className="mb-2 text-zinc-500 dark:text-zinc-400">An event where {EVENT_TYPE_HINT[eventType]}. A field the agent did not send reads as empty, 0 or false.</p>
        <table className="w-full border-collapse">
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((f) => (
              <tr key={f.name} className="align-top">
                <td className="py-1 pr-2 font-mono text-zinc-900 dark:text-zinc-100">{f.name}</td>
                <td className="py-1 pr-2 font-mono text-zinc-500 dark:text-zinc-400">{f.type}</td>
                <td className="py-1 text-zinc-600 dark:text-zinc-300">{f.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">Helpers</h3>
        <ul className="space-y-1.5">
          {CEL_HELPERS.map((h) => (
            <li key={h.name}>
              <span className="font-mono font-medium text-zinc-900 dark:text-zinc-100">{h.name}</span> <span className="text-zinc-500 dark:text-zinc-400">— {h.meaning}</span>
              <code className="mt-0.5 block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-300" title={h.example}>
                {h.example}
              </code>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
