import { D } from "../detections";
import type { Pod, Proc } from "../model";
import type { Story } from "../story";
import { isNode, type Scenario } from "./types";

// Everyday workload activity in a pod: request handlers calling out, probes, periodic jobs,
// and now and then someone debugging with `kubectl exec` (the only part Falco alerts on).

function probe(s: Story, shimChain: Proc[], pod: Pod): void {
  const cmd = pod.spec.name === "prometheus" ? "wget -qO- http://localhost:9090/-/ready" : "cat /tmp/healthy";
  s.exec(shimChain, "/bin/sh", ["/bin/sh", "-c", cmd], { nsPpid: 0, uid: pod.spec.uid, user: pod.spec.user, cwd: pod.spec.cwd });
}

function subprocessEgress(s: Story, chain: Proc[], pod: Pod): void {
  const spec = pod.spec;
  let actor = chain;
  if (spec.name === "etl-worker") actor = s.exec(chain, spec.init.exe, ["python", "-m", "etl.task", "--batch", String(s.rng.int(1000, 9999))]);
  else if (spec.name === "jupyter") actor = s.exec(chain, spec.init.exe, ["/opt/conda/bin/python", "-m", "ipykernel_launcher", "-f", `/home/jovyan/.local/share/jupyter/runtime/kernel-${s.rng.hex(8)}.json`]);
  for (let i = s.rng.int(1, 4); i > 0; i--) {
    const domain = s.rng.pick(spec.egress);
    // The API server is whitelisted for system workloads; elsewhere it is worth a note.
    const verdict = domain.startsWith("kubernetes.") && spec.namespace !== "kube-system" && spec.namespace !== "monitoring" ? { detection: D.k8sApi } : {};
    s.egress(actor, domain, verdict);
  }
}

function kubectlExec(s: Story, shimChain: Proc[], pod: Pod): void {
  const bash = s.exec(shimChain, "/bin/bash", ["bash"], { nsPpid: 0, uid: 0, user: "root", cwd: "/" }, { detection: D.terminalShell });
  s.exec(bash, "/bin/ls", ["ls", "-la", pod.spec.cwd]);
  if (pod.spec.webserver) {
    const cat = s.exec(bash, "/bin/cat", ["cat", "/etc/nginx/conf.d/default.conf"]);
    s.file(cat, "/etc/nginx/conf.d/default.conf", false, { detection: D.configRead, enforcement: "audit" });
  }
  if (s.rng.chance(0.5)) {
    // Most clusters forbid package managers in running containers.
    s.blockedExec(bash, "/usr/bin/apt-get", ["apt-get", "install", "-y", "curl"], { detection: D.pkgMgmt, enforcement: "block" });
  }
  s.exec(bash, "/usr/bin/env", ["env"]);
}

/** Falco stays silent on ordinary traffic; what it does report are its noisier notice-level rules. */
function falcoNoise(s: Story, shimChain: Proc[], handler: Proc[], pod: Pod): void {
  if (s.rng.chance(0.5)) {
    kubectlExec(s, shimChain, pod);
    return;
  }
  for (let i = s.rng.int(1, 2); i > 0; i--) {
    s.egress(handler, "kubernetes.default.svc.cluster.local", { detection: D.k8sApi });
    s.tick(30_000, 300_000);
  }
}

export const kubernetes: Scenario = {
  name: "kubernetes",
  weight: 48,
  eligible: isNode,
  run(s) {
    const pod = s.pod as Pod;
    const ps = s.world.pod(s.agent, pod);
    const shimChain = ps.initChain.slice(1);
    const handler = ps.workerChain ?? ps.initChain;
    if (s.format === "falco") {
      falcoNoise(s, shimChain, handler, pod);
      return;
    }
    const roll = s.rng.next();
    if (roll < 0.55) subprocessEgress(s, handler, pod);
    else if (roll < 0.85) {
      probe(s, shimChain, pod);
      subprocessEgress(s, handler, pod);
    } else if (roll < 0.95) {
      probe(s, shimChain, pod);
      probe(s, shimChain, pod);
    } else kubectlExec(s, shimChain, pod);
  },
};
