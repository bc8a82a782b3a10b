import { describe, expect, it } from "vitest";
import { adaptRuntimeAt } from "@/lib/ingest/runtime";
import { toEventRow } from "@/lib/ingest/event-row";
import { compileCondition } from "./compile";
import type { RuleEventType } from "./event-model";
import { ruleEventFromJson } from "./event-json";
import { toRuleEvent } from "./map-event";
import { SEED_002_EVENTS } from "../../test-support/seed-002-events";

// Every rule example of seed 002, compiled and evaluated against the seed's example event of its
// type: directly (the seed's JSON) and as Vigil stores it (through the runtime adapter and the
// event row), with the same result both ways.

const EXAMPLES: Record<RuleEventType, unknown> = SEED_002_EVENTS;

/** [name, event type, condition as the seed writes it, result on the seed's example event]. */
const RULES: [string, RuleEventType, string, boolean][] = [
  ["network_tool_exec (curl, wget)", "process_exec", 'process.exec_path.endsWith("/curl") ||\nprocess.exec_path.endsWith("/wget")\n', true],
  ["ancestor bash -c", "process_exec", 'process.ancestors.exists(parent,\n  parent.exec_path.endsWith("/bash") &&\n  parent.argv.exists(arg, arg == "-c")\n)\n', true],
  ["network_tool_exec (curl, wget, nc)", "process_exec", 'process.exec_path.endsWith("/curl") ||\nprocess.exec_path.endsWith("/wget") ||\nprocess.exec_path.endsWith("/nc")\n', true],
  [
    "shell_from_package_manager",
    "process_exec",
    '(\n  process.exec_path.endsWith("/sh") ||\n  process.exec_path.endsWith("/bash")\n) &&\nprocess.ancestors.exists(parent,\n  parent.exec_path.endsWith("/npm") ||\n  parent.exec_path.endsWith("/pip") ||\n  parent.exec_path.endsWith("/bundle")\n)\n',
    false,
  ],
  ["memfd-backed execution", "process_exec", "is_memfd", false],
  ["network_tool_outbound", "network_connect", 'protocol == "tcp" &&\nremote_port == 443 &&\n(\n  process.exec_path.endsWith("/curl") ||\n  process.exec_path.endsWith("/wget")\n)\n', true],
  [
    "connection to private networks",
    "network_connect",
    'family == "ipv4" &&\n(\n  inIpRange(remote_ip, "10.0.0.0/8") ||\n  inIpRange(remote_ip, "172.16.0.0/12") ||\n  inIpRange(remote_ip, "192.168.0.0/16")\n)\n',
    false,
  ],
  ["docker_socket_access", "unix_socket_connect", 'socket_type == "stream" &&\n!is_abstract &&\n(\n  path == "/var/run/docker.sock" ||\n  path == "/run/docker.sock"\n)\n', true],
  ["package_credential_read", "file_open", 'is_read &&\n(\n  path.endsWith("/.npmrc") ||\n  path.endsWith("/.pypirc") ||\n  path.endsWith("/.docker/config.json")\n)\n', true],
  ["credential read by a shell descendant", "file_open", 'is_read &&\npath.endsWith("/.npmrc") &&\nprocess.ancestors.exists(parent,\n  parent.exec_path.endsWith("/sh") ||\n  parent.exec_path.endsWith("/bash")\n)\n', false],
  ["secret file removal", "file_remove", '!is_folder &&\n(\n  path.endsWith("/.npmrc") ||\n  path.endsWith("/.pypirc")\n)\n', false],
  ["tmp to executable path", "file_move", 'from_path.startsWith("/tmp/") &&\n(\n  to_path.startsWith("/usr/local/bin/") ||\n  to_path.startsWith("/usr/bin/")\n)\n', true],
  ["hardlink to /etc/shadow", "file_link", 'is_hardlink && existing_path == "/etc/shadow"', false],
  ["symlink from tmp to executable path", "file_link", 'is_symlink &&\ncreated_path.startsWith("/usr/local/bin/") &&\nexisting_path.startsWith("/tmp/")\n', true],
  ["outside internal domains", "domain", 'source == "dns" &&\n!domain.endsWith(".corp.example.com")\n', true],
  ["package-manager descendant", "domain", 'source == "dns" &&\nprocess.ancestors.exists(parent,\n  parent.exec_path.endsWith("/npm") ||\n  parent.exec_path.endsWith("/pip")\n)\n', false],
];

