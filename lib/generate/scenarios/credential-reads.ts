import { D } from "../detections";
import type { Pod, Proc } from "../model";
import type { Story } from "../story";
import type { Scenario } from "./types";

// Reads of credential files: /etc/shadow from a shell in a pod, cloud and registry credentials
// from application processes, the runner's .npmrc from a CI step. KubeArmor blocks /etc/shadow.

function inPod(s: Story, pod: Pod): void {
  const ps = s.world.pod(s.agent, pod);
  const roll = s.rng.next();
  if (roll < 0.4) {
    const sh = s.exec(ps.initChain.slice(1), "/bin/sh", ["sh"], { nsPpid: 0, uid: 0, user: "root", cwd: "/" });
    const cat = s.exec(sh, "/bin/cat", ["cat", "/etc/shadow"]);
    const block = s.format === "kubearmor" && s.rng.chance(0.7);
    s.file(cat, "/etc/shadow", false, { detection: D.credRead, enforcement: block ? "block" : s.format === "kubearmor" ? "audit" : undefined });
    return;
  }
  const app = ps.workerChain ?? ps.initChain;
  const path = roll < 0.75 ? `/home/${pod.spec.user}/.aws/credentials` : `${pod.spec.cwd}/.npmrc`;
  const reader: Proc[] = s.rng.chance(0.5) ? s.exec(app, "/bin/cat", ["cat", path]) : app;
  s.file(reader, path, false, { detection: D.credRead, enforcement: s.format === "kubearmor" ? "audit" : undefined });
  if (s.rng.chance(0.5)) s.egress(app, s.rng.pick(pod.spec.egress));
}

function inRun(s: Story): void {
  const worker = s.exec(s.world.baseChain(s.agent), "/home/runner/actions-runner/bin/Runner.Worker", [
    "/home/runner/actions-runner/bin/Runner.Worker", "spawnclient", "108", "111",
  ], { uid: 1001, user: "runner", cwd: "/home/runner/actions-runner" });
  const bash = s.exec(worker, "/usr/bin/bash", ["/usr/bin/bash", "-e", `/home/runner/work/_temp/${s.rng.hex(8)}.sh`], { cwd: s.ci?.workspace });
  const npm = s.exec(bash, "/usr/local/bin/npm", ["npm", "publish", "--access", "restricted"]);
  // npm reading its own token is normal; a shell descendant doing it is what the rule looks for.
  s.file(npm, "/home/runner/.npmrc", false);
  const sh = s.exec(npm, "/bin/sh", ["sh", "-c", "node scripts/prepublish.js"]);
  const node = s.exec(sh, "/usr/local/bin/node", ["node", "scripts/prepublish.js"]);
  s.file(node, s.rng.chance(0.6) ? "/home/runner/.npmrc" : "/home/runner/.aws/credentials", false, { detection: D.credRead });
  s.egress(npm, "registry.npmjs.org");
}

export const credentialReads: Scenario = {
  name: "credential-reads",
  weight: 4,
  eligible: () => true,
  ci: true,
  run(s) {
    if (s.pod) inPod(s, s.pod);
    else if (s.ci) inRun(s);
    else {
      const base = s.world.baseChain(s.agent);
      const bash = s.exec(base, "/usr/bin/bash", ["-bash"], { uid: 1000, user: "ops", cwd: "/home/ops" });
      s.file(s.exec(bash, "/usr/bin/sudo", ["sudo", "cat", "/etc/shadow"], { uid: 0, user: "root" }), "/etc/shadow", false, { detection: D.credRead });
    }
  },
};
