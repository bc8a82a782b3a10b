"use client";

import Link from "next/link";
import type { LineagePage } from "@/lib/lineage/format-entry";
import type { ListRulesResponse } from "@/lib/policies/queries";
import type { RuleListState } from "@/lib/policies/rule-search-params";
import type { NetworkPolicyItem } from "@/lib/policies/schemas";
import { Section } from "@/components/event-detail/section";
import { LineageTimeline } from "@/components/lineage/lineage-timeline";
import { StatusLine, useStatusMessage } from "@/components/ui/status-line";
import { DeletePolicyButton } from "./delete-policy-button";
import { ModeSwitch } from "./mode-switch";
import { PolicyHeader } from "./policy-header";
import { RulesSection } from "./rules-section";
import { POLICY_SUBJECT_TYPE } from "./use-policy-action";

interface Props {
  tenantId: string;
  policy: NetworkPolicyItem;
  rules: ListRulesResponse;
  state: RuleListState;
  lineage: LineagePage;
  canWrite: boolean;
}

/** One policy: header and mode, its rules, its lineage. */
export function PolicyDetailView({ tenantId, policy, rules, state, lineage, canWrite }: Props) {
  const status = useStatusMessage();
  return (
    <div className="mx-auto max-w-[1600px] space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/policies" className="text-zinc-600 hover:text-zinc-900 hover:underline dark:text-zinc-300 dark:hover:text-white">
          ← Network policies
        </Link>
      </nav>
      <PolicyHeader
        policy={policy}
        controls={
          canWrite ? (
            <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
              <span className="text-xs text-zinc-500 dark:text-zinc-400">Mode</span>
              <ModeSwitch tenantId={tenantId} policy={policy} notify={status.show} />
              <span className="ml-auto">
                <DeletePolicyButton tenantId={tenantId} policy={policy} />
              </span>
            </div>
          ) : (
            <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400" data-testid="read-only-note">
              Read only: your role can view this policy but not change it. Ask an admin to change its mode or rules.
            </p>
          )
        }
      />
      {/* The rules table needs the full width; the lineage follows it. */}
      <Section title="Rules" id="rules" flush>
        <RulesSection tenantId={tenantId} policyId={policy.id} rules={rules} state={state} canWrite={canWrite} notify={status.show} />
      </Section>
      <Section title="Lineage" id="lineage">
        <div className="max-h-[40rem] max-w-4xl overflow-y-auto pr-2">
          <LineageTimeline tenantId={tenantId} subjectType={POLICY_SUBJECT_TYPE} subjectId={policy.id} endpoint={`/api/v1/network-policies/${encodeURIComponent(policy.id)}/lineage`} initial={lineage} />
        </div>
      </Section>
      <StatusLine message={status.message} onDismiss={status.dismiss} />
    </div>
  );
}
