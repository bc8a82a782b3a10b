import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileCondition } from "./compile";
import { canonicalDocument, readDocumentText, validateRuleDocument, writeRuleDocument } from "./document";
import { applyMatches, buildEngine, type StoredRule } from "./engine";
import { withDescendants } from "./event-model";
import { ruleEventFromJson } from "./event-json";
import type { RuleSetDocument } from "./schemas";

describe("ancestors and descendants (seed 002)", () => {
  // init → containerd → runner → bash → npm → node → sh → curl (current)
  const chain = ["/usr/bin/node", "/usr/bin/npm", "/bin/bash", "/runner", "/containerd", "/sbin/init"].map((p) => ({ exec_path: p, argv: [p.split("/").pop()!] }));
  const event = ruleEventFromJson({ event_type: "process_exec", process: { exec_path: "/usr/bin/curl", argv: ["curl"], ancestors: [{ exec_path: "/bin/sh", argv: ["sh", "-c", "x"] }, ...chain] }, payload: {} })!;
  const run = (c: string) => {
    const r = compileCondition("process_exec", c);
    if (!r.ok) throw new Error(r.error.message);
    return r.evaluate(event);
  };

  it("lists ancestors newest-first, each ancestor's descendants from it toward the current process, excluding it", () => {
    const a = event.process.ancestors;
    expect(a.map((x) => x.exec_path)).toEqual(["/bin/sh", "/usr/bin/node", "/usr/bin/npm", "/bin/bash", "/runner", "/containerd", "/sbin/init"]);
    expect(a[0].descendants).toEqual([]);
    expect(a[2].descendants.map((d) => d.exec_path)).toEqual(["/usr/bin/node", "/bin/sh"]);
    expect(a[6].descendants.map((d) => d.exec_path)).toEqual(["/containerd", "/runner", "/bin/bash", "/usr/bin/npm", "/usr/bin/node", "/bin/sh"]);
    expect(withDescendants([])).toEqual([]);
  });

  it("evaluates exists, all, index access and descendants in CEL", () => {
    expect(run('process.ancestors[0].exec_path == "/bin/sh"')).toBe(true);
    expect(run('process.ancestors.exists(p, p.exec_path.endsWith("/npm") && p.descendants.exists(d, d.exec_path.endsWith("/sh")))')).toBe(true);
    expect(run('process.ancestors.exists(p, p.exec_path.endsWith("/npm") && p.descendants.exists(d, d.exec_path.endsWith("/bash")))')).toBe(false);
    expect(run('process.ancestors.exists(p, p.exec_path == "/sbin/init" && size(p.descendants) == 6 && p.descendants[0].exec_path == "/containerd")')).toBe(true);
    expect(run('process.ancestors.all(p, !p.descendants.exists(d, d.exec_path == p.exec_path))')).toBe(true);
    expect(run("size(process.ancestors) == 7")).toBe(true);
  });
});

const DOC = `rule_sets:
  - ruleset_id: acme/process
    rules:
      - rule_id: network_tool_exec
        event_type: process_exec
        condition: |
          process.exec_path.endsWith("/curl") ||
          process.exec_path.endsWith("/wget")
        action: collect
      - rule_id: shell_from_package_manager
        event_type: process_exec
        condition: |
          process.exec_path.endsWith("/sh") &&
          process.ancestors.exists(parent, parent.exec_path.endsWith("/npm"))
        action: detect
        severity: high
        description: A shell under a package manager
        tags:
          - supply-chain
          - mitre:T1059
      - rule_id: disabled_one
        event_type: domain
        condition: source == "dns"
        action: terminate
        enabled: false
  - ruleset_id: acme/network
    rules:
      - rule_id: private
        event_type: network_connect
        condition: 'family == "ipv4" && inIpRange(remote_ip, "10.0.0.0/8")'
        action: detect
`;

function validate(text: string, format: "yaml" | "json" = "yaml") {
  const read = readDocumentText(text, format);
  return read.ok ? validateRuleDocument(read.value) : read;
}

