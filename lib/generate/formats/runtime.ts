import type { Proc, SimEvent } from "../model";
import { isoNanos } from "../time";
import { type Rec, type RenderCtx, eventId, memo } from "./common";

// Runtime rules-engine event (seed 002): {event_type, process:{exec_path, argv, ancestors}, payload}
// wrapped in the sender's envelope: id, timestamp, agent, github run context and the matched rule.

const BENIGN_RULES: Record<string, [string, string]> = {
  process_exec: ["acme/process", "process_inventory"],
  network_connect: ["acme/network", "egress_inventory"],
  domain: ["acme/dns", "domain_inventory"],
  file_open: ["acme/file", "secret_file_access"],
};

const lite = memo((p: Proc): Rec => ({ exec_path: p.exe, argv: p.argv }));

/** Ancestors newest-first; each lists its descendants on the way down to the current process. */
function ancestorsOf(chain: Proc[]): Rec[] {
  const out = new Array<Rec>(chain.length);
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i];
    const descendants = new Array<Rec>(i);
    for (let j = 0; j < i; j++) descendants[j] = lite(chain[i - 1 - j]);
    out[i] = { exec_path: p.exe, argv: p.argv, pid: p.pid, ppid: p.ppid, uid: p.uid, descendants };
  }
  return out;
}

function eventType(ev: SimEvent): string {
  if (ev.op === "connect") return "network_connect";
  if (ev.op === "dns") return "domain";
  if (ev.op === "file") return "file_open";
  return "process_exec";
}

function payloadOf(ev: SimEvent): Rec {
  if (ev.op === "connect" && ev.net) return { remote_ip: ev.net.remoteIp, remote_port: ev.net.remotePort, protocol: "tcp", family: "ipv4" };
  if (ev.op === "dns" && ev.net?.dns) return { domain: ev.net.dns.domain, source: "dns" };
  if (ev.op === "file" && ev.file) return { path: ev.file.path, is_read: !ev.file.write, is_write: ev.file.write, flags: ev.file.write ? 577 : 0 };
  return { is_memfd: false };
}

const githubCache = new WeakMap<object, Rec>();

export function renderRuntime(ctx: RenderCtx, ev: SimEvent): Rec {
  const type = eventType(ev);
  const d = ev.detection;
  const [ruleset, rule] = d ? [d.runtimeRuleset, d.runtimeRule] : BENIGN_RULES[type];
  const out: Rec = {
    id: eventId(ctx, ev),
    timestamp: isoNanos(ev.time, ev.seq),
    agent: { id: ev.agent.id, hostname: ev.agent.hostname, os: ev.agent.os, arch: ev.agent.arch, version: ev.agent.version },
  };
  const run = ev.ci;
  if (run) {
    let gh = githubCache.get(run);
    if (!gh) {
      gh = {
        repository: run.repo.fullName, workflow: run.workflow, job: run.job, run_id: run.runId,
        run_number: String(run.runNumber), run_attempt: String(run.runAttempt), sha: run.sha, ref: run.ref,
        actor: run.actor, event_name: run.eventName,
      };
      githubCache.set(run, gh);
    }
    out.github = gh;
  }
  out.event_type = type;
  out.process = { exec_path: ev.proc.exe, argv: ev.proc.argv, pid: ev.proc.pid, ppid: ev.proc.ppid, uid: ev.proc.uid, ancestors: ancestorsOf(ev.ancestors) };
  out.payload = payloadOf(ev);
  out.ruleset_id = ruleset;
  out.rule_id = rule;
  out.action = d ? "detect" : "collect";
  if (d) out.severity = d.severity;
  return out;
}
