import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createKubeArmorAdapter } from "./kubearmor";
import { EVENT_KINDS, SEVERITIES, type NormalizedEvent } from "./types";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const adapt = createKubeArmorAdapter(() => NOW);
const CORPUS = path.join(__dirname, "../../test-fixtures/corpus/kubearmor");

function events(item: unknown): NormalizedEvent[] {
  const r = adapt(item);
  if (!r.ok) throw new Error(r.error);
  return r.events;
}

function one(item: unknown): NormalizedEvent {
  const list = events(item);
  expect(list).toHaveLength(1);
  return list[0];
}

function lines(folder: string, file: string): unknown[] {
  return fs
    .readFileSync(path.join(CORPUS, folder, file), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);
}

function jsonl(folder: string): string[] {
  return fs.readdirSync(path.join(CORPUS, folder)).filter((f) => f.endsWith(".jsonl"));
}

function firstLine(name: string): unknown {
  const file = jsonl("json").find((f) => f.includes(name));
  if (!file) throw new Error(`no corpus file for ${name}`);
  return lines("json", file)[0];
}

// The JSON examples of seed 003, verbatim. The container "Process Alert" lost its opening
// brace in the seed excerpt; it is restored here.
const SEED = {
  processLog: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000000", "NamespaceName": "default", "PodName": "vault-0", "Labels": "app.kubernetes.io/instance=vault,app.kubernetes.io/name=vault,component=server,helm.sh/chart=vault-0.24.1,statefulset.kubernetes.io/pod-name=vault-0", "ContainerID": "775fb27125ee8d9e2f34d6731fbf3bf677a1038f79fe8134856337612007d9ae", "ContainerName": "vault", "ContainerImage": "docker.io/hashicorp/vault:1.13.1@sha256:b888abc3fc0529550d4a6c87884419e86b8cb736fe556e3e717a6bc50888b3b8", "ParentProcessName": "/usr/bin/runc", "ProcessName": "/bin/sh", "HostPPID": 2514065, "HostPID": 2514068, "PPID": 2514065, "PID": 3552620, "UID": 100, "Type": "ContainerLog", "Source": "/usr/bin/runc", "Operation": "Process", "Resource": "/bin/sh -ec vault status -tls-skip-verify", "Data": "syscall=SYS_EXECVE", "EventData": {"syscall": "execve", "argv": "-ec vault status -tls-skip-verify"}, "Result": "Passed"},
  fileLog: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000000", "NamespaceName": "accuknox-agents", "PodName": "discovery-engine-6f5c4df7b4-q8zbc", "Labels": "app=discovery-engine", "ContainerID": "7aca8d52d35ab7872df6a454ca32339386be755d9ed6bd6bf7b37ec6aaf277e4", "ContainerName": "discovery-engine", "ContainerImage": "docker.io/accuknox/knoxautopolicy:v0.9@sha256:bb83b5c6d41e0d0aa3b5d6621188c284ea99741c3692e34b0f089b0e74745413", "ParentProcessName": "/usr/bin/containerd-shim-runc-v2", "ProcessName": "/knoxAutoPolicy", "HostPPID": 967496, "HostPID": 967872, "PPID": 967496, "PID": 1, "Type": "ContainerLog", "Source": "/knoxAutoPolicy", "Operation": "File", "Resource": "/var/run/secrets/kubernetes.io/serviceaccount/token", "Data": "syscall=SYS_OPENAT fd=-100 flags=O_RDONLY|O_CLOEXEC", "EventData": {"syscall": "openat", "fd": "-100", "flags": "O_RDONLY|O_CLOEXEC"}, "Result": "Passed"},
  networkLog: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000001", "NamespaceName": "accuknox-agents", "PodName": "policy-enforcement-agent-7946b64dfb-f4lgv", "Labels": "app=policy-enforcement-agent", "ContainerID": "b597629c9b59304c779c51839e9a590fa96871bdfdf55bfec73b26c9fb7647d7", "ContainerName": "policy-enforcement-agent", "ContainerImage": "public.ecr.aws/k9v9d5v2/policy-enforcement-agent:v0.1.0@sha256:005c1fde3ff8a667f3ac7540c5c011c752a7e3aaa2c89aa335703289ed8d80f8", "ParentProcessName": "/usr/bin/containerd-shim-runc-v2", "ProcessName": "/home/pea/main", "HostPPID": 1394403, "HostPID": 1394554, "PPID": 1394403, "PID": 1, "Type": "ContainerLog", "Source": "./main", "Operation": "Network", "Resource": "sa_family=AF_INET sin_port=53 sin_addr=10.0.0.10", "Data": "syscall=SYS_CONNECT fd=10", "EventData": {"syscall": "connect", "fd": "10", "sa_family": "AF_INET", "port": "53"}, "Result": "Passed"},
  containerProcessAlert: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000001", "NamespaceName": "wordpress-mysql", "PodName": "wordpress-787f45786f-2q9wf", "Labels": "app=wordpress", "ContainerID": "72de193fc8d849cd052affae5a53a27111bcefb75385635dcb374acdf31a5548", "ContainerName": "wordpress", "ContainerImage": "docker.io/library/wordpress:4.8-apache@sha256:6216f64ab88fc51d311e38c7f69ca3f9aaba621492b4f1fa93ddf63093768845", "HostPPID": 495804, "HostPID": 495877, "PPID": 309835, "PID": 309841, "ParentProcessName": "/bin/bash", "ProcessName": "/usr/bin/apt", "PolicyName": "harden-wordpress-pkg-mngr-exec", "Severity": "5", "Tags": "NIST,NIST_800-53_CM-7(4),SI-4,process,NIST_800-53_SI-4", "ATags": ["NIST", "NIST_800-53_CM-7(4)", "SI-4", "process", "NIST_800-53_SI-4"], "Message": "Alert! Execution of package management process inside container is denied", "Type": "MatchedPolicy", "Source": "/bin/bash", "Operation": "Process", "Resource": "/usr/bin/apt", "Data": "syscall=SYS_EXECVE", "Enforcer": "AppArmor", "Action": "Block", "Result": "Permission denied"},
  fileAlert: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000001", "NamespaceName": "wordpress-mysql", "PodName": "wordpress-787f45786f-2q9wf", "Labels": "app=wordpress", "ContainerID": "72de193fc8d849cd052affae5a53a27111bcefb75385635dcb374acdf31a5548", "ContainerName": "wordpress", "ContainerImage": "docker.io/library/wordpress:4.8-apache@sha256:6216f64ab88fc51d311e38c7f69ca3f9aaba621492b4f1fa93ddf63093768845", "HostPPID": 495804, "HostPID": 496390, "PPID": 309835, "PID": 309842, "ParentProcessName": "/bin/bash", "ProcessName": "/bin/rm", "PolicyName": "harden-wordpress-file-integrity-monitoring", "Severity": "1", "Tags": "NIST,NIST_800-53_AU-2,NIST_800-53_SI-4,MITRE,MITRE_T1036_masquerading,MITRE_T1565_data_manipulation", "ATags": ["NIST", "NIST_800-53_AU-2", "NIST_800-53_SI-4", "MITRE", "MITRE_T1036_masquerading", "MITRE_T1565_data_manipulation"], "Message": "Detected and prevented compromise to File integrity", "Type": "MatchedPolicy", "Source": "/bin/rm /sbin/raw", "Operation": "File", "Resource": "/sbin/raw", "Data": "syscall=SYS_UNLINKAT flags=", "Enforcer": "AppArmor", "Action": "Block", "Result": "Permission denied"},
  networkAlert: {"ClusterName": "default", "HostName": "aks-agentpool-16128849-vmss000000", "NamespaceName": "default", "PodName": "vault-0", "Labels": "app.kubernetes.io/instance=vault,app.kubernetes.io/name=vault,component=server,helm.sh/chart=vault-0.24.1,statefulset.kubernetes.io/pod-name=vault-0", "ContainerID": "775fb27125ee8d9e2f34d6731fbf3bf677a1038f79fe8134856337612007d9ae", "ContainerName": "vault", "ContainerImage": "docker.io/hashicorp/vault:1.13.1@sha256:b888abc3fc0529550d4a6c87884419e86b8cb736fe556e3e717a6bc50888b3b8", "HostPPID": 2203523, "HostPID": 2565259, "PPID": 2203523, "PID": 3558570, "UID": 100, "ParentProcessName": "/usr/bin/containerd-shim-runc-v2", "ProcessName": "/bin/vault", "PolicyName": "ksp-vault-network", "Severity": "8", "Type": "MatchedPolicy", "Source": "/bin/vault status -tls-skip-verify", "Operation": "Network", "Resource": "domain=AF_UNIX type=SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC protocol=0", "Data": "syscall=SYS_SOCKET", "Enforcer": "eBPF Monitor", "Action": "Audit", "Result": "Passed"},
  hostProcessAlert: {"Timestamp": 1692813948, "UpdatedTime": "2023-08-23T18:05:48.301798Z", "ClusterName": "default", "HostName": "gke-my-first-cluster-1-default-pool-9144db50-81gb", "HostPPID": 1979, "HostPID": 1787227, "PPID": 1979, "PID": 1787227, "ParentProcessName": "/bin/bash", "ProcessName": "/bin/sleep", "PolicyName": "sleep-deny", "Severity": "5", "Type": "MatchedHostPolicy", "Source": "/bin/bash", "Operation": "Process", "Resource": "/usr/bin/sleep 10", "Data": "syscall=SYS_EXECVE", "Enforcer": "BPFLSM", "Action": "Block", "Result": "Permission denied"},
  blockedSetgid: {"Timestamp": 1692814089, "UpdatedTime": "2023-08-23T18:08:09.522743Z", "ClusterName": "default", "HostName": "gke-my-first-cluster-1-default-pool-9144db50-81gb", "HostPPID": 1791315, "HostPID": 1791316, "PPID": 1791315, "PID": 1791316, "UID": 204, "ParentProcessName": "/usr/sbin/sshd", "ProcessName": "/usr/sbin/sshd", "PolicyName": "DefaultPosture", "Type": "MatchedHostPolicy", "Source": "/usr/sbin/sshd", "Operation": "Syscall", "Data": "syscall=SYS_SETGID userid=0", "Enforcer": "BPFLSM", "Action": "Block", "Result": "Operation not permitted"},
  blockedSetuid: {"Timestamp": 1692814089, "UpdatedTime": "2023-08-23T18:08:09.523964Z", "ClusterName": "default", "HostName": "gke-my-first-cluster-1-default-pool-9144db50-81gb", "HostPPID": 1791315, "HostPID": 1791316, "PPID": 1791315, "PID": 1791316, "UID": 204, "ParentProcessName": "/usr/sbin/sshd", "ProcessName": "/usr/sbin/sshd", "PolicyName": "DefaultPosture", "Type": "MatchedHostPolicy", "Source": "/usr/sbin/sshd", "Operation": "Syscall", "Data": "syscall=SYS_SETUID userid=0", "Enforcer": "BPFLSM", "Action": "Block", "Result": "Operation not permitted"},
};

