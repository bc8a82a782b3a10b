import type { AgentSpec, Cluster, Format, Pod, Repo, WorkloadSpec } from "./model";
import { CLUSTERS, WORKLOADS, nodeName } from "./pool-k8s";
import { hash32, stableHex, uuidFor } from "./prng";

// The fixed fleet: ~40 agents across 3 clusters and 5 repositories. It does not depend on the run's
// seed, so every dataset describes the same estate and agents line up across runs.

export const REPOS: Repo[] = [
  {
    fullName: "acme/web-storefront",
    owner: "acme",
    id: 612340871,
    ownerId: 98120451,
    stack: "node",
    workflows: [
      { name: "CI", file: "ci.yml", jobs: ["build", "test", "lint", "e2e"] },
      { name: "Release", file: "release.yml", jobs: ["publish"] },
    ],
    actors: ["mkowalski", "dependabot[bot]", "lena-ops", "jchen"],
  },
  {
    fullName: "acme/payments-service",
    owner: "acme",
    id: 598871203,
    ownerId: 98120451,
    stack: "node",
    workflows: [
      { name: "CI", file: "ci.yml", jobs: ["build", "test", "typecheck"] },
      { name: "Deploy", file: "deploy.yml", jobs: ["deploy-staging", "deploy-prod"] },
    ],
    actors: ["jchen", "a-okafor", "renovate[bot]"],
  },
  {
    fullName: "acme/data-pipelines",
    owner: "acme",
    id: 640012554,
    ownerId: 98120451,
    stack: "python",
    workflows: [{ name: "Tests", file: "tests.yml", jobs: ["pytest", "lint"] }],
    actors: ["s-varga", "dependabot[bot]"],
  },
  {
    fullName: "acme/mobile-api",
    owner: "acme",
    id: 655309112,
    ownerId: 98120451,
    stack: "node",
    workflows: [
      { name: "CI", file: "ci.yml", jobs: ["build", "test"] },
      { name: "CodeQL", file: "codeql.yml", jobs: ["analyze"] },
    ],
    actors: ["p-duarte", "mkowalski"],
  },
  {
    fullName: "acme/ml-models",
    owner: "acme",
    id: 701245630,
    ownerId: 98120451,
    stack: "python",
    workflows: [{ name: "Train smoke test", file: "smoke.yml", jobs: ["smoke"] }],
    actors: ["t-nakamura"],
  },
];

const AGENT_KEY = hash32("vigil-generator-agents");

const VERSIONS: Record<Format, string> = {
  garnet: "v2.8.1",
  datadog: "7.58.2",
  kubearmor: "v1.4.3",
  runtime: "0.9.4",
  tetragon: "v1.2.0",
  falco: "0.39.1",
};

// `share` scales a group's traffic so every format ends up with a comparable slice of the events
// (formats see different amounts of the same activity: KubeArmor logs DNS, Falco only alerts).
const LAYOUT: Array<{ format: Format; kind: "github" | "kubernetes" | "vanilla"; count: number; share: number }> = [
  { format: "garnet", kind: "github", count: 7, share: 1 },
  { format: "runtime", kind: "github", count: 5, share: 0.9 },
  { format: "garnet", kind: "kubernetes", count: 5, share: 1 },
  { format: "datadog", kind: "kubernetes", count: 5, share: 1.35 },
  { format: "datadog", kind: "vanilla", count: 1, share: 1 },
  { format: "kubearmor", kind: "kubernetes", count: 6, share: 0.75 },
  { format: "tetragon", kind: "kubernetes", count: 6, share: 1.4 },
  { format: "falco", kind: "kubernetes", count: 5, share: 0.7 },
];

// prod-eu carries most of the load; staging the least.
const CLUSTER_ORDER = [0, 0, 1, 0, 2, 1, 0];
// web-storefront and payments-service run most CI.
const REPO_ORDER = [0, 1, 0, 2, 1, 3, 0, 4];

function ipFor(label: string, prefix: string): string {
  const h = hash32(label);
  return `${prefix}.${(h >>> 8) & 0xff}.${(h & 0xfe) + 1}`;
}

