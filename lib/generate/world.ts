import type { AgentSpec, CiRun, Pod, Proc, Repo } from "./model";
import type { Rng } from "./prng";

// Mutable state of one generation run: pid counters, long-lived processes, CI run numbering.
// Keeping daemons and container init processes per agent is what makes process trees join up.

const DAY = 86_400_000;
const PID_MAX = 4_194_304;
// A fleet's nodes see thousands of short-lived pods; only the most recent ones keep their state.
const POD_STATE_CAP = 256;

export interface HostState {
  boot: number;
  nextPid: number;
  /** Oldest-first chain of long-lived host processes (systemd, runner listener, …). */
  base: Proc[];
  pods: Map<string, PodState>;
}

export interface PodState {
  /** Nearest-first chain ending at systemd: [init, shim, systemd] or [worker, init, shim, systemd]. */
  initChain: Proc[];
  workerChain?: Proc[];
  nextNsPid: number;
}

export class World {
  private readonly hosts = new Map<string, HostState>();
  private nextRunId: number;
  private readonly runNumbers = new Map<string, number>();

  constructor(
    readonly rng: Rng,
    readonly start: number,
  ) {
    this.nextRunId = 11_000_000_000 + rng.int(0, 900_000_000);
  }

  host(agent: AgentSpec): HostState {
    let h = this.hosts.get(agent.id);
    if (!h) {
      h = this.bootHost(agent);
      this.hosts.set(agent.id, h);
    }
    return h;
  }

  allocPid(h: HostState): number {
    h.nextPid += 1 + (this.rng.u32() % 48);
    if (h.nextPid >= PID_MAX) h.nextPid = 3000 + (this.rng.u32() % 1000);
    return h.nextPid;
  }

  /** A new process under `parent` (nearest-first chain, parent at [0]); returns the child's chain. */
  spawn(h: HostState, chain: Proc[], exe: string, argv: string[], at: number, opts: Partial<Proc> = {}): Proc[] {
    const parent = chain[0];
    const proc: Proc = {
      pid: this.allocPid(h),
      ppid: parent ? parent.pid : 0,
      exe,
      argv,
      uid: parent ? parent.uid : 0,
      user: parent ? parent.user : "root",
      cwd: parent ? parent.cwd : "/",
      start: at,
      ...opts,
    };
    const out = new Array<Proc>(chain.length + 1);
    out[0] = proc;
    for (let i = 0; i < chain.length; i++) out[i + 1] = chain[i];
    return out;
  }

  /** Nearest-first chain of the host's long-lived processes (newest daemon first). */
  baseChain(agent: AgentSpec): Proc[] {
    return this.host(agent).base.slice().reverse();
  }

  pod(agent: AgentSpec, pod: Pod): PodState {
    const h = this.host(agent);
    let p = h.pods.get(pod.name);
    if (p) return p;
    const systemd = h.base[0];
    const started = pod.started ?? this.start - this.rng.int(3_600_000, 20 * DAY);
    const shim = this.spawn(h, [systemd], "/usr/bin/containerd-shim-runc-v2", [
      "/usr/bin/containerd-shim-runc-v2", "-namespace", "k8s.io", "-id", pod.containerId.slice(0, 64), "-address", "/run/containerd/containerd.sock",
    ], started - 900);
    const spec = pod.spec;
    const initChain = this.spawn(h, shim, spec.init.exe, spec.init.argv, started, {
      uid: spec.uid, user: spec.user, cwd: spec.cwd, nsPid: 1, nsPpid: 0, containerId: pod.containerId, containerStart: started,
    });
    p = { initChain, nextNsPid: 7 + this.rng.int(0, 20) };
    if (spec.worker) {
      p.workerChain = this.spawn(h, initChain, spec.worker.exe, spec.worker.argv, started + 40, {
        nsPid: p.nextNsPid++, nsPpid: 1, containerId: pod.containerId, containerStart: started,
      });
    }
    h.pods.set(pod.name, p);
    if (h.pods.size > POD_STATE_CAP) h.pods.delete(h.pods.keys().next().value as string);
    return p;
  }

  newRun(agent: AgentSpec, repo: Repo): CiRun {
    const rng = this.rng;
    const wf = rng.pick(repo.workflows);
    const runNumber = (this.runNumbers.get(repo.fullName) ?? rng.int(800, 4000)) + 1;
    this.runNumbers.set(repo.fullName, runNumber);
    this.nextRunId += rng.int(3, 4000);
    const name = repo.fullName.split("/")[1];
    const pr = rng.chance(0.55);
    return {
      repo,
      workflow: wf.name,
      workflowFile: wf.file,
      job: rng.pick(wf.jobs),
      runId: String(this.nextRunId),
      runNumber,
      runAttempt: rng.chance(0.08) ? 2 : 1,
      sha: rng.hex(40),
      ref: pr ? `refs/pull/${rng.int(100, 2400)}/merge` : "refs/heads/main",
      eventName: pr ? "pull_request" : rng.chance(0.85) ? "push" : "schedule",
      actor: rng.pick(repo.actors),
      workspace: `/home/runner/work/${name}/${name}`,
    };
  }

  private bootHost(agent: AgentSpec): HostState {
    const rng = this.rng;
    const boot = this.start - rng.int(2 * DAY, 40 * DAY);
    const h: HostState = { boot, nextPid: rng.int(1200, 2400), base: [], pods: new Map() };
    const systemd: Proc = {
      pid: 1, ppid: 0, exe: "/usr/lib/systemd/systemd", argv: ["/sbin/init"], uid: 0, user: "root", cwd: "/", start: boot,
    };
    h.base.push(systemd);
    if (agent.kind === "github") {
      const listener = this.spawn(h, [systemd], "/home/runner/actions-runner/bin/Runner.Listener", [
        "/home/runner/actions-runner/bin/Runner.Listener", "run", "--startuptype", "service",
      ], boot + 21_000, { uid: 1001, user: "runner", cwd: "/home/runner/actions-runner" });
      h.base.push(listener[0]);
    } else if (agent.kind === "kubernetes") {
      const containerd = this.spawn(h, [systemd], "/usr/bin/containerd", ["/usr/bin/containerd"], boot + 9_000);
      h.base.push(containerd[0]);
    } else {
      const sshd = this.spawn(h, [systemd], "/usr/sbin/sshd", ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"], boot + 7_000);
      h.base.push(sshd[0]);
    }
    // Host pids climb for days after boot; start the counter somewhere realistic.
    h.nextPid = rng.int(40_000, 900_000);
    return h;
  }
}