describe("adaptKubeArmor — seed 003 examples", () => {
  it.each(Object.entries(SEED))("accepts %s", (_name, item) => {
    const e = one(item);
    expect(SEVERITIES).toContain(e.severity);
    expect(EVENT_KINDS).toContain(e.kind);
  });

  it("maps a container process log: Resource is the command line, Source the parent", () => {
    const e = one(SEED.processLog);
    expect(e).toMatchObject({ kind: "infos", type: "process_exec", severity: "low", outcome: "success" });
    expect(e.process).toEqual({
      exe: "/bin/sh", comm: "sh", args: "/bin/sh -ec vault status -tls-skip-verify", pid: 2514068, ppid: 2514065, uid: 100,
    });
    expect(e.parent).toEqual({ exe: "/usr/bin/runc", comm: "runc", args: "/usr/bin/runc", pid: 2514065 });
    expect(e.agent).toMatchObject({
      cluster: "default", node: "aks-agentpool-16128849-vmss000000", namespace: "default", pod: "vault-0", container: "vault",
      image: "docker.io/hashicorp/vault:1.13.1@sha256:b888abc3fc0529550d4a6c87884419e86b8cb736fe556e3e717a6bc50888b3b8",
    });
    // The seed's log examples carry no Timestamp, so the receive time stands in and says so.
    expect(e.occurredAt).toBe(NOW.toISOString());
    expect(e.flags).toEqual(["container", "time:received"]);
  });

  it("maps a file log to file.path with the open flags", () => {
    const e = one(SEED.fileLog);
    expect(e.type).toBe("file_open");
    expect(e.file).toEqual({ path: "/var/run/secrets/kubernetes.io/serviceaccount/token", operation: "open", flags: "O_RDONLY|O_CLOEXEC" });
  });

  it("maps a network log to a flow to the socket address", () => {
    const e = one(SEED.networkLog);
    expect(e).toMatchObject({ kind: "flows", type: "flow" });
    expect(e.flow).toEqual({ ipVersion: 4, remote: { address: "10.0.0.10", port: 53 }, direction: "egress" });
  });

  it("maps a Block alert: detection named after the policy, flagged blocked, tags kept", () => {
    const e = one(SEED.containerProcessAlert);
    expect(e).toMatchObject({
      kind: "detections", type: "harden_wordpress_pkg_mngr_exec", severity: "medium", action: "block", outcome: "denied",
      policyName: "harden-wordpress-pkg-mngr-exec", title: "Alert! Execution of package management process inside container is denied",
    });
    expect(e.flags).toEqual(expect.arrayContaining(["blocked", "container", "tag:nist", "tag:nist_800-53_cm-7(4)"]));
  });

  it("maps a file alert with MITRE tags and an unlink", () => {
    const e = one(SEED.fileAlert);
    expect(e).toMatchObject({ severity: "low", file: { path: "/sbin/raw", operation: "remove" } });
    expect(e.flags).toEqual(expect.arrayContaining(["mitre:T1036", "mitre:T1565"]));
  });

  it("maps an Audit network alert: severity 8 is high, a unix socket is not TCP, not blocked", () => {
    const e = one(SEED.networkAlert);
    expect(e).toMatchObject({ kind: "detections", severity: "high", action: "audit", outcome: "success", flow: { protocol: "unix" } });
    expect(e.flags).not.toContain("blocked");
  });

  it("maps a host alert with its own timestamps", () => {
    const e = one(SEED.hostProcessAlert);
    expect(e).toMatchObject({ occurredAt: "2023-08-23T18:05:48.301Z", type: "sleep_deny", process: { args: "/usr/bin/sleep 10", pid: 1787227 } });
    expect(e.flags).toEqual(["blocked", "host"]);
  });

  it("names DefaultPosture alerts after what they blocked; no Severity on an alert is medium", () => {
    expect(one(SEED.blockedSetgid)).toMatchObject({ type: "default_posture_syscall_setgid", severity: "medium", outcome: "denied" });
    expect(one(SEED.blockedSetuid).type).toBe("default_posture_syscall_setuid");
  });
});

