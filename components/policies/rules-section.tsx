"use client";

import type { SortingState } from "@tanstack/react-table";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useMemo, useState, useTransition } from "react";
import { deleteRulesAction } from "@/app/(console)/policies/actions";
import type { ActionFailure } from "@/lib/auth/action";
import type { ListRulesResponse } from "@/lib/policies/queries";
import { RULE_SORTS, ruleSearchToParams, type RuleListState, type RuleSort } from "@/lib/policies/rule-search-params";
import type { NetworkPolicyRuleItem } from "@/lib/policies/schemas";
import { DataTable } from "@/components/data-table/data-table";
import { ConfirmDialog } from "./confirm-dialog";
import { ConflictsBanner } from "./conflicts-banner";
import { FormError } from "./form-error";
import { RULE_TABLE_COLUMNS } from "./rule-columns";
import { RuleFormDialog } from "./rule-form-dialog";
import { RuleRowContext, type RuleRowContextValue } from "./rule-row-context";
import { RulesPager } from "./rules-pager";
import { RulesToolbar } from "./rules-toolbar";
import { usePolicyAction } from "./use-policy-action";

interface Props {
  tenantId: string;
  policyId: string;
  rules: ListRulesResponse;
  state: RuleListState;
  canWrite: boolean;
  notify: (text: string, tone?: "success" | "warning" | "error") => void;
}

type Editing = { rule?: NetworkPolicyRuleItem } | null;

/** The policy's rules, a page at a time from the server; the URL holds filter, sort and page. */
export function RulesSection({ tenantId, policyId, rules, state, canWrite, notify }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [navigating, startNavigation] = useTransition();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const action = usePolicyAction(tenantId, policyId);

  const navigate = useCallback(
    (next: Partial<RuleListState>) => {
      setSelected(new Set());
      const query = ruleSearchToParams({ ...state, page: 1, ...next }).toString();
      startNavigation(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
    },
    [state, pathname, router],
  );
  const onFilter = useCallback((q: string) => navigate({ q }), [navigate]);

  const chosen = rules.data.filter((r) => selected.has(r.id));
  const context = useMemo<RuleRowContextValue>(
    () => ({
      canWrite,
      isSelected: (id) => selected.has(id),
      toggle: (id) =>
        setSelected((old) => {
          const next = new Set(old);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      pageSelection: chosen.length === 0 ? false : chosen.length === rules.data.length ? true : null,
      togglePage: () => setSelected(chosen.length === rules.data.length ? new Set() : new Set(rules.data.map((r) => r.id))),
      conflictsOf: (id) => rules.conflicts[id],
      edit: (rule) => setEditing({ rule }),
    }),
    [canWrite, selected, chosen.length, rules],
  );
  const sorting = useMemo<SortingState>(() => [{ id: state.sort.replace(/^-/, ""), desc: state.sort.startsWith("-") }], [state.sort]);
  const visibility = useMemo(() => ({ select: canWrite, edit: canWrite }), [canWrite]);

  async function deleteChosen() {
    const res = await action.run(() => deleteRulesAction({ policyId, rules: chosen.map((r) => ({ id: r.id, version: r.version })) }));
    if (!res.ok) return setFailure(res);
    setDeleting(false);
    setSelected(new Set());
    const { deleted, failed } = res.data;
    if (failed.length === 0) notify(`Deleted ${deleted.length} ${deleted.length === 1 ? "rule" : "rules"}.`);
    else notify(`Deleted ${deleted.length}; ${failed.length} not deleted: ${failed[0].error}`, "warning");
  }

  const empty = rules.total === 0;
  return (
    <RuleRowContext.Provider value={context}>
      <RulesToolbar
        q={state.q}
        onFilter={onFilter}
        selectedCount={chosen.length}
        onDeleteSelected={() => {
          setFailure(null);
          setDeleting(true);
        }}
        onClearSelection={() => setSelected(new Set())}
        onAdd={canWrite ? () => setEditing({}) : undefined}
      />
      <ConflictsBanner count={rules.conflictCount} only={state.conflicts} onToggle={() => navigate({ conflicts: !state.conflicts })} />
      {empty ? (
        <p className="px-4 py-8 text-center text-zinc-500 dark:text-zinc-400" data-testid="rules-empty">
          {state.q || state.conflicts
            ? "No rule matches."
            : canWrite
              ? "No rules yet. Add one, or block a destination from an event or issue."
              : "No rules yet. Rules are added by admins, or by blocking a destination from an event or issue."}
        </p>
      ) : (
        <DataTable
          ariaLabel="Rules"
          testId="rules-table"
          columns={RULE_TABLE_COLUMNS}
          data={rules.data}
          getRowId={(r) => r.id}
          columnVisibility={visibility}
          sorting={sorting}
          onSortingChange={(next) => {
            const s = next[0];
            const key = s ? `${s.desc ? "-" : ""}${s.id}` : null;
            if (key && (RULE_SORTS as readonly string[]).includes(key)) navigate({ sort: key as RuleSort });
          }}
          rowState={(r) => ({ selected: selected.has(r.id) })}
          stale={navigating}
        />
      )}
      <RulesPager page={rules.page} pageCount={rules.pageCount} limit={rules.limit} total={rules.total} shown={rules.data.length} onPage={(page) => navigate({ page })} />
      {editing && (
        <RuleFormDialog
          tenantId={tenantId}
          policyId={policyId}
          rule={editing.rule}
          onClose={() => setEditing(null)}
          onSaved={(text) => {
            setEditing(null);
            notify(text);
          }}
        />
      )}
      {deleting && chosen.length > 0 && (
        <ConfirmDialog
          title={`Delete ${chosen.length === 1 ? "this rule" : `${chosen.length} rules`}?`}
          confirmLabel="Delete"
          danger
          busy={action.pending}
          onConfirm={() => void deleteChosen()}
          onClose={() => setDeleting(false)}
          testId="delete-rules-dialog"
          error={<FormError failure={failure} />}
        >
          <p>Agents stop applying {chosen.length === 1 ? "it" : "them"} at once. The lineage keeps a record of each rule.</p>
          <ul className="max-h-40 overflow-auto font-mono text-xs">
            {chosen.slice(0, 8).map((r) => (
              <li key={r.id}>
                {r.action} {r.type} {r.value}
              </li>
            ))}
            {chosen.length > 8 && <li className="font-sans text-zinc-500">and {chosen.length - 8} more</li>}
          </ul>
        </ConfirmDialog>
      )}
    </RuleRowContext.Provider>
  );
}
