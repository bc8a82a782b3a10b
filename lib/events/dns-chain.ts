// The resolution path of a flow or domain event, joined with its connection and verdict:
// process → queried domain → CNAMEs → IP → flow → allowed/blocked. Pure.
//
// Garnet reports `names` as [IP, CNAME_N, …, CNAME_1, original_domain]; the chain is drawn the
// other way round, from the name the program asked for to the address it reached. Sources
// without a chain get only what they state: no resolution steps are invented.
import type { FlowInfo } from "@/lib/ingest/types";
import type { EventDetail } from "./event-detail-types";

export interface DnsChainInput {
  kind: string;
  type: string;
  domain: string | null;
  dnsNames: string[];
  flow: FlowInfo | null;
  remoteAddress: string | null;
  remotePort: number | null;
  remoteName: string | null;
  protocol: string | null;
  action: string | null;
  outcome: string | null;
  policyName: string | null;
  flags: string[];
  process: { pid: number | null; exe: string | null; comm: string | null; args: string | null } | null;
}

export type DnsStep =
  | { kind: "domain"; name: string }
  | { kind: "cname"; name: string }
  | { kind: "ip"; address: string };

export interface FlowEndpointView {
  address: string | null;
  port: number | null;
  name: string | null;
}

export interface FlowView {
  protocol: string | null;
  direction: string | null;
  status: string | null;
  ipVersion: number | null;
  local: FlowEndpointView | null;
  remote: FlowEndpointView | null;
}

export type Decision = "blocked" | "audited" | "allowed";

export interface Verdict {
  decision: Decision;
  action: string | null;
  outcome: string | null;
  policyName: string | null;
  /** Rule or rule set named by the event's flags ("rule:…", "ruleset:…"). */
  rule: string | null;
  /** One sentence for the picture: "Blocked by policy deny-miners (action block, outcome denied)". */
  reason: string;
}

export interface DnsChain {
  /** The event is about a destination at all (domain, address or flow known). */
  applicable: boolean;
  process: DnsChainInput["process"];
  /** From the queried domain to the IP. */
  steps: DnsStep[];
  /** "reported": the source gave the resolution path; "not-reported": domain and IP known, the path between them not. */
  resolution: "reported" | "not-reported" | "none";
  flow: FlowView | null;
  verdict: Verdict;
}

const BLOCK_ACTIONS = new Set(["block", "deny", "drop", "kill", "reject", "prevent", "quarantine"]);
const BLOCK_OUTCOMES = new Set(["denied", "blocked", "killed", "dropped", "prevented", "rejected"]);
const AUDIT_ACTIONS = new Set(["audit", "detect", "alert", "log", "warn"]);
const DROP_TYPES = new Set(["drop_ip", "drop_domain"]);

export function isIpLiteral(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (/^[0-9a-fA-F:.]+$/.test(s) && s.split(":").length > 2);
}

function sameName(a: string, b: string): boolean {
  return a.replace(/\.$/, "").toLowerCase() === b.replace(/\.$/, "").toLowerCase();
}

function withoutRepeats(names: string[]): string[] {
  return names.filter((n, i) => i === 0 || !sameName(n, names[i - 1]));
}

function stepsOf(input: DnsChainInput): { steps: DnsStep[]; resolution: DnsChain["resolution"] } {
  const names = withoutRepeats(input.dnsNames.map((n) => n.trim()).filter((n) => n !== ""));
  // A connection to port 53 is the query going to a resolver: its address is not what the
  // domain resolved to, so it never ends the chain.
  const toResolver = (input.flow?.remote?.port ?? input.remotePort) === 53;
  const remote = toResolver ? null : (input.flow?.remote?.address ?? input.remoteAddress);
  const nameIsIp = names.length > 0 && isIpLiteral(names[0]);
  const hostnames = (nameIsIp ? names.slice(1) : names).filter((n) => !isIpLiteral(n)).reverse();
  if (hostnames.length > 0) {
    const [domain, ...cnames] = hostnames;
    const ip = nameIsIp ? names[0] : remote;
    const steps: DnsStep[] = [{ kind: "domain", name: domain }, ...cnames.map((name) => ({ kind: "cname" as const, name }))];
    if (ip) steps.push({ kind: "ip", address: ip });
    return { steps, resolution: ip && nameIsIp ? "reported" : ip ? "not-reported" : "none" };
  }
  const remoteName = input.flow?.remote?.name ?? input.remoteName;
  const domain = input.domain ?? (remoteName && !isIpLiteral(remoteName) ? remoteName : null);
  const ip = nameIsIp ? names[0] : remote;
  const steps: DnsStep[] = [];
  if (domain) steps.push({ kind: "domain", name: domain });
  if (ip) steps.push({ kind: "ip", address: ip });
  return { steps, resolution: domain && ip ? "not-reported" : "none" };
}