describe("adaptKubeArmor — native JSON corpus", () => {
  const files = jsonl("json");

  it.each(files)("accepts every record of %s", (file) => {
    for (const item of lines("json", file)) {
      const e = one(item);
      expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
      expect(e.type).toMatch(/^[a-z0-9_]+$/);
    }
  });

  it("accepts all 62 corpus events", () => {
    expect(files.flatMap((f) => lines("json", f)).flatMap(events)).toHaveLength(62);
  });

  it("maps the deployment guide's Block alert on pod nginx-8f458dc5b-fl42t", () => {
    const e = one(firstLine("deployment_guide"));
    expect(e).toMatchObject({ occurredAt: "2023-06-11T09:19:43.451Z", severity: "low", action: "block", agent: { pod: "nginx-8f458dc5b-fl42t" } });
    expect(e.flags).toContain("blocked");
  });

  it("maps kfunc DNS visibility logs to DNS flows to the cluster resolver", () => {
    const all = lines("json", files.find((f) => f.includes("dns_visibility")) ?? "").map(one);
    expect(all.every((e) => e.kind === "flows" && e.type === "dns_query")).toBe(true);
    expect(all.map((e) => e.domain)).toContain("google.com");
    expect(all[0].flow).toEqual({ protocol: "udp", ipVersion: 4, remote: { address: "10.43.0.10", port: 53 }, direction: "egress" });
  });

  it("maps a DNS enforcement alert: severity 10 is critical, domain from Resource", () => {
    const e = one(firstLine("dns_enforcement"));
    expect(e).toMatchObject({ kind: "detections", severity: "critical", domain: "google.com", action: "block" });
  });

  it("maps a NetworkFirewall ingress alert to both ends of the flow", () => {
    const e = one(firstLine("network_security_policy"));
    expect(e).toMatchObject({ kind: "detections", type: "nsp_ingress_audit_ssh", title: "New SSH connection!" });
    expect(e.flow).toEqual({
      protocol: "tcp", ipVersion: 4, local: { address: "192.168.29.76", port: 22 },
      remote: { address: "192.168.29.42", port: 53262 }, direction: "ingress",
    });
  });

  it("accepts a USB device record without Type", () => {
    expect(one(firstLine("usb_device"))).toMatchObject({ kind: "infos", type: "device_access", occurredAt: "2026-02-10T03:22:05.471Z" });
  });

  it("accepts an AccuKnox alert with empty Severity and null ATags", () => {
    expect(one(firstLine("admin-tools"))).toMatchObject({ type: "default_posture_process_exec", severity: "medium" });
  });
});

