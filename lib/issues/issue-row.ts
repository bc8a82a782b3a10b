// The issues row → DTO mapping shared by the queue, the issue page and every write's answer. Pure.
import type { Severity } from "@/lib/events/types";
import type { CloseReason, IssueFlag, IssueListItem, IssueStatus, Priority } from "./types";

/** The SELECT list the mapping reads: issue i, assignee u, agent a. */
export const ISSUE_SELECT = `i.id, i.title, i.type, i.kind, i.severity, i.severity_override, i.event_severity, i.status,
  i.close_reason, i.priority, i.flags, i.first_seen_at, i.last_seen_at, i.event_count, i.agent_count, i.where_kind,
  i.agent_id, a.name AS agent_name, i.cluster, i.namespace, i.workload, i.repository, i.workflow, i.destination,
  i.destination_kind, i.version, i.assignee_id, u.name AS assignee_name, u.email AS assignee_email, i.severity_rank,
  i.first_event_id, i.acknowledged_at, i.resolved_at, i.created_at, i.updated_at, i.accepts_events`;

export const ISSUE_FROM = `issues i LEFT JOIN users u ON u.id = i.assignee_id LEFT JOIN agents a ON a.id = i.agent_id`;

export interface IssueRow {
  id: string;
  title: string;
  type: string;
  kind: string;
  severity: Severity;
  severity_override: Severity | null;
  event_severity: Severity;
  status: IssueStatus;
  close_reason: CloseReason | null;
  priority: Priority;
  flags: IssueFlag[];
  first_seen_at: Date;
  last_seen_at: Date;
  event_count: string;
  agent_count: number;
  where_kind: "agent" | "workload" | "cicd";
  agent_id: string | null;
  agent_name: string | null;
  cluster: string | null;
  namespace: string | null;
  workload: string | null;
  repository: string | null;
  workflow: string | null;
  destination: string | null;
  destination_kind: "domain" | "ip" | "file" | "exe" | null;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  severity_rank: number;
  first_event_id: string;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
  accepts_events: boolean;
}

export function toIssueItem(r: IssueRow): IssueListItem {
  return {
    id: String(r.id),
    title: r.title,
    type: r.type,
    kind: r.kind,
    severity: r.severity,
    severityAdjusted: r.severity_override !== null,
    status: r.status,
    closeReason: r.close_reason,
    priority: r.priority,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "", email: r.assignee_email ?? "" } : null,
    flags: r.flags,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    eventCount: Number(r.event_count),
    agentCount: r.agent_count,
    where: {
      kind: r.where_kind,
      agent: r.agent_id ? { id: r.agent_id, name: r.agent_name ?? r.agent_id } : null,
      cluster: r.cluster,
      namespace: r.namespace,
      workload: r.workload,
      repository: r.repository,
      workflow: r.workflow,
    },
    destination: r.destination && r.destination_kind ? { value: r.destination, kind: r.destination_kind } : null,
    version: r.version,
  };
}
