import { docsUrl } from "../detections";
import type { AgentSpec, CiRun, NetInfo, Proc, SimEvent } from "../model";
import { iso, isoSeconds } from "../time";
import { type Rec, type RenderCtx, basename, cmdline, comm, eventId, memo, rootFirst } from "./common";

// Garnet event (garnet-org/api EventV2 with ashkaal data): {id, kind, agent, data:{head, process,
// parent, flow, full_info.ancestry, …}, created_at, updated_at}.

function process(p: Proc): Rec {
  const name = comm(p);
  return {
    start: isoSeconds(p.start),
    exit: "running",
    retcode: 0,
    uid: p.uid,
    pid: p.pid,
    ppid: p.ppid,
    comm: name,
    cmd: name,
    exe: p.exe,
    args: cmdline(p),
  };
}

const liveProcess = memo(process);

function processAt(p: Proc, at: number): Rec {
  return p.exit !== undefined && p.exit <= at ? { ...process(p), exit: isoSeconds(p.exit), retcode: 137 } : liveProcess(p);
}

function node(address: string, port: number, names: string[], name: string): Rec {
  return { address, name, names, port };
}

function flow(net: NetInfo, ended: boolean): Rec {
  const names = net.dns ? net.dns.names : [net.remoteIp];
  return {
    ip_version: 4,
    proto: net.proto,
    service_port: net.remotePort,
    local: node(net.localIp, net.localPort, [net.localIp], net.localIp),
    remote: node(net.remoteIp, net.remotePort, names, net.dns ? net.dns.domain : net.remoteIp),
    properties: {
      ingress: false, egress: true, incoming: false, outgoing: true,
      started: true, ongoing: !ended, ended, terminator: ended, terminated: false,
    },
    settings: { direction: "egress", initiated_by: "local", status: ended ? "ended" : "ongoing", ended_by: ended ? "local" : "" },
  };
}

function githubContext(run: CiRun, agent: AgentSpec): Rec {
  const name = run.repo.fullName.split("/")[1];
  return {
    id: `${run.runId}-${run.runAttempt}`,
    action: "__run",
    actor: run.actor,
    actor_id: String(40_000_000 + (run.actor.length * 7919) % 999_999),
    event_name: run.eventName,
    job: run.job,
    ref: run.ref,
    ref_name: run.ref.replace(/^refs\/(heads|pull)\//, ""),
    ref_protected: run.ref === "refs/heads/main",
    ref_type: "branch",
    repository: run.repo.fullName,
    repository_id: String(run.repo.id),
    repository_owner: run.repo.owner,
    repository_owner_id: String(run.repo.ownerId),
    run_attempt: String(run.runAttempt),
    run_id: run.runId,
    run_number: String(run.runNumber),
    runner_arch: agent.arch === "arm64" ? "ARM64" : "X64",
    runner_os: "Linux",
    server_url: "https://github.com",
    sha: run.sha,
    triggering_actor: run.actor,
    workflow: run.workflow,
    workflow_ref: `${run.repo.fullName}/.github/workflows/${run.workflowFile}@${run.ref}`,
    workflow_sha: run.sha,
    workspace: `/home/runner/work/${name}/${name}`,
  };
}

const agentCache = new WeakMap<object, Rec>();

function agentOf(ev: SimEvent): Rec {
  const key: object = ev.ci ?? ev.agent;
  let a = agentCache.get(key);
  if (a) return a;
  const spec = ev.agent;
  const since = iso(ev.ci ? ev.time - 60_000 : Date.UTC(2025, 0, 6, 9, 30));
  a = {
    id: spec.id,
    os: spec.os,
    arch: spec.arch,
    hostname: spec.hostname,
    version: spec.version,
    ip: spec.ip,
    machine_id: spec.machineId,
    labels: spec.cluster ? { cluster: spec.cluster.name } : { repository: spec.repo?.fullName ?? "" },
    kind: spec.kind,
    active: true,
    created_at: since,
    updated_at: since,
  };
  if (ev.ci) a.github_context = githubContext(ev.ci, spec);
  if (spec.cluster) a.kubernetes_context = { id: spec.id, cluster: spec.cluster.name, namespace: "", node: spec.hostname, created_at: since, updated_at: since };
  agentCache.set(key, a);
  return a;
}

function head(ev: SimEvent, kind: string): Rec {
  const d = ev.detection;
  if (kind === "netpolicy") {
    const name = ev.net?.dns ? "dropdomain" : "dropip";
    const what = ev.net?.dns ? `domain ${ev.net.dns.domain}` : `IP ${ev.net?.remoteIp ?? ""}`;
    return { name, version: "1.0", format: name, description: `Network policy dropped ${what}`, documentation: "", category: "network_policy", mechanism: "network_peers", method: "netpolicy", importance: d?.severity ?? "medium" };
  }
  if (d) {
    return {
      name: d.name, version: "1.0", format: d.mechanism, description: d.description, documentation: docsUrl(d),
      category: d.category, mechanism: d.mechanism, method: d.technique, importance: d.severity,
    };
  }
  const name = ev.op === "connect" ? "flow" : ev.op === "file" ? "file_access" : "execution";
  return { name, version: "1.0", format: name, description: "", documentation: "", category: "", mechanism: name, method: "", importance: "low" };
}

export function renderGarnet(ctx: RenderCtx, ev: SimEvent): Rec {
  const kind = ev.enforcement === "drop" ? "netpolicy" : ev.detection ? "detections" : ev.op === "connect" ? "flows" : "infos";
  const at = iso(ev.time);
  const ancestry = rootFirst(ev.ancestors).map(liveProcess);
  ancestry.push(processAt(ev.proc, ev.time));
  const data: Rec = {
    timestamp: at,
    head: head(ev, kind),
    process: ancestry[ancestry.length - 1],
    full_info: { ancestry },
  };
  if (ev.ancestors.length > 0) data.parent = ancestry[ancestry.length - 2];
  if (ev.net) {
    if (kind !== "netpolicy") data.flow = flow(ev.net, ev.op === "connect" && ev.proc.exit !== undefined);
    else if (ev.net.dns) {
      data.resolve = ev.net.dns.domain;
      data.resolve_flow = { ...flow({ ...ev.net, remoteIp: "127.0.0.53", remotePort: 53, proto: "UDP", dns: undefined }, true), service_port: 53 };
    } else data.dropped = flow(ev.net, true);
  }
  if (ev.file) {
    const done = ev.file.write ? ["open", "write", "close"] : ["open", "read", "close"];
    data.file = { path: ev.file.path, base: basename(ev.file.path), actions: { actions: done, open: true, read: !ev.file.write, write: ev.file.write, close: true } };
  }
  if (ev.pod) {
    data.scenarios = { k8s: { scenario_type: "k8s", cluster: ev.pod.cluster.name, namespace: ev.pod.spec.namespace, pod: ev.pod.name, node: ev.pod.node } };
  }
  return { id: eventId(ctx, ev), agent_id: ev.agent.id, agent: agentOf(ev), kind, data, created_at: at, updated_at: at };
}