describe("adaptKubeArmor — OTLP/JSON corpus (otel-adapter)", () => {
  const file = jsonl("otel")[0];
  const docs = lines("otel", file);

  it("accepts every document, one event per log record", () => {
    expect(docs).toHaveLength(10);
    const all = docs.flatMap(events);
    expect(all).toHaveLength(21);
    expect(all.every((e) => e.agent.hostname === "babe-chinwendum" && e.flags?.includes("host"))).toBe(true);
    expect(all.filter((e) => e.kind === "flows").map((e) => e.type)).toEqual(["socket_bind", "socket_create", "socket_create", "flow", "flow"]);
    expect(all.find((e) => e.flow?.remote?.port === 443)?.flow).toEqual({
      ipVersion: 4, remote: { address: "142.250.187.202", port: 443 }, direction: "egress",
    });
  });

  it("maps the body kvlist like a native record", () => {
    const e = one(docs[0]);
    expect(e).toMatchObject({
      occurredAt: "2023-03-27T11:10:26.485Z", type: "file_open",
      process: { exe: "/usr/lib/systemd/systemd-journald", pid: 261, ppid: 1 },
      file: { path: "/var/log/journal/b09389c7d40f420982b5facb1f6e1686", operation: "open" },
    });
  });

  it("accepts a bare log record and falls back to timeUnixNano", () => {
    const record = { timeUnixNano: "1679915426000000000", body: { kvlistValue: { values: [
      { key: "Type", value: { stringValue: "HostLog" } }, { key: "Operation", value: { stringValue: "Process" } },
      { key: "Resource", value: { stringValue: "/usr/bin/id -u" } }, { key: "HostPID", value: { intValue: "77" } },
      { key: "ATags", value: { arrayValue: { values: [{ stringValue: "MITRE_T1033" }] } } },
    ] } } };
    const e = one(record);
    expect(e).toMatchObject({ occurredAt: "2023-03-27T11:10:26.000Z", process: { exe: "/usr/bin/id", args: "/usr/bin/id -u", pid: 77 } });
    expect(e.flags).toContain("mitre:T1033");
  });

  it("reads resource attributes and record attributes", () => {
    const doc = { resourceLogs: [{
      resource: { attributes: [{ key: "k8s.pod.name", value: { stringValue: "web-1" } }, { key: "host.name", value: { stringValue: "node-9" } }] },
      scopeLogs: [{ logRecords: [{ timeUnixNano: "1700000000000000000", attributes: [{ key: "Type", value: { stringValue: "ContainerLog" } }, { key: "Operation", value: { stringValue: "File" } }, { key: "Resource", value: { stringValue: "/etc/passwd" } }], body: { stringValue: "open /etc/passwd" } }] }],
    }] };
    expect(one(doc)).toMatchObject({ title: "open /etc/passwd", file: { path: "/etc/passwd" }, agent: { pod: "web-1", hostname: "node-9" } });
  });
});

