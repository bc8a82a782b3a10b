import { describe, expect, it } from "vitest";
import { adaptFalco, ruleType } from "./falco";
import type { NormalizedEvent } from "./types";
import { adaptOne, expectWellFormed, readCorpus } from "../../test-support/corpus";

const corpus = readCorpus("falco");

function one(item: unknown): NormalizedEvent {
  return adaptOne(adaptFalco, item);
}

function fromCorpus(prefix: string, index = 0): NormalizedEvent {
  const found = corpus.find((c) => c.file.startsWith(prefix) && c.index === index);
  if (!found) throw new Error(`corpus item ${prefix}#${index} not found`);
  return one(found.item);
}

describe("adaptFalco — corpus", () => {
  it("loads all 22 files / 60 events listed in SOURCES.md", () => {
    expect(new Set(corpus.map((c) => c.file)).size).toBe(22);
    expect(corpus).toHaveLength(60);
  });

  it.each(corpus.map((c) => [`${c.file}#${c.index}`, c.item] as const))("accepts %s", (_name, item) => {
    expectWellFormed(one(item));
  });

  it("maps a syscall alert: rule, Critical severity, pod, container, process and parent", () => {
    const e = fromCorpus("falco-website__docs_alerts_channels.md");
    expect(e).toMatchObject({
      kind: "detections",
      type: "terminal_shell_in_container",
      title: "Terminal shell in container",
      severity: "critical",
      occurredAt: "2023-05-25T13:44:05.478Z",
      agent: {
        hostname: "falco-xczjd",
        namespace: "default",
        pod: "kubecon",
        container: "ee97d9c4186f",
        image: "docker.io/library/alpine",
      },
      process: { comm: "sh", args: "sh -c clear; (bash || ash || sh)", user: "root" },
      parent: { comm: "runc" },
    });
    expect(e.ancestors).toEqual([{ comm: "runc" }]);
    expect(e.flags).toEqual(expect.arrayContaining(["container", "mitre_execution", "shell", "source:syscall"]));
  });

  it("fills the flow of a network alert from the fd.name tuple", () => {
    const e = fromCorpus("falco-website__blog_falcosidekick-openfaas.md", 1);
    expect(e).toMatchObject({
      type: "contact_k8s_api_server_from_container",
      severity: "low",
      agent: { namespace: "openfaas-fn", pod: "falco-pod-delete-7dc9f5fbb8-gbfk7", image: "devopps/falco-pod-delete:latest" },
      flow: { ipVersion: 4, local: { address: "172.17.0.9", port: 43812 }, remote: { address: "10.96.0.1", port: 443 } },
    });
  });

  it("accepts metrics snapshots as low infos of type falco_metrics", () => {
    const e = fromCorpus("falco-website__docs_concepts_metrics__index.md@17a60cb15f");
    expect(e).toMatchObject({ kind: "infos", type: "falco_metrics", severity: "low", agent: { hostname: "test", version: "0.41.0" } });
    expect(e.process).toBeUndefined();
    expect(corpus.filter((c) => one(c.item).type === "falco_metrics")).toHaveLength(18);
  });

  it("reads the gRPC shape: numeric priority and {seconds, nanos} time", () => {
    const e = fromCorpus("falco-website__docs_grpc_client-go.md");
    expect(e).toMatchObject({
      type: "delete_or_rename_shell_history",
      severity: "medium",
      occurredAt: "2019-10-03T09:20:49.620Z",
      process: { args: "zsh", user: "vagrant" },
      file: { path: "/home/vagrant/.zsh_history.LOCK", operation: "remove" },
    });
    expect(e.agent.container).toBeUndefined();
    expect(fromCorpus("falco-website__docs_grpc_client-python.md").severity).toBe("medium");
  });

  it("maps k8s_audit alerts: target pod/namespace, response outcome, Notice → low", () => {
    const exec = fromCorpus("falco-website__blog_detect-threats-falco-ovh-mks-audit-logs-plugin_index.md", 3);
    expect(exec).toMatchObject({
      kind: "detections",
      type: "attach_exec_pod",
      severity: "low",
      agent: { hostname: "my-pool-1-node-921b61", namespace: "hello-app", pod: "nginx-676b6c5bbc-4xc6t" },
    });
    expect(exec.flags).toEqual(["k8s", "source:k8s_audit"]);
    const user = fromCorpus("falco-website__blog_detect-threats-falco-ovh-mks-audit-logs-plugin_index.md", 0);
    expect(user).toMatchObject({ type: "disallowed_k8s_user", severity: "medium", outcome: "success" });
  });

  it("maps gcp_auditlog alerts and turns technique tags into mitre flags", () => {
    const waf = fromCorpus("plugins__plugins_gcp_README.md", 0);
    expect(waf).toMatchObject({ type: "gcp_waf_rule_modified_or_deleted", severity: "low", agent: { hostname: "sherlock" } });
    expect(waf.flags).toEqual(expect.arrayContaining(["T1562-impair-defenses", "mitre:T1562", "source:gcp_auditlog"]));
    expect(fromCorpus("plugins__plugins_gcp_README.md", 1)).toMatchObject({
      type: "gcp_bucket_configured_to_be_public",
      severity: "critical",
    });
  });

  it("maps Falco's own test output (Warning → medium)", () => {
    const e = fromCorpus("falco__test_output_files_single_rule_with_cat_write.json@ad3675bfd7");
    expect(e).toMatchObject({
      type: "open_from_cat",
      severity: "medium",
      occurredAt: "2016-08-04T16:17:57.881Z",
      process: { args: "cat /dev/null" },
      agent: { hostname: "test-falco-hostname" },
    });
  });
});

