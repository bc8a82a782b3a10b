import { FLEET_DETECTIONS } from "../fleet-detections";
import type { Pod, Proc } from "../model";
import type { Story } from "../story";
import { Zipf, tailAnswer, tailArgv, tailDomain, tailExe } from "../tail";
import type { Scenario } from "./types";

// Scenarios only the fleet shape runs: the long tail of programs and destinations, Job pods, and
// the detections of a bigger rule set (fleet-detections.ts).

const EXES = new Zipf(60_000, 1.05);
const DOMAINS = new Zipf(40_000, 1.05);
const ATTACKS = new Zipf(FLEET_DETECTIONS.length, 0.8);

/** Where a story's processes hang: the pod's application, else the host's long-lived chain. */
function anchor(s: Story): Proc[] {
  if (!s.pod) return s.world.baseChain(s.agent);
  const ps = s.world.pod(s.agent, s.pod);
  return ps.workerChain ?? ps.initChain;
}

function tailRun(s: Story, parent: Proc[]): void {
  const exe = tailExe(EXES.sample(s.rng));
  const proc = s.exec(parent, exe, tailArgv(exe, s.rng));
  for (let i = s.rng.chance(0.7) ? s.rng.int(1, 3) : 0; i > 0; i--) {
    s.egress(proc, tailDomain(DOMAINS.sample(s.rng)), {}, 443, tailAnswer);
  }
}

export const tailActivity: Scenario = {
  name: "tail-activity",
  weight: 30,
  eligible: (a) => a.format !== "falco",
  run(s) {
    const parent = anchor(s);
    for (let i = s.rng.int(1, 3); i > 0; i--) tailRun(s, parent);
  },
};

export const batchJob: Scenario = {
  name: "batch-job",
  weight: 40,
  eligible: (a) => a.kind === "kubernetes" && a.format !== "falco",
  run(s) {
    const pod = s.pod as Pod;
    const ps = s.world.pod(s.agent, pod);
    const sh = s.exec(ps.initChain, "/bin/sh", ["/bin/sh", "-c", pod.spec.init.argv.join(" ")]);
    const main = s.exec(sh, pod.spec.init.exe, pod.spec.init.argv);
    s.egress(main, s.rng.pick(pod.spec.egress), {}, 443, tailAnswer);
    if (s.rng.chance(0.5)) tailRun(s, main);
  },
};

export const fleetAttacks: Scenario = {
  name: "fleet-attacks",
  weight: 4,
  eligible: (a) => a.kind !== "github",
  run(s) {
    const d = FLEET_DETECTIONS[ATTACKS.sample(s.rng)];
    const parent = anchor(s);
    const sh = s.exec(parent, "/bin/sh", ["sh", "-c", d.argv.join(" ")]);
    const block = s.format === "kubearmor" && s.rng.chance(0.5);
    if (block && !d.file) {
      s.blockedExec(sh, d.exe, d.argv, { detection: d, enforcement: "block" });
      return;
    }
    const proc = s.exec(sh, d.exe, d.argv, {}, d.file ? {} : { detection: d, enforcement: s.format === "kubearmor" ? "audit" : undefined });
    if (d.file) s.file(proc, d.file.path, d.file.write, { detection: d, enforcement: block ? "block" : s.format === "kubearmor" ? "audit" : undefined });
  },
};
