import type { AgentSpec, Cluster, Format, Pod, Repo, WorkloadSpec } from "./model";
import { REPOS } from "./pool";
import { WORKLOADS } from "./pool-k8s";
import { type Rng, hash32, stableHex, uuidFor } from "./prng";

// The fleet shape: 1,200 agents over 24 clusters and 40 repositories, team namespaces running the
// estate's workloads, and pods that churn (rollouts, autoscaling, jobs), so a month of events names
// a hundred thousand pods. Like the estate's pool it does not depend on the run's seed.

const HOUR = 3_600_000;
const FLEET_KEY = hash32("vigil-generator-fleet-agents");

const VERSIONS: Record<Format, string> = {
  garnet: "v2.8.1", datadog: "7.58.2", kubearmor: "v1.4.3", runtime: "0.9.4", tetragon: "v1.2.0", falco: "0.39.1",
};

const PROVIDERS = [
  { provider: "eks", regions: ["eu-west-1", "us-east-1", "ap-southeast-2"] },
  { provider: "gke", regions: ["us-central1", "europe-west4"] },
  { provider: "aks", regions: ["westeurope", "eastus2"] },
] as const;

export const FLEET_CLUSTERS: Cluster[] = Array.from({ length: 24 }, (_, i) => {
  const p = PROVIDERS[i % PROVIDERS.length];
  const env = i < 14 ? "prod" : i < 20 ? "staging" : "dev";
  const region = p.regions[Math.floor(i / PROVIDERS.length) % p.regions.length];
  return { name: `${env}-${region}-${String(i + 1).padStart(2, "0")}`, provider: p.provider, region, podCidr: `10.${100 + i}` };
});

const TEAMS = [
  "storefront", "payments", "checkout", "search", "recommendations", "identity", "notifications", "billing", "analytics",
  "inventory", "shipping", "fraud", "ads", "media", "data-pipeline", "ml-jobs", "platform", "support",
] as const;

const SERVICE_WORDS = [
  "web", "api", "billing", "catalog", "checkout", "identity", "ledger", "media", "mobile", "orders", "pricing", "search",
  "shipping", "support", "tax", "analytics", "ml", "data", "ops", "infra",
] as const;

export const FLEET_REPOS: Repo[] = Array.from({ length: 40 }, (_, i) => {
  const template = REPOS[i % REPOS.length];
  const name = `${SERVICE_WORDS[i % SERVICE_WORDS.length]}-${["service", "app", "worker", "jobs"][Math.floor(i / SERVICE_WORDS.length) % 4]}`;
  return { ...template, fullName: `acme/${name}`, id: 700_000_000 + (hash32(name) % 99_000_000) };
});

// Every agent kind is present; Kubernetes nodes dominate, as in a real fleet.
const LAYOUT: Array<{ format: Format; kind: "github" | "kubernetes" | "vanilla"; count: number; share: number }> = [
  { format: "garnet", kind: "github", count: 150, share: 1 },
  { format: "runtime", kind: "github", count: 90, share: 0.9 },
  { format: "garnet", kind: "kubernetes", count: 150, share: 1 },
  { format: "datadog", kind: "kubernetes", count: 180, share: 1.35 },
  { format: "datadog", kind: "vanilla", count: 60, share: 1 },
  { format: "kubearmor", kind: "kubernetes", count: 180, share: 0.75 },
  { format: "tetragon", kind: "kubernetes", count: 210, share: 1.4 },
  { format: "falco", kind: "kubernetes", count: 180, share: 0.7 },
];

function ipFor(label: string, prefix: string): string {
  const h = hash32(label);
  return `${prefix}.${(h >>> 8) & 0xff}.${(h & 0xfe) + 1}`;
}

function nodeHostname(cluster: Cluster, clusterIndex: number, ordinal: number, salt: string): string {
  if (cluster.provider === "eks") return `ip-10-${100 + clusterIndex}-${Math.floor(ordinal / 250)}-${(ordinal % 250) + 1}.${cluster.region}.compute.internal`;
  if (cluster.provider === "gke") return `gke-${cluster.name}-default-pool-${salt.slice(0, 8)}-${salt.slice(8, 12)}`;
  return `aks-nodepool${1 + (ordinal % 3)}-${parseInt(salt.slice(0, 7), 16) % 90000000}-vmss${ordinal.toString(36).padStart(6, "0")}`;
}