function flowOf(input: DnsChainInput): FlowView | null {
  const f = input.flow;
  const endpoint = (e: FlowInfo["local"], fallback?: FlowEndpointView): FlowEndpointView | null => {
    const v = { address: e?.address ?? fallback?.address ?? null, port: e?.port ?? fallback?.port ?? null, name: e?.name ?? fallback?.name ?? null };
    return v.address === null && v.port === null && v.name === null ? null : v;
  };
  const remote = endpoint(f?.remote, { address: input.remoteAddress, port: input.remotePort, name: input.remoteName });
  const local = endpoint(f?.local);
  const protocol = f?.protocol ?? input.protocol;
  if (!f && !remote && !protocol) return null;
  return {
    protocol: protocol ? protocol.toUpperCase() : null,
    direction: f?.direction ?? null,
    status: f?.status ?? null,
    ipVersion: f?.ipVersion ?? null,
    local,
    remote,
  };
}

function flagValue(flags: string[], ...prefixes: string[]): string | null {
  for (const p of prefixes) {
    const hit = flags.find((f) => f.startsWith(`${p}:`));
    if (hit) return hit.slice(p.length + 1);
  }
  return null;
}

export function verdictOf(input: Pick<DnsChainInput, "type" | "action" | "outcome" | "policyName" | "flags">): Verdict {
  const action = input.action?.toLowerCase() ?? null;
  const outcome = input.outcome?.toLowerCase() ?? null;
  const rule = flagValue(input.flags, "rule", "ruleset");
  const blocked =
    (action !== null && BLOCK_ACTIONS.has(action)) ||
    (outcome !== null && BLOCK_OUTCOMES.has(outcome)) ||
    input.flags.includes("blocked") ||
    DROP_TYPES.has(input.type);
  const decision: Decision = blocked ? "blocked" : action !== null && AUDIT_ACTIONS.has(action) ? "audited" : "allowed";
  const by = [input.policyName && `policy ${input.policyName}`, rule && `rule ${rule}`].filter(Boolean).join(", ");
  const detail = [action && `action ${action}`, outcome && `outcome ${outcome}`].filter(Boolean).join(", ");
  const head =
    decision === "blocked"
      ? `Blocked${by ? ` by ${by}` : " by the agent"}`
      : decision === "audited"
        ? `Allowed and recorded${by ? ` by ${by}` : ""}`
        : `Allowed${by ? ` (matched ${by})` : ": no block was reported"}`;
  return { decision, action, outcome, policyName: input.policyName, rule, reason: detail ? `${head} (${detail})` : head };
}

export function buildDnsChain(input: DnsChainInput): DnsChain {
  const { steps, resolution } = stepsOf(input);
  const flow = flowOf(input);
  return {
    applicable: steps.length > 0 || flow !== null,
    process: input.process,
    steps,
    resolution,
    flow,
    verdict: verdictOf(input),
  };
}

/** The DNS chain of a loaded event: its typed columns, flow JSON and process. */
export function dnsChainOf(e: EventDetail): DnsChain {
  const { parent: _parent, ...self } = e.process ?? {};
  void _parent;
  return buildDnsChain({
    kind: e.kind,
    type: e.type,
    domain: e.domain,
    dnsNames: e.dnsNames,
    flow: e.flow,
    remoteAddress: e.remoteAddress,
    remotePort: e.remotePort,
    remoteName: e.remoteName,
    protocol: e.protocol,
    action: e.action,
    outcome: e.outcome,
    policyName: e.policyName,
    flags: e.flags,
    process:
      e.process || e.processPid !== null || e.processExe
        ? {
            pid: self.pid ?? e.processPid,
            exe: self.exe ?? e.processExe,
            comm: self.comm ?? e.processComm,
            args: self.args ?? e.processArgs,
          }
        : null,
  });
}