function buildAgents(): AgentSpec[] {
  const agents: AgentSpec[] = [];
  let index = 0;
  let nodeIndex = 0;
  let runnerIndex = 0;
  for (const group of LAYOUT) {
    for (let i = 0; i < group.count; i++, index++) {
      const salt = stableHex(`agent-${index}`, 16);
      const base = {
        id: uuidFor(AGENT_KEY, index),
        format: group.format,
        kind: group.kind,
        machineId: stableHex(`machine-${index}`, 32),
        version: VERSIONS[group.format],
        os: "linux",
        arch: i % 4 === 3 ? "arm64" : "amd64",
        // Zipf-like: the first agents of every group are the busiest.
        weight: group.share / Math.pow(i + 1, 0.8),
      };
      if (group.kind === "github") {
        const repo = REPOS[REPO_ORDER[runnerIndex % REPO_ORDER.length]];
        const hostname = `gh-runner-${repo.fullName.split("/")[1]}-${salt.slice(0, 5)}`;
        agents.push({ ...base, hostname, ip: ipFor(hostname, "10.8"), repo });
        runnerIndex++;
      } else if (group.kind === "kubernetes") {
        const cluster = CLUSTERS[CLUSTER_ORDER[nodeIndex % CLUSTER_ORDER.length]];
        const hostname = nodeName(cluster, nodeIndex, salt);
        // EKS node names spell out the node's private IP.
        const eksIp = /^ip-(\d+)-(\d+)-(\d+)-(\d+)\./.exec(hostname);
        const ip = eksIp ? eksIp.slice(1, 5).join(".") : ipFor(hostname, cluster.podCidr === "10.244" ? "10.224" : "10.128");
        agents.push({ ...base, hostname, ip, cluster });
        nodeIndex++;
      } else {
        const hostname = `bastion-${salt.slice(0, 4)}.acme.internal`;
        agents.push({ ...base, hostname, ip: ipFor(hostname, "10.1") });
      }
    }
  }
  return agents;
}

export const AGENTS: AgentSpec[] = buildAgents();

// Kubernetes' own name alphabet (no vowels, no ambiguous digits).
const K8S_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function k8sName(label: string, len: number): string {
  let out = "";
  for (let i = 0; out.length < len; i++) out += K8S_ALPHABET[hash32(label, i) % K8S_ALPHABET.length];
  return out;
}

function podName(cluster: Cluster, agent: AgentSpec, spec: WorkloadSpec, ordinal: number): string {
  if (spec.ownerKind === "StatefulSet") return `${spec.name}-${ordinal}`;
  const own = k8sName(`${agent.hostname}/${spec.name}`, 5);
  if (spec.ownerKind === "DaemonSet") return `${spec.name}-${own}`;
  // The ReplicaSet hash is shared by every replica of a Deployment in a cluster.
  return `${spec.name}-${k8sName(`${cluster.name}/${spec.namespace}/${spec.name}`, 10)}-${own}`;
}

function buildPods(agent: AgentSpec, nodeOrdinal: number): Pod[] {
  const cluster = agent.cluster as Cluster;
  const pods: Pod[] = [];
  // Every node runs kube-proxy; the rest of the workloads are spread round-robin with overlap.
  const chosen = WORKLOADS.filter((w, i) => w.name === "kube-proxy" || (i + nodeOrdinal) % 3 !== 0);
  chosen.forEach((spec, i) => {
    const label = `${agent.hostname}/${spec.namespace}/${spec.name}`;
    const h = hash32(label);
    pods.push({
      spec,
      cluster,
      node: agent.hostname,
      name: podName(cluster, agent, spec, nodeOrdinal),
      uid: uuidFor(h, i),
      ip: `${cluster.podCidr}.${(h >>> 8) & 0x7f}.${(h & 0xfd) + 2}`,
      containerId: stableHex(`cid/${label}`, 64),
      imageDigest: stableHex(`digest/${spec.image}`, 64),
    });
  });
  return pods;
}

const POD_CACHE = new Map<string, Pod[]>();

export function podsOf(agent: AgentSpec): Pod[] {
  let pods = POD_CACHE.get(agent.id);
  if (!pods) {
    pods = agent.cluster ? buildPods(agent, AGENTS.filter((a) => a.cluster === agent.cluster).indexOf(agent)) : [];
    POD_CACHE.set(agent.id, pods);
  }
  return pods;
}