function buildAgents(): AgentSpec[] {
  const agents: AgentSpec[] = [];
  const perCluster = new Array<number>(FLEET_CLUSTERS.length).fill(0);
  let index = 0;
  let nodes = 0;
  let runners = 0;
  for (const group of LAYOUT) {
    for (let i = 0; i < group.count; i++, index++) {
      const salt = stableHex(`fleet-agent-${index}`, 16);
      const base = {
        id: uuidFor(FLEET_KEY, index),
        format: group.format,
        kind: group.kind,
        machineId: stableHex(`fleet-machine-${index}`, 32),
        version: VERSIONS[group.format],
        os: "linux",
        arch: i % 4 === 3 ? "arm64" : "amd64",
        // Zipf-like but flatter than the estate's, so every agent of a thousand is heard from.
        weight: group.share / Math.pow(i + 1, 0.5),
      };
      if (group.kind === "github") {
        const repo = FLEET_REPOS[runners++ % FLEET_REPOS.length];
        const hostname = `gh-runner-${repo.fullName.split("/")[1]}-${salt.slice(0, 6)}`;
        agents.push({ ...base, hostname, ip: ipFor(hostname, "10.8"), repo });
      } else if (group.kind === "kubernetes") {
        // 40 % of the nodes go to the six biggest clusters, the rest spread over all of them.
        const c = hash32(`fleet-node-${nodes++}`) % 1000 < 400 ? nodes % 6 : nodes % FLEET_CLUSTERS.length;
        const cluster = FLEET_CLUSTERS[c];
        const hostname = nodeHostname(cluster, c, perCluster[c]++, salt);
        const eksIp = /^ip-(\d+)-(\d+)-(\d+)-(\d+)\./.exec(hostname);
        const ip = eksIp ? eksIp.slice(1, 5).join(".") : ipFor(hostname, "10.128");
        agents.push({ ...base, hostname, ip, cluster });
      } else {
        const hostname = `${["bastion", "db", "vpn", "build", "batch"][i % 5]}-${salt.slice(0, 5)}.acme.internal`;
        agents.push({ ...base, hostname, ip: ipFor(hostname, "10.1") });
      }
    }
  }
  return agents;
}

export const FLEET_AGENTS: AgentSpec[] = buildAgents();

// Kubernetes' own name alphabet (no vowels, no ambiguous digits).
const K8S_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function k8sName(label: string, len: number): string {
  let out = "";
  for (let i = 0; out.length < len; i++) out += K8S_ALPHABET[hash32(label, i) % K8S_ALPHABET.length];
  return out;
}

/** A workload of the estate deployed by one team: same image and behaviour, the team's namespace. */
interface Instance {
  spec: WorkloadSpec;
  /** How long one generation of its pods lives, ms (rollouts, evictions, scale-downs). */
  lifetime: number;
}

const SYSTEM = new Set(["kube-system", "monitoring"]);
const specCache = new Map<string, WorkloadSpec>();

function teamSpec(spec: WorkloadSpec, team: string): WorkloadSpec {
  const key = `${team}/${spec.name}`;
  let s = specCache.get(key);
  if (!s) {
    s = { ...spec, namespace: team, labels: { ...spec.labels, team } };
    specCache.set(key, s);
  }
  return s;
}

const instanceCache = new Map<string, Instance[]>();

/** The workloads a node runs: system DaemonSets and monitoring, plus team workloads by hash. */
export function instancesOf(agent: AgentSpec): Instance[] {
  let list = instanceCache.get(agent.id);
  if (list) return list;
  list = [];
  for (const spec of WORKLOADS) {
    if (SYSTEM.has(spec.namespace)) {
      list.push({ spec, lifetime: spec.ownerKind === "DaemonSet" ? 14 * 24 * HOUR : 3 * 24 * HOUR });
      continue;
    }
    for (const team of TEAMS) {
      if (hash32(`${agent.hostname}/${team}/${spec.name}`) % 100 >= 9) continue;
      const lifetime = spec.ownerKind === "StatefulSet" ? 7 * 24 * HOUR : (1 + (hash32(`${team}/${spec.name}`) % 8)) * HOUR;
      list.push({ spec: teamSpec(spec, team), lifetime });
    }
  }
  instanceCache.set(agent.id, list);
  return list;
}

