import { answer, servicePort } from "./domains";
import type { AgentSpec, CiRun, DetectionDef, DnsAnswer, Enforcement, Format, NetInfo, Op, Pod, Proc, SimEvent } from "./model";
import type { Rng } from "./prng";
import type { HostState, World } from "./world";

// A story is a short burst of related events on one agent: the scenario drives it with
// exec / egress / file calls and the story decides what this agent's format can actually see.

const SEES: Record<Format, ReadonlySet<Op>> = {
  garnet: new Set<Op>(["exec", "connect", "file"]),
  datadog: new Set<Op>(["exec", "dns", "file"]),
  kubearmor: new Set<Op>(["exec", "connect", "dns", "file"]),
  runtime: new Set<Op>(["exec", "connect", "dns", "file"]),
  tetragon: new Set<Op>(["exec", "connect", "file"]),
  falco: new Set<Op>(["exec", "connect", "dns", "file"]),
};

export interface Verdict {
  detection?: DetectionDef;
  enforcement?: Enforcement;
}

export interface StoryInit {
  world: World;
  agent: AgentSpec;
  t0: number;
  clamp: (t: number) => number;
  pod?: Pod;
  ci?: CiRun;
}

export class Story {
  readonly events: SimEvent[] = [];
  readonly world: World;
  readonly agent: AgentSpec;
  readonly rng: Rng;
  readonly host: HostState;
  readonly pod?: Pod;
  readonly ci?: CiRun;
  t: number;
  private readonly clamp: (t: number) => number;

  constructor(init: StoryInit) {
    this.world = init.world;
    this.agent = init.agent;
    this.rng = init.world.rng;
    this.host = init.world.host(init.agent);
    this.pod = init.pod;
    this.ci = init.ci;
    this.t = init.t0;
    this.clamp = init.clamp;
  }

  get format(): Format {
    return this.agent.format;
  }

  tick(minMs: number, maxMs: number): void {
    this.t += this.rng.int(minMs, maxMs);
  }

  /** Spawns a child of chain[0] now and records its exec; returns the child's chain. */
  exec(chain: Proc[], exe: string, argv: string[], opts: Partial<Proc> = {}, verdict: Verdict = {}): Proc[] {
    this.tick(2, 900);
    const child = this.spawn(chain, exe, argv, opts);
    this.emit("exec", child, verdict);
    return child;
  }

  /** Records an exec that the agent stopped before it ran: no process survives it. */
  blockedExec(chain: Proc[], exe: string, argv: string[], verdict: Verdict): void {
    // An agent without the rule cannot have blocked anything: the process simply runs.
    if (!this.knows(verdict)) {
      this.exec(chain, exe, argv);
      return;
    }
    this.tick(2, 400);
    const child = this.spawn(chain, exe, argv, {});
    child[0].exit = this.t;
    this.emit("exec", child, verdict);
  }

  private spawn(chain: Proc[], exe: string, argv: string[], opts: Partial<Proc>): Proc[] {
    const parent = chain[0];
    // Children of containerized processes, and processes exec'd into the container, get a namespace pid.
    const inPod = this.pod !== undefined && (parent?.nsPid !== undefined || opts.nsPpid !== undefined);
    let ns: Partial<Proc> = {};
    if (inPod && this.pod) {
      const ps = this.world.pod(this.agent, this.pod);
      ns = { nsPid: ps.nextNsPid++, nsPpid: parent?.nsPid ?? 0, containerId: this.pod.containerId, containerStart: ps.initChain[0].start };
    }
    return this.world.spawn(this.host, chain, exe, argv, this.t, { ...ns, ...opts });
  }

  /** DNS lookup plus connection, each shown only where the format can see it. */
  egress(chain: Proc[], domain: string, verdict: Verdict = {}, port?: number, resolve: (domain: string, pick: number) => DnsAnswer = answer): NetInfo {
    this.tick(5, 1500);
    const dns = resolve(domain, this.rng.u32());
    const net = this.net(dns.ip, port ?? servicePort(domain));
    net.dns = dns;
    const dropped = verdict.enforcement === "drop" || verdict.enforcement === "block";
    if (this.format === "garnet") {
      // Garnet reports every flow and, separately, the detection about it; a dropped flow is netpolicy only.
      if (!dropped) this.emit("connect", chain, {}, net);
      if (verdict.detection) this.emit("connect", chain, verdict, net);
      return net;
    }
    this.emit("dns", chain, verdict, net);
    this.tick(1, 60);
    if (!dropped) this.emit("connect", chain, verdict.detection ? verdict : {}, net);
    return net;
  }

  connectIp(chain: Proc[], ip: string, port: number, verdict: Verdict = {}): NetInfo {
    this.tick(5, 800);
    const net = this.net(ip, port);
    this.emit("connect", chain, verdict, net);
    return net;
  }

  file(chain: Proc[], path: string, write: boolean, verdict: Verdict = {}): void {
    this.tick(1, 400);
    this.emit("file", chain, verdict, undefined, { path, write });
  }

  private knows(verdict: Verdict): boolean {
    const only = verdict.detection?.only;
    return !only || only.includes(this.format);
  }

  private net(ip: string, port: number): NetInfo {
    const localIp = this.pod ? this.pod.ip : this.agent.ip;
    return { proto: "TCP", localIp, localPort: 32768 + (this.rng.u32() % 28000), remoteIp: ip, remotePort: port };
  }

  private emit(op: Op, chain: Proc[], given: Verdict, net?: NetInfo, file?: SimEvent["file"]): void {
    if (!SEES[this.format].has(op)) return;
    // A detection this agent has no rule for is just activity to it.
    const verdict = this.knows(given) ? given : {};
    // Falco only speaks when a rule fires.
    if (this.format === "falco" && !verdict.detection) return;
    let enforcement = verdict.enforcement;
    if (enforcement === "drop" && this.format !== "garnet") enforcement = "block";
    this.events.push({
      seq: 0,
      time: this.clamp(this.t),
      agent: this.agent,
      op,
      proc: chain[0],
      ancestors: chain.slice(1),
      pod: this.pod,
      ci: this.ci,
      net,
      file,
      detection: verdict.detection,
      enforcement,
    });
  }
}
