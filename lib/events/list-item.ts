// The events row → EventListItem mapping shared by search (lib/events/search.ts) and the event
// detail (lib/events/event-detail.ts). Pure.
import type { EventListItem, Severity } from "./types";

/** The events columns a list row reads. */
export const LIST_COLUMNS = `id, occurred_at, received_at, kind, type, severity, source_format, title, agent_id, hostname,
  cluster, namespace, node, pod, container, image, repository, workflow, process_exe, process_comm, process_args,
  process_pid, process_ppid, process_uid, parent_exe, remote_address, remote_port, remote_name, protocol, domain,
  file_path, action, outcome, policy_name, flags`;

/** An events row as SELECTed (snake_case), with the agent's name joined in. */
export interface ListRow {
  id: string;
  occurred_at: Date;
  received_at: Date;
  kind: string;
  type: string;
  severity: Severity;
  source_format: string;
  title: string | null;
  agent_id: string | null;
  agent_name: string | null;
  hostname: string | null;
  cluster: string | null;
  namespace: string | null;
  node: string | null;
  pod: string | null;
  container: string | null;
  image: string | null;
  repository: string | null;
  workflow: string | null;
  process_exe: string | null;
  process_comm: string | null;
  process_args: string | null;
  process_pid: number | null;
  process_ppid: number | null;
  process_uid: number | null;
  parent_exe: string | null;
  remote_address: string | null;
  remote_port: number | null;
  remote_name: string | null;
  protocol: string | null;
  domain: string | null;
  file_path: string | null;
  action: string | null;
  outcome: string | null;
  policy_name: string | null;
  flags: string[];
}

export function toListItem(r: ListRow): EventListItem {
  return {
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    kind: r.kind,
    type: r.type,
    severity: r.severity,
    sourceFormat: r.source_format,
    title: r.title,
    agent: r.agent_id ? { id: r.agent_id, name: r.agent_name ?? r.agent_id } : null,
    hostname: r.hostname,
    cluster: r.cluster,
    namespace: r.namespace,
    node: r.node,
    pod: r.pod,
    container: r.container,
    image: r.image,
    repository: r.repository,
    workflow: r.workflow,
    processExe: r.process_exe,
    processComm: r.process_comm,
    processArgs: r.process_args,
    processPid: r.process_pid,
    processPpid: r.process_ppid,
    processUid: r.process_uid,
    parentExe: r.parent_exe,
    remoteAddress: r.remote_address,
    remotePort: r.remote_port,
    remoteName: r.remote_name,
    protocol: r.protocol,
    domain: r.domain,
    filePath: r.file_path,
    action: r.action,
    outcome: r.outcome,
    policyName: r.policy_name,
    flags: r.flags,
  };
}