const podCache = new Map<string, Pod>();

function makePod(agent: AgentSpec, spec: WorkloadSpec, name: string, started: number): Pod {
  const cluster = agent.cluster as Cluster;
  const label = `${cluster.name}/${spec.namespace}/${name}`;
  const h = hash32(label);
  return {
    spec,
    cluster,
    node: agent.hostname,
    name,
    uid: uuidFor(h, 0),
    ip: `${cluster.podCidr}.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}`,
    containerId: stableHex(`cid/${label}`, 64),
    imageDigest: stableHex(`digest/${spec.image}`, 64),
    started,
  };
}

/** The pod of `inst` on `agent` alive at time t: its generation follows from t, so the same t names the same pod. */
export function podAt(agent: AgentSpec, inst: Instance, t: number): Pod {
  const spec = inst.spec;
  const phase = hash32(`${agent.hostname}/${spec.namespace}/${spec.name}`) % inst.lifetime;
  const gen = Math.floor((t + phase) / inst.lifetime);
  const key = `${agent.id}/${spec.namespace}/${spec.name}/${gen}`;
  let pod = podCache.get(key);
  if (pod) return pod;
  const cluster = agent.cluster as Cluster;
  const own = k8sName(`${agent.hostname}/${spec.namespace}/${spec.name}/${gen}`, 5);
  let name: string;
  if (spec.ownerKind === "StatefulSet") name = `${spec.name}-${hash32(`${agent.hostname}/${spec.namespace}`) % 5}`;
  else if (spec.ownerKind === "DaemonSet") name = `${spec.name}-${own}`;
  else {
    // A rollout a day changes the ReplicaSet hash; scale-downs and evictions change the suffix.
    const rs = k8sName(`${cluster.name}/${spec.namespace}/${spec.name}/${Math.floor(t / (24 * HOUR))}`, 10);
    name = `${spec.name}-${rs}-${own}`;
  }
  pod = makePod(agent, spec, name, gen * inst.lifetime - phase);
  // Generations move forward with time, so old ones are not asked for again: a bounded cache.
  if (podCache.size > 50_000) podCache.clear();
  podCache.set(key, pod);
  return pod;
}

const JOBS: WorkloadSpec[] = [
  { name: "report-export", image: "ghcr.io/acme/report-export:4.2.0", init: { exe: "/usr/local/bin/python3.12", argv: ["python", "-m", "reports.export"] } },
  { name: "db-backup", image: "docker.io/library/postgres:16.4", init: { exe: "/usr/local/bin/pg_dump", argv: ["pg_dump", "-Fc", "-f", "/backup/db.dump"] } },
  { name: "cache-warmer", image: "ghcr.io/acme/cache-warmer:1.3.1", init: { exe: "/usr/local/bin/node", argv: ["node", "warm.js"] } },
  { name: "batch-inference", image: "ghcr.io/acme/batch-inference:0.9.0", init: { exe: "/usr/bin/python3.11", argv: ["python3", "infer.py", "--shard", "auto"] } },
  { name: "runner", image: "registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v17.4.0", init: { exe: "/usr/bin/dumb-init", argv: ["/usr/bin/dumb-init", "/bin/sh"] } },
].map((j) => ({
  namespace: j.name === "runner" ? "ci" : "batch",
  name: j.name,
  ownerKind: "Job" as const,
  container: j.name,
  image: j.image,
  labels: { "job-name": j.name, "app.kubernetes.io/name": j.name },
  init: j.init,
  uid: 1000,
  user: "app",
  cwd: "/",
  egress: ["s3.eu-west-1.amazonaws.com", "registry-1.docker.io"],
  webserver: false,
}));

/** A Job's pod, new for every run: CronJobs and CI executors are where most of a fleet's pod names come from. */
export function jobPod(agent: AgentSpec, t: number, rng: Rng): Pod {
  const spec = rng.pick(JOBS);
  const name = spec.name === "runner"
    ? `runner-${rng.alnum(8)}-project-${rng.int(100, 9999)}-concurrent-0-${rng.alnum(8)}`
    : `${spec.name}-${Math.floor(t / 60_000)}-${rng.alnum(5)}`;
  return makePod(agent, spec, name, t - rng.int(2_000, 30_000));
}