// ---------- hand-written alerts ----------

const ALERT = {
  uuid: "9b2c1f52-3f0e-4b8e-9a43-2f7d1c0e6a11",
  hostname: "worker-3",
  output: "10:01:02.000000000: Warning Outbound connection ...",
  priority: "Warning",
  rule: "Unexpected outbound connection destination",
  source: "syscall",
  tags: ["network", "T1041", "mitre_exfiltration"],
  time: "2025-03-01T10:01:02.123456789Z",
  output_fields: {
    "evt.time": 1740823262123456789,
    "evt.type": "connect",
    "proc.name": "python3",
    "proc.exepath": "/usr/bin/python3.11",
    "proc.cmdline": "python3 /tmp/x.py --beacon",
    "proc.pid": 5120,
    "proc.ppid": 5100,
    "proc.pname": "bash",
    "proc.pexepath": "/bin/bash",
    "proc.pcmdline": "bash -i",
    "proc.aname[2]": "sshd",
    "proc.apid[2]": 900,
    "proc.aname[3]": "sshd",
    "proc.apid[3]": 1,
    "proc.aname[5]": "skipped-level",
    "user.name": "app",
    "user.uid": 1001,
    "fd.type": "ipv4",
    "fd.l4proto": "tcp",
    "fd.lip": "10.0.4.12",
    "fd.lport": 40522,
    "fd.rip": "203.0.113.50",
    "fd.rport": 4444,
    "fd.name": "10.0.4.12:40522->203.0.113.50:4444",
    "container.id": "3f4e5d6c7b8a",
    "container.name": "api",
    "container.image.repository": "ghcr.io/acme/api",
    "container.image.tag": "2.0.1",
    "k8s.ns.name": "payments",
    "k8s.pod.name": "api-5c9d7f-abcde",
  },
};

