import { describe, expect, it } from "vitest";
import { adaptRuntime, adaptRuntimeAt } from "./runtime";
import type { AdapterItemResult, NormalizedEvent } from "./types";
import { SEED_002_EVENTS as SEED } from "../../test-support/seed-002-events";

const NOW = new Date("2030-01-02T03:04:05.000Z");

function one(result: AdapterItemResult): NormalizedEvent {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  expect(result.events).toHaveLength(1);
  return result.events[0];
}

function errorOf(result: AdapterItemResult): string {
  if (result.ok) throw new Error("expected an error");
  return result.error;
}


describe("runtime seed examples", () => {
  it("accepts every seed example with the clock time and no source id", () => {
    for (const item of Object.values(SEED)) {
      const e = one(adaptRuntimeAt(item, NOW));
      expect(e.occurredAt).toBe(NOW.toISOString());
      expect(e.sourceId).toBeUndefined();
      expect(e.flags).toContain("received_time");
      expect(e.agent).toEqual({});
      expect(e.process?.exe).toBe(item.process.exec_path);
      expect(e.process?.args).toBe(item.process.argv.join(" "));
    }
  });

  it("process_exec → infos with the parent from ancestors", () => {
    const e = one(adaptRuntimeAt(SEED.process_exec, NOW));
    expect(e).toMatchObject({ kind: "infos", type: "process_exec", severity: "low", title: "exec /usr/bin/curl" });
    expect(e.process).toEqual({ exe: "/usr/bin/curl", args: "curl -fsSL https://example.com/install.sh" });
    expect(e.ancestors).toEqual([{ exe: "/bin/bash", args: "bash -c curl -fsSL https://example.com/install.sh" }]);
    expect(e.parent).toEqual(e.ancestors?.[0]);
    expect(e.flags).not.toContain("memfd");
  });

  it("network_connect → flows / flow", () => {
    const e = one(adaptRuntimeAt(SEED.network_connect, NOW));
    expect(e).toMatchObject({ kind: "flows", type: "flow", severity: "low" });
    expect(e.flow).toEqual({ protocol: "tcp", ipVersion: 4, remote: { address: "104.16.24.34", port: 443 }, direction: "egress" });
    expect(e.title).toBe("connect tcp 104.16.24.34:443 by /usr/bin/curl");
    expect(e.flags).toContain("event:network_connect");
  });

  it("unix_socket_connect → infos with the socket as file", () => {
    const e = one(adaptRuntimeAt(SEED.unix_socket_connect, NOW));
    expect(e).toMatchObject({ kind: "infos", type: "unix_socket_connect" });
    expect(e.file).toEqual({ path: "/run/docker.sock", operation: "connect" });
    expect(e.flags).toContain("socket:stream");
    expect(e.flags).not.toContain("abstract");
  });

  it("file_open keeps path, access and the numeric open flags", () => {
    const e = one(adaptRuntimeAt(SEED.file_open, NOW));
    expect(e).toMatchObject({ kind: "infos", type: "file_open" });
    expect(e.file).toEqual({ path: "/home/runner/.npmrc", operation: "read", flags: "0" });
    expect(e.flags).toContain("read");
    expect(e.flags).not.toContain("write");
  });

  it("file_remove, file_move and file_link map paths and link kind", () => {
    expect(one(adaptRuntimeAt(SEED.file_remove, NOW)).file).toEqual({ path: "/workspace/.env", operation: "remove" });
    expect(one(adaptRuntimeAt(SEED.file_move, NOW)).file).toEqual({
      path: "/tmp/payload.bin",
      operation: "rename",
      targetPath: "/usr/local/bin/curl",
    });
    const link = one(adaptRuntimeAt(SEED.file_link, NOW));
    expect(link.file).toEqual({ path: "/usr/local/bin/curl", operation: "link", targetPath: "/tmp/wrapper" });
    expect(link.flags).toContain("symlink");
    expect(link.flags).not.toContain("hardlink");
    expect(link.title).toBe("symlink /usr/local/bin/curl -> /tmp/wrapper by /bin/ln");
  });

  it("domain → flows with the queried domain", () => {
    const e = one(adaptRuntimeAt(SEED.domain, NOW));
    expect(e).toMatchObject({ kind: "flows", type: "domain", domain: "registry.npmjs.org" });
    expect(e.flags).toContain("source:dns");
    expect(e.dnsNames).toBeUndefined();
  });
});

