import type { Metadata } from "next";
import { loadOrNotFound, requirePageUser } from "@/lib/auth/page-auth";
import { roleCan } from "@/lib/auth/roles";
import { contextOf } from "@/lib/auth/session";
import { getPolicy, getPolicyLineage, listRules } from "@/lib/policies/queries";
import { parseRuleSearchParams, RULE_PAGE_SIZE } from "@/lib/policies/rule-search-params";
import { PolicyDetailView } from "@/components/policies/policy-detail-view";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export const metadata: Metadata = { title: "Network policy" };

export default async function PolicyRoute({ params, searchParams }: Props) {
  const user = await requirePageUser();
  const ctx = contextOf(user);
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  const state = parseRuleSearchParams(raw);
  const policy = await loadOrNotFound(getPolicy({ ctx, input: { id } }));
  const [rules, lineage] = await Promise.all([
    listRules({ ctx, input: { id: policy.id, q: state.q || undefined, sort: state.sort, page: state.page, limit: RULE_PAGE_SIZE, conflicts: state.conflicts } }),
    getPolicyLineage({ ctx, input: { id: policy.id } }),
  ]);
  return <PolicyDetailView tenantId={ctx.tenantId} policy={policy} rules={rules} state={{ ...state, page: rules.page }} lineage={lineage} canWrite={roleCan(ctx.role, "admin")} />;
}
