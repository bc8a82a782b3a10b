// The queue's filters as SQL over `issues i`: shared by the list, its counts and bulk assessment.
import type { CallerContext } from "@/lib/auth/context";
import { escapeLike, Params } from "@/lib/events/compile";
import type { IssueSearchInput } from "./schemas";

/** WHERE conditions ($1 is the tenant); `withoutStatus` leaves the status filter out (the tabs' counts). */
export function issueConditions(
  ctx: CallerContext,
  s: Omit<IssueSearchInput, "limit" | "cursor" | "sort">,
  params: Params,
  withoutStatus = false,
): string[] {
  const conds = ["i.tenant_id = $1"];
  const anyOf = (col: string, values: string[] | undefined, type = "text") => {
    if (values && values.length > 0) conds.push(`${col} = ANY(${params.add(values)}::${type}[])`);
  };
  if (!withoutStatus) anyOf("i.status", s.status);
  anyOf("i.severity", s.severity);
  anyOf("i.type", s.type);
  anyOf("i.priority", s.priority);
  anyOf("i.cluster", s.cluster);
  anyOf("i.repository", s.repository);
  anyOf("i.close_reason", s.closeReason);
  if (s.flags?.length) conds.push(`i.flags && ${params.add(s.flags)}::text[]`);
  if (s.assignee?.length) {
    const ors: string[] = [];
    const ids = s.assignee.filter((a) => a !== "me" && a !== "unassigned");
    if (s.assignee.includes("me")) ids.push(ctx.userId ?? "00000000-0000-0000-0000-000000000000");
    if (ids.length) ors.push(`i.assignee_id = ANY(${params.add(ids)}::uuid[])`);
    if (s.assignee.includes("unassigned")) ors.push("i.assignee_id IS NULL");
    conds.push(`(${ors.join(" OR ")})`);
  }
  if (s.agent?.length) {
    const p = params.add(s.agent);
    conds.push(`i.id IN (SELECT ia.issue_id FROM issue_agents ia JOIN agents ag ON ag.id = ia.agent_id
                          WHERE ag.tenant_id = $1 AND (ag.name = ANY(${p}::text[]) OR ag.id::text = ANY(${p}::text[])))`);
  }
  const q = s.q?.trim();
  if (q) {
    const p = params.add(`%${escapeLike(q)}%`);
    const byId = /^#?\d{1,18}$/.test(q) ? ` OR i.id = ${params.add(q.replace("#", ""))}::bigint` : "";
    conds.push(`(i.title ILIKE ${p} OR i.destination ILIKE ${p} OR i.type ILIKE ${p}${byId})`);
  }
  if (s.from) conds.push(`i.last_seen_at >= ${params.add(s.from)}::timestamptz`);
  if (s.to) conds.push(`i.first_seen_at < ${params.add(s.to)}::timestamptz`);
  if (s.openedFrom) conds.push(`i.created_at >= ${params.add(s.openedFrom)}::timestamptz`);
  if (s.openedTo) conds.push(`i.created_at < ${params.add(s.openedTo)}::timestamptz`);
  return conds;
}