describe("validation", () => {
  it("accepts the seed's format", () => {
    const r = validate(DOC);
    expect(r.ok).toBe(true);
  });

  it("names every error with its field, and CEL errors with line and column", () => {
    const doc = {
      rule_sets: [
        {
          ruleset_id: "acme/bad",
          rules: [
            { rule_id: "a", event_type: "process_spawn", condition: "true", action: "collect" },
            { rule_id: "b", event_type: "process_exec", condition: 'process.exec_path.endsWith("/sh") &&\n  process.exe == "x"', action: "detect" },
            { rule_id: "c", event_type: "process_exec", condition: 'remote_ip == "10.0.0.1"', action: "detect" },
            { rule_id: "d", event_type: "network_connect", condition: 'remote_port == "443"', action: "collect" },
            { rule_id: "e", event_type: "file_open", condition: 'path.endsWith(\n  "/.npmrc" &&', action: "collect" },
            { rule_id: "a", event_type: "domain", condition: "domain.size()", action: "collect" },
            { rule_id: "f", event_type: "domain", condition: "true", action: "block", extra: 1 },
          ],
        },
        { ruleset_id: "acme/bad", rules: [{ rule_id: "x", event_type: "domain", condition: "true", action: "collect" }] },
      ],
    };
    const shape = validateRuleDocument(doc);
    expect(shape.ok).toBe(false);
    // The shape first: an unknown action and an unknown key.
    if (!shape.ok) expect(shape.errors.map((e) => e.field)).toEqual(["rule_sets.0.rules.6.action", "rule_sets.0.rules.6.extra"]);
    doc.rule_sets[0].rules.pop();
    const r = validateRuleDocument(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(byField["rule_sets.0.rules.0.event_type"]).toMatch(/unknown event type "process_spawn"/);
    expect(byField["rule_sets.0.rules.1.condition"]).toMatch(/^line 2, column 11: unknown field "exe"/);
    expect(byField["rule_sets.0.rules.2.condition"]).toMatch(/^line 1, column 1: unknown field "remote_ip" for event type process_exec/);
    expect(byField["rule_sets.0.rules.3.condition"]).toMatch(/^line 1, column 1: .*int == string/);
    expect(byField["rule_sets.0.rules.4.condition"]).toMatch(/^line 2, column \d+: /);
    expect(byField["rule_sets.0.rules.5.rule_id"]).toMatch(/duplicate rule_id "a"/);
    expect(byField["rule_sets.0.rules.5.condition"]).toMatch(/line 1, column \d+: /);
    expect(byField["rule_sets.1.ruleset_id"]).toMatch(/duplicate ruleset_id "acme\/bad"/);
    expect(r.errors).toHaveLength(8);
  });

  it("refuses a condition that is not a bool, and YAML syntax errors with their position", () => {
    const r = validateRuleDocument({ rule_sets: [{ ruleset_id: "s", rules: [{ rule_id: "r", event_type: "domain", condition: "size(domain)", action: "collect" }] }] });
    expect(!r.ok && r.errors[0].message).toMatch(/must be a bool/);
    const y = validate("rule_sets:\n  - ruleset_id: a\n    rules: [\n");
    expect(!y.ok && y.errors[0]).toMatchObject({ field: "body", message: expect.stringMatching(/^line \d+, column \d+: /) });
    const j = validate("{", "json");
    expect(!j.ok && j.errors[0].message).toMatch(/not valid JSON/);
    const dup = validate("rule_sets: []\nrule_sets: []\n");
    expect(dup.ok).toBe(false);
  });
});

describe("export and import round trip", () => {
  it("is exact for YAML and JSON, and stable", () => {
    const r = validate(DOC);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const yaml = writeRuleDocument(r.document, "yaml");
    expect(parse(yaml)).toEqual(canonicalDocument(r.document));
    expect(parse(yaml)).toEqual(parse(DOC));
    // Conditions come back byte for byte (block scalars keep their newlines).
    expect((parse(yaml) as RuleSetDocument).rule_sets[0].rules[0].condition).toBe('process.exec_path.endsWith("/curl") ||\nprocess.exec_path.endsWith("/wget")\n');
    const again = validate(yaml);
    if (!again.ok) throw new Error(JSON.stringify(again.errors));
    expect(writeRuleDocument(again.document, "yaml")).toBe(yaml);
    const json = writeRuleDocument(r.document, "json");
    const fromJson = validate(json, "json");
    if (!fromJson.ok) throw new Error(JSON.stringify(fromJson.errors));
    expect(fromJson.document).toEqual(r.document);
    expect(writeRuleDocument(fromJson.document, "yaml")).toBe(yaml);
  });
});

describe("the engine", () => {
  const rules: StoredRule[] = [
    { id: "1", rulesetId: "acme", ruleId: "curl", eventType: "process_exec", condition: 'process.exec_path.endsWith("/curl")', action: "collect", severity: null },
    { id: "2", rulesetId: "acme", ruleId: "bash_parent", eventType: "process_exec", condition: 'process.ancestors.exists(p, p.exec_path == "/bin/bash")', action: "detect", severity: null },
    { id: "3", rulesetId: "acme", ruleId: "kill", eventType: "process_exec", condition: "true", action: "terminate", severity: "critical" },
    { id: "4", rulesetId: "acme", ruleId: "other_type", eventType: "domain", condition: "true", action: "detect", severity: "low" },
    { id: "5", rulesetId: "acme", ruleId: "broken", eventType: "domain", condition: "nope(", action: "detect", severity: "low" },
  ];
  const engine = buildEngine(rules);
  const row = {
    kind: "infos", type: "process_exec", severity: "low", sourceFormat: "runtime", processExe: "/usr/bin/curl", processArgs: "curl -s x",
    process: { exe: "/usr/bin/curl" }, ancestry: [{ exe: "/bin/bash", args: "bash -c x" }], protocol: null, remoteAddress: null, remotePort: null,
    flow: null, domain: null, file: null, flags: ["container"],
  };

  it("evaluates only the rules of the event's type, and skips a stored rule that no longer compiles", () => {
    expect(engine.size).toBe(4);
    expect(engine.skipped.map((s) => s.id)).toEqual(["5"]);
    expect(engine.evaluate(row).map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(engine.evaluate({ ...row, type: "process_exit" })).toEqual([]);
  });

  it("tags on collect, makes a detection of the highest severity on detect and terminate", () => {
    const [collect, detect, terminate] = engine.evaluate(row);
    expect(applyMatches(row, [collect])).toMatchObject({ kind: "infos", severity: "low", flags: ["container", "collect:acme/curl"] });
    expect(applyMatches(row, [collect, detect])).toMatchObject({ kind: "detections", severity: "medium", flags: ["container", "collect:acme/curl", "rule:acme/bash_parent"] });
    expect(applyMatches(row, [detect, terminate])).toMatchObject({ kind: "detections", severity: "critical", flags: ["container", "rule:acme/bash_parent", "rule:acme/kill", "intent:terminate"] });
    // Never lowers the source's own severity.
    expect(applyMatches({ ...row, severity: "critical" }, [detect]).severity).toBe("critical");
  });
});