function stored(example: unknown) {
  const adapted = adaptRuntimeAt({ ...(example as object), timestamp: "2026-12-05T10:00:00Z" }, new Date());
  if (!adapted.ok) throw new Error(adapted.error);
  return toEventRow("runtime", adapted.events[0], { eventKey: "k", contentHash: "h", agentKey: "a" });
}

describe("seed 002's rule examples on its example events", () => {
  it.each(RULES)("%s", (_name, type, condition, expected) => {
    const compiled = compileCondition(type, condition);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
    const direct = ruleEventFromJson(EXAMPLES[type])!;
    expect(direct.eventType).toBe(type);
    expect(compiled.evaluate(direct)).toBe(expected);
    const mapped = toRuleEvent(stored(EXAMPLES[type]));
    expect(mapped?.eventType).toBe(type);
    expect(compiled.evaluate(mapped!)).toBe(expected);
  });

  it("maps every example event, stored, to the seed's own values (argv re-split: sources keep command lines joined)", () => {
    const split = (argv: string[]) => argv.flatMap((a) => a.split(/\s+/).filter(Boolean));
    for (const [type, example] of Object.entries(EXAMPLES)) {
      const want = ruleEventFromJson(example)!;
      const ancestors = want.process.ancestors.map((a) => ({ ...a, argv: split(a.argv), descendants: a.descendants.map((d) => ({ ...d, argv: split(d.argv) })) }));
      expect(toRuleEvent(stored(example)), type).toEqual({ ...want, process: { ...want.process, argv: split(want.process.argv), ancestors } });
    }
  });

  it("matches the opposite cases too", () => {
    const rule = (t: RuleEventType, c: string) => {
      const r = compileCondition(t, c);
      if (!r.ok) throw new Error(r.error.message);
      return r.evaluate;
    };
    const ex = (t: RuleEventType, patch: Record<string, unknown>) => {
      const base = EXAMPLES[t] as { payload: object };
      return ruleEventFromJson({ ...base, payload: { ...base.payload, ...patch } })!;
    };
    expect(rule("network_connect", 'family == "ipv4" && inIpRange(remote_ip, "172.16.0.0/12")')(ex("network_connect", { remote_ip: "172.20.1.9" }))).toBe(true);
    expect(rule("network_connect", 'inIpRange(remote_ip, "2001:db8::/32")')(ex("network_connect", { remote_ip: "2001:db8::1", family: "ipv6" }))).toBe(true);
    expect(rule("network_connect", 'inIpRange(remote_ip, "10.0.0.0/8")')(ex("network_connect", { remote_ip: "::ffff:10.1.2.3" }))).toBe(true);
    expect(rule("network_connect", 'inIpRange(remote_ip, "not-a-cidr")')(ex("network_connect", {}))).toBe(false);
    expect(rule("process_exec", "is_memfd")(ex("process_exec", { is_memfd: true }))).toBe(true);
    expect(rule("file_link", 'is_hardlink && existing_path == "/etc/shadow"')(ex("file_link", { is_hardlink: true, existing_path: "/etc/shadow" }))).toBe(true);
    expect(rule("domain", 'domain.matches("^registry\\\\.npmjs\\\\.(org|com)$") && domain.contains("npm")')(ex("domain", {}))).toBe(true);
    expect(rule("process_exec", 'process.argv.all(a, size(a) > 1) && process.argv.exists_one(a, a.startsWith("-"))')(ex("process_exec", {}))).toBe(true);
  });
});