describe("runtime ancestry, envelope and severity", () => {
  it("keeps ancestors newest-first and ignores the redundant descendants lists", () => {
    const item = {
      event_type: "process_exec",
      process: {
        exec_path: "/bin/sh",
        argv: ["sh", "-c", "postinstall"],
        ancestors: [
          { exec_path: "/usr/bin/node", argv: ["node", "npm-cli.js", "install"], descendants: [] },
          { exec_path: "/usr/bin/npm", argv: ["npm", "install"], descendants: [{ exec_path: "/usr/bin/node", argv: ["node"] }] },
          { exec_path: "/bin/bash", argv: ["bash", "-c", "npm install"], descendants: [{ exec_path: "/usr/bin/npm" }, { exec_path: "/usr/bin/node" }] },
        ],
      },
      payload: { is_memfd: false },
    };
    const e = one(adaptRuntimeAt(item, NOW));
    expect(e.ancestors?.map((a) => a.exe)).toEqual(["/usr/bin/node", "/usr/bin/npm", "/bin/bash"]);
    expect(e.parent?.args).toBe("node npm-cli.js install");
  });

  it("maps envelope fields: id, timestamp, rule, action and agent context", () => {
    const item = {
      ...SEED.process_exec,
      id: "evt-1",
      timestamp: "2026-03-04T05:06:07Z",
      ruleset_id: "acme/process",
      rule_id: "shell_from_package_manager",
      action: "detect",
      agent: { id: "agt-9", name: "runner-agent", version: "1.4.0" },
      host: { hostname: "runner-01", os: "linux", arch: "x86_64" },
      github: { repository: "acme/web", workflow: "CI", job: "test", run_id: 99 },
      kubernetes: { cluster: "c1", namespace: "ns", node: "n1", pod: "p1" },
      container: { id: "abc", image: "node:20" },
    };
    const e = one(adaptRuntimeAt(item, NOW));
    expect(e).toMatchObject({
      sourceId: "evt-1",
      occurredAt: "2026-03-04T05:06:07.000Z",
      kind: "detections",
      severity: "medium",
      action: "detect",
      policyName: "shell_from_package_manager",
      title: "shell_from_package_manager: exec /usr/bin/curl",
    });
    expect(e.flags).toEqual(["ruleset:acme/process"]);
    expect(e.agent).toEqual({
      externalId: "agt-9", name: "runner-agent", hostname: "runner-01", os: "linux", arch: "x86_64", version: "1.4.0",
      cluster: "c1", namespace: "ns", node: "n1", pod: "p1", container: "abc", image: "node:20",
      repository: "acme/web", workflow: "CI", job: "test", runId: "99",
    });
  });

  it("accepts flat context fields and an epoch `time`", () => {
    const item = { ...SEED.domain, time: 1767225600, host: "ci-box", repository: "acme/api", run_id: "7", action: "collect" };
    const e = one(adaptRuntimeAt(item, NOW));
    expect(e).toMatchObject({ occurredAt: "2026-01-01T00:00:00.000Z", kind: "flows", severity: "low", action: "collect" });
    expect(e.agent).toEqual({ hostname: "ci-box", repository: "acme/api", runId: "7" });
  });

  it("rates memfd execution high, detect medium, collect low; an explicit severity wins", () => {
    const memfd = { ...SEED.process_exec, payload: { is_memfd: true } };
    expect(one(adaptRuntimeAt(memfd, NOW))).toMatchObject({ severity: "high", kind: "infos", title: "exec /usr/bin/curl (memfd)" });
    expect(one(adaptRuntimeAt(memfd, NOW)).flags).toContain("memfd");
    expect(one(adaptRuntimeAt({ ...SEED.file_open, action: "detect" }, NOW)).severity).toBe("medium");
    expect(one(adaptRuntimeAt({ ...SEED.file_open, action: "collect" }, NOW))).toMatchObject({ severity: "low", kind: "infos" });
    expect(one(adaptRuntimeAt({ ...SEED.network_connect, action: "detect" }, NOW)).kind).toBe("detections");
    expect(one(adaptRuntimeAt({ ...SEED.file_open, severity: "critical" }, NOW)).severity).toBe("critical");
  });

  it("is deterministic for a given clock and uses the real clock by default", () => {
    expect(adaptRuntimeAt(SEED.file_move, NOW)).toEqual(adaptRuntimeAt(SEED.file_move, NOW));
    const before = Date.now();
    const t = Date.parse(one(adaptRuntime(SEED.file_move)).occurredAt);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it("accepts an unknown event type generically", () => {
    const e = one(adaptRuntimeAt({ event_type: "process_exit", process: { exec_path: "/bin/true" } }, NOW));
    expect(e).toMatchObject({ kind: "infos", type: "process_exit", severity: "low", title: "process_exit by /bin/true" });
  });
});

describe("runtime bad input", () => {
  const with_ = (base: object, patch: object) => ({ ...base, ...patch });
  it.each<[string, unknown, string]>([
    ["null", null, "item must be a JSON object"],
    ["array", [SEED.domain], "item must be a JSON object"],
    ["number", 7, "item must be a JSON object"],
    ["string", "process_exec", "item must be a JSON object"],
    ["missing event_type", { process: SEED.domain.process, payload: SEED.domain.payload }, "event_type is required"],
    ["empty event_type", with_(SEED.domain, { event_type: "" }), "event_type is required"],
    ["event_type of wrong type", with_(SEED.domain, { event_type: 3 }), "event_type must be a string"],
    ["process not an object", with_(SEED.domain, { process: "npm" }), "process must be an object"],
    ["exec_path of wrong type", with_(SEED.domain, { process: { exec_path: 5 } }), "process.exec_path must be a string"],
    ["argv not an array", with_(SEED.domain, { process: { exec_path: "/x", argv: "npm install" } }), "process.argv must be an array of strings"],
    ["argv with numbers", with_(SEED.domain, { process: { exec_path: "/x", argv: ["a", 1] } }), "process.argv must be an array of strings"],
    ["ancestors not an array", with_(SEED.domain, { process: { exec_path: "/x", ancestors: {} } }), "process.ancestors must be an array"],
    ["ancestor not an object", with_(SEED.domain, { process: { exec_path: "/x", ancestors: [5] } }), "process.ancestors[0] must be an object"],
    ["ancestor argv bad", with_(SEED.domain, { process: { ancestors: [{ argv: [null] }] } }), "process.ancestors[0].argv must be an array of strings"],
    ["exec without process", { event_type: "process_exec", payload: {} }, "process.exec_path is required"],
    ["payload not an object", with_(SEED.domain, { payload: ["registry.npmjs.org"] }), "payload must be an object"],
    ["missing remote_ip", with_(SEED.network_connect, { payload: { remote_port: 443 } }), "payload.remote_ip is required"],
    ["port as string", with_(SEED.network_connect, { payload: { remote_ip: "1.2.3.4", remote_port: "443" } }), "payload.remote_port must be an integer"],
    ["memfd as string", with_(SEED.process_exec, { payload: { is_memfd: "yes" } }), "payload.is_memfd must be a boolean"],
    ["missing to_path", with_(SEED.file_move, { payload: { from_path: "/a" } }), "payload.to_path is required"],
    ["missing created_path", with_(SEED.file_link, { payload: { existing_path: "/a" } }), "payload.created_path is required"],
    ["flags as string", with_(SEED.file_open, { payload: { path: "/a", flags: "O_RDONLY" } }), "payload.flags must be an integer"],
    ["missing domain", with_(SEED.domain, { payload: { source: "dns" } }), "payload.domain is required"],
    ["missing socket path", with_(SEED.unix_socket_connect, { payload: {} }), "payload.path is required"],
    ["bad timestamp", with_(SEED.domain, { timestamp: "not a time" }), "timestamp is not a valid time"],
    ["bad time", with_(SEED.domain, { time: { seconds: 1 } }), "time is not a valid time"],
    ["action of wrong type", with_(SEED.domain, { action: 1 }), "action must be a string"],
  ])("rejects %s", (_name, item, message) => {
    expect(() => adaptRuntimeAt(item, NOW)).not.toThrow();
    expect(errorOf(adaptRuntimeAt(item, NOW))).toBe(message);
  });
});
