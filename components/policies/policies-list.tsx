import Link from "next/link";
import type { NetworkPolicyItem } from "@/lib/policies/schemas";
import { POLICY_SCOPES } from "@/lib/policies/scope-ref";
import { RelativeTime } from "@/components/ui/relative-time";
import { ModeBadge } from "./mode-badge";
import { actorName, changeText, SCOPE_HINT, SCOPE_LABEL } from "./policy-labels";

const num = new Intl.NumberFormat("en");
const TH = "px-3 py-1.5 font-medium whitespace-nowrap";

/** The tenant's policies, one group per scope from the widest to the narrowest. */
export function PoliciesList({ policies }: { policies: NetworkPolicyItem[] }) {
  const groups = POLICY_SCOPES.map((scope) => ({ scope, items: policies.filter((p) => p.scope === scope) })).filter((g) => g.items.length > 0);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full min-w-[760px] border-collapse text-left text-[13px]" data-testid="policies-table" aria-label="Network policies">
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className={`${TH} w-[40%]`}>
              Applies to
            </th>
            <th scope="col" className={`${TH} w-28`}>
              Mode
            </th>
            <th scope="col" className={`${TH} w-20 text-right`}>
              Rules
            </th>
            <th scope="col" className={TH}>
              Last change
            </th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.scope} className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-scope={g.scope}>
            <tr className="bg-zinc-50/60 dark:bg-zinc-800/30">
              <th scope="colgroup" colSpan={4} className="px-3 pt-2.5 pb-1 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                {SCOPE_LABEL[g.scope]}
                <span className="ml-2 font-normal normal-case tracking-normal text-zinc-400 dark:text-zinc-500">{SCOPE_HINT[g.scope]}</span>
              </th>
            </tr>
            {g.items.map((p) => (
              <PolicyRow key={p.id} policy={p} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function PolicyRow({ policy: p }: { policy: NetworkPolicyItem }) {
  return (
    <tr className="hover:bg-zinc-100/70 dark:hover:bg-zinc-800/60" data-policy-id={p.id}>
      <td className="px-3 py-2">
        <Link href={`/policies/${p.id}`} className="group flex min-w-0 items-baseline gap-2 font-medium text-zinc-900 dark:text-zinc-100">
          {p.scope === "global" ? (
            <span className="group-hover:underline">All agents</span>
          ) : (
            <span className="min-w-0 truncate font-mono text-xs group-hover:underline" title={p.scopeRef}>
              {p.scopeRef}
            </span>
          )}
        </Link>
      </td>
      <td className="px-3 py-2">
        <ModeBadge mode={p.mode} />
      </td>
      <td className="px-3 py-2 text-right tabular-nums">{num.format(p.ruleCount)}</td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-300">
        {p.lastChange ? (
          <span className="flex min-w-0 items-baseline gap-1.5">
            <span>{changeText(p.lastChange)}</span>
            <span className="text-zinc-400 dark:text-zinc-500">by</span>
            <span className="min-w-0 truncate" title={p.lastChange.actor}>
              {actorName(p.lastChange.actor)}
            </span>
            <RelativeTime iso={p.lastChange.at} className="ml-auto text-xs text-zinc-500 dark:text-zinc-400" />
          </span>
        ) : (
          <span className="text-zinc-400">—</span>
        )}
      </td>
    </tr>
  );
}