describe("adaptKubeArmor — severity", () => {
  it.each([
    ["1", "low"], ["3", "low"], ["4", "medium"], [6, "medium"], ["7", "high"], [8, "high"], ["9", "critical"], ["10", "critical"],
  ] as const)("maps Severity %j to %s", (severity, expected) => {
    expect(one({ Type: "MatchedPolicy", Operation: "Process", Severity: severity }).severity).toBe(expected);
  });

  it("defaults to low for logs and medium for alerts", () => {
    expect(one({ Type: "ContainerLog", Operation: "Process" }).severity).toBe("low");
    expect(one({ Type: "MatchedHostPolicy", Operation: "Process", Severity: "" }).severity).toBe("medium");
  });
});

describe("adaptKubeArmor — unusable input", () => {
  it.each([
    [null, "got null"],
    [[], "got an array"],
    [7, "got number"],
    ["ContainerLog", "got string"],
    [{}, `missing "Type" and "Operation"`],
    [{ Type: 5 }, `"Type" must be a string`],
    [{ Type: "ContainerLog", PID: "abc" }, `"PID" must be an integer`],
    [{ Type: "MatchedPolicy", Severity: { level: 5 } }, `"Severity" must be a string or a number`],
    [{ Operation: "File", EventData: "x" }, `"EventData" must be an object`],
    [{ Type: "MatchedPolicy", ATags: "MITRE" }, `"ATags" must be an array`],
    [{ Type: "HostLog", Timestamp: "yesterday" }, `"Timestamp" must be a number`],
    [{ resourceLogs: {} }, `"resourceLogs" must be an array`],
    [{ resourceLogs: [] }, "holds no logRecords"],
    [{ resourceLogs: [{ scopeLogs: [{ logRecords: [3] }] }] }, `"resourceLogs[0].scopeLogs[0].logRecords[0]" must be an object`],
    [
      { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { kvlistValue: { values: [{ key: "PID", value: { stringValue: "x" } }] } } }] }] }] },
      `resourceLogs[0].scopeLogs[0].logRecords[0]): "PID" must be an integer`,
    ],
  ])("rejects %j without throwing", (item, message) => {
    const r = adapt(item);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