describe("adaptFalco — hand-written alerts", () => {
  it("maps every process, network and Kubernetes field of a syscall alert", () => {
    const e = one(ALERT);
    expect(e).toEqual({
      sourceId: "9b2c1f52-3f0e-4b8e-9a43-2f7d1c0e6a11",
      occurredAt: "2025-03-01T10:01:02.123Z",
      kind: "detections",
      type: "unexpected_outbound_connection_destination",
      severity: "medium",
      title: "Unexpected outbound connection destination",
      agent: {
        hostname: "worker-3",
        namespace: "payments",
        pod: "api-5c9d7f-abcde",
        container: "api",
        image: "ghcr.io/acme/api:2.0.1",
      },
      process: { exe: "/usr/bin/python3.11", comm: "python3", args: "python3 /tmp/x.py --beacon", pid: 5120, ppid: 5100, uid: 1001, user: "app" },
      parent: { exe: "/bin/bash", comm: "bash", args: "bash -i", pid: 5100, ppid: 900 },
      // Stops at the missing level 4: a later level would sit at the wrong position.
      ancestors: [
        { exe: "/bin/bash", comm: "bash", args: "bash -i", pid: 5100, ppid: 900 },
        { comm: "sshd", pid: 900, ppid: 1 },
        { comm: "sshd", pid: 1 },
      ],
      flow: {
        protocol: "TCP",
        ipVersion: 4,
        local: { address: "10.0.4.12", port: 40522 },
        remote: { address: "203.0.113.50", port: 4444 },
        direction: "egress",
      },
      flags: ["network", "T1041", "mitre_exfiltration", "mitre:T1041", "container", "source:syscall"],
    });
  });

  it("maps each Falco priority to a Vigil severity", () => {
    const expected: Array<[string | number, string]> = [
      ["Emergency", "critical"], ["Alert", "critical"], ["Critical", "critical"], ["Error", "high"],
      ["Warning", "medium"], ["Notice", "low"], ["Informational", "low"], ["Debug", "low"],
      ["CRITICAL", "critical"], ["info", "low"], [0, "critical"], [3, "high"], [4, "medium"], [7, "low"], ["5", "low"],
    ];
    for (const [priority, severity] of expected) {
      expect(one({ ...ALERT, priority }).severity, String(priority)).toBe(severity);
    }
  });

  it("puts the client on the remote side of an accepted connection", () => {
    const fields = {
      "evt.type": "accept4",
      "fd.l4proto": "tcp",
      "fd.cip": "198.51.100.9",
      "fd.cport": 53311,
      "fd.sip": "10.0.4.12",
      "fd.sport": 22,
      "fd.sip.name": "bastion.internal",
    };
    const e = one({ ...ALERT, output_fields: fields });
    expect(e.flow).toEqual({
      protocol: "TCP",
      ipVersion: 4,
      local: { address: "10.0.4.12", port: 22, name: "bastion.internal" },
      remote: { address: "198.51.100.9", port: 53311 },
      direction: "ingress",
    });
  });

  it("maps a rename's source and target paths", () => {
    const e = one({
      ...ALERT,
      rule: "Rename sensitive file",
      output_fields: { "evt.type": "renameat2", "evt.arg.oldpath": "/etc/shadow", "evt.arg.newpath": "/tmp/s", "fd.name": "<NA>" },
    });
    expect(e.file).toEqual({ path: "/etc/shadow", operation: "rename", targetPath: "/tmp/s" });
    expect(e.flow).toBeUndefined();
  });

  it("takes file.path from fd.name of a file descriptor", () => {
    const e = one({
      ...ALERT,
      rule: "Read sensitive file untrusted",
      output_fields: { "evt.type": "openat", "fd.name": "/etc/shadow", "fd.type": "file", "evt.arg.flags": "O_RDONLY" },
    });
    expect(e.file).toEqual({ path: "/etc/shadow", operation: "open", flags: "O_RDONLY" });
  });

  it("treats container.id 'host' as no container and other internal alerts as infos", () => {
    const host = one({ ...ALERT, output_fields: { "container.id": "host", "container.name": "host", "proc.name": "sshd" } });
    expect(host.agent.container).toBeUndefined();
    expect(host.flags).not.toContain("container");
    const drop = one({ ...ALERT, rule: "Falco internal: syscall event drop", priority: "Debug", source: "internal" });
    expect(drop).toMatchObject({ kind: "infos", type: "falco_internal_syscall_event_drop", severity: "low" });
  });

  it("snake-cases rule names without splitting upper-case words", () => {
    expect(ruleType("Terminal shell in container")).toBe("terminal_shell_in_container");
    expect(ruleType("Contact K8S API Server From Container")).toBe("contact_k8s_api_server_from_container");
    expect(ruleType("Attach/Exec Pod")).toBe("attach_exec_pod");
  });
});

// ---------- unusable input ----------

describe("adaptFalco — bad input", () => {
  it.each([
    ["null", null, /object/],
    ["undefined", undefined, /object/],
    ["an array", [ALERT], /object/],
    ["a number", 3, /object/],
    ["a string", "Terminal shell in container", /object/],
    ["an empty object", {}, /rule/],
    ["a numeric rule", { ...ALERT, rule: 12 }, /rule/],
    ["a blank rule", { ...ALERT, rule: "  " }, /rule/],
    ["no priority", { ...ALERT, priority: undefined }, /priority/],
    ["an unknown priority", { ...ALERT, priority: "Urgent" }, /priority/],
    ["an out-of-range priority", { ...ALERT, priority: 9 }, /priority/],
    ["a priority object", { ...ALERT, priority: { level: 2 } }, /priority/],
    ["no time at all", { ...ALERT, time: undefined, output_fields: {} }, /time/],
    ["an unparseable time", { ...ALERT, time: "at dawn", output_fields: { "evt.time": "09:20:49.620298462" } }, /time/],
    ["output_fields as a string", { ...ALERT, output_fields: "proc.name=sh" }, /output_fields/],
    ["output_fields as an array", { ...ALERT, output_fields: [] }, /output_fields/],
  ])("rejects %s, naming the field", (_name, item, message) => {
    const r = adaptFalco(item);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it("falls back to output_fields evt.time when time is absent", () => {
    expect(one({ ...ALERT, time: undefined }).occurredAt).toBe("2025-03-01T10:01:02.123Z");
  });

  it("survives wrong types in optional fields", () => {
    const odd: unknown[] = [null, 7, -1.5, "", "<NA>", true, [], {}, ["x", 1]];
    const keys = ["hostname", "tags", "uuid", "source"];
    const fieldKeys = Object.keys(ALERT.output_fields);
    for (const value of odd) {
      for (const k of keys) expect(adaptFalco({ ...ALERT, [k]: value }).ok, `${k}=${JSON.stringify(value)}`).toBe(true);
      for (const k of fieldKeys) {
        const r = adaptFalco({ ...ALERT, output_fields: { ...ALERT.output_fields, [k]: value } });
        expect(r.ok, `${k}=${JSON.stringify(value)}`).toBe(true);
      }
    }
  });
});
