import { BAD_DOMAINS, BENIGN_DOMAINS, badCategory } from "../domains";
import { D } from "../detections";
import type { DetectionDef, Enforcement, Pod, Proc } from "../model";
import type { Story } from "../story";
import type { Scenario } from "./types";

// Lookups of dynamic-DNS, threat-intel and badware domains that resolve through CNAME chains,
// mixed with ordinary lookups, from a pod or a CI job. Garnet sometimes drops the domain by policy.

function detectionFor(domain: string): DetectionDef {
  const cat = badCategory(domain);
  return cat === "dyndns" ? D.dyndns : cat === "threat" ? D.threat : D.badware;
}

function enforcement(s: Story): Enforcement | undefined {
  if (s.format === "garnet" && s.rng.chance(0.4)) return "drop";
  if (s.format === "kubearmor") return s.rng.chance(0.3) ? "block" : "audit";
  return undefined;
}

function actorInPod(s: Story, pod: Pod, url: string): Proc[] {
  const ps = s.world.pod(s.agent, pod);
  const base = ps.workerChain ?? ps.initChain;
  const tool = s.rng.pick([
    { exe: "/usr/bin/curl", argv: ["curl", "-s", "-m", "5", url] },
    { exe: "/usr/bin/wget", argv: ["wget", "-q", "-O", "-", url] },
    { exe: "/usr/bin/python3", argv: ["python3", "-c", "import sys, urllib.request; urllib.request.urlopen(sys.argv[1])", url] },
  ]);
  const sh = s.exec(base, "/bin/sh", ["sh", "-c", tool.argv.join(" ")]);
  return s.exec(sh, tool.exe, tool.argv);
}

function actorInRun(s: Story): Proc[] {
  const worker = s.exec(s.world.baseChain(s.agent), "/home/runner/actions-runner/bin/Runner.Worker", [
    "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "112", "115",
  ], { uid: 1001, user: "runner", cwd: "/home/runner/actions-runner" });
  const bash = s.exec(worker, "/usr/bin/bash", ["/usr/bin/bash", "-e", `/home/runner/work/_temp/${s.rng.hex(8)}.sh`], { cwd: s.ci?.workspace });
  const npm = s.exec(bash, "/usr/local/bin/npm", ["npm", "test"]);
  return s.exec(npm, "/usr/local/bin/node", ["node", "test/integration.js"]);
}

export const dnsBadDomains: Scenario = {
  name: "dns-bad-domains",
  weight: 5,
  eligible: (a) => a.format !== "tetragon" && a.kind !== "vanilla",
  ci: true,
  run(s) {
    const domain = s.rng.pick(BAD_DOMAINS);
    const url = `https://${domain}/api/v2/${s.rng.alnum(10)}`;
    const actor = s.pod ? actorInPod(s, s.pod, url) : actorInRun(s);
    if (s.rng.chance(0.6)) s.egress(actor, s.rng.pick(BENIGN_DOMAINS.slice(0, 12)));
    const verdict = { detection: detectionFor(domain), enforcement: enforcement(s) };
    for (let i = s.rng.int(1, 3); i > 0; i--) {
      s.egress(actor, domain, verdict);
      s.tick(1_000, 30_000);
    }
  },
};
