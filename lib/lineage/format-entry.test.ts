import { describe, expect, it } from "vitest";
import { actorOf, describeEntry, type LineageEntry } from "./format-entry";

const entry = (action: string, details: Record<string, unknown> | null, actor = "agent-token:node-1"): LineageEntry => ({
  id: "1", subjectType: "event", subjectId: "42", action, actor, at: "2026-11-20T10:00:00.000Z", details,
});

describe("describeEntry", () => {
  it("describes a created event by its recorded facts", () => {
    const v = describeEntry(entry("created", { sourceFormat: "garnet", type: "crypto_miner_execution", severity: "high" }));
    expect(v).toMatchObject({ label: "Created", tone: "info", changes: [], severity: null });
    expect(v.actor).toEqual({ kind: "agent token", name: "node-1", raw: "agent-token:node-1" });
    expect(v.facts).toEqual([
      { label: "Source format", value: "garnet" },
      { label: "Type", value: "crypto_miner_execution" },
      { label: "Severity", value: "high" },
    ]);
  });

  it("lists an update's changed fields with labels and before/after values, as ingest writes them", () => {
    const v = describeEntry(
      entry("updated", {
        changed: ["severity", "processExe", "flags"],
        before: { severity: "high", processExe: "/tmp/xmrig", flags: [] },
        after: { severity: "critical", processExe: "/tmp/xmrig2", flags: ["blocked", "mitre:T1496"] },
      }),
    );
    expect(v.changes).toEqual([
      { field: "severity", label: "Severity", before: "high", after: "critical" },
      { field: "processExe", label: "Process executable", before: "/tmp/xmrig", after: "/tmp/xmrig2" },
      { field: "flags", label: "Flags", before: null, after: "blocked, mitre:T1496" },
    ]);
    expect(v.severity).toEqual({ before: "high", after: "critical" });
    expect(v.facts).toEqual([]);
  });

  it("renders an Argus-style assessment: flags on and off, new severity, comment", () => {
    const v = describeEntry(
      entry(
        "assessed",
        { enableFlag: ["falsePositive"], disableFlag: ["followup"], newSeverity: "low", oldSeverity: "high", comment: "CI noise", handledByAnalyst: true },
        "user:ana@example.com",
      ),
    );
    expect(v).toMatchObject({
      label: "Assessed", tone: "success", flagsOn: ["falsePositive"], flagsOff: ["followup"],
      severity: { before: "high", after: "low" }, comment: "CI noise",
      actor: { kind: "user", name: "ana@example.com" },
    });
    expect(v.facts).toEqual([{ label: "Handled by analyst", value: "true" }]);
  });

  it("links grouping to its issue and keeps unknown actions readable", () => {
    const grouped = describeEntry(entry("grouped", { issueId: "17", fingerprint: "abc" }, "system"));
    expect(grouped.links).toEqual([{ label: "Issue 17", href: "/issues/17" }]);
    expect(grouped.facts).toEqual([{ label: "Fingerprint", value: "abc" }]);
    expect(grouped.actor.kind).toBe("system");
    const custom = describeEntry(entry("ruleMatched", { flags: { added: ["x"] }, rule: { id: 3 } }));
    expect(custom).toMatchObject({ label: "Rule matched", tone: "neutral", flagsOn: ["x"] });
    expect(custom.facts).toEqual([{ label: "Rule", value: '{"id":3}' }]);
    expect(describeEntry(entry("blocked", null)).tone).toBe("danger");
  });

  it("names a policy's or a rule's entries, links where a rule came from, and reads a block's destination", () => {
    const rule = describeEntry({ ...entry("created", { policyId: "p1", value: "evil.com", sourceEventId: "42" }), subjectType: "network_policy_rule" });
    expect(rule.label).toBe("Rule created");
    expect(rule.links).toEqual([{ label: "Policy p1", href: "/policies/p1" }, { label: "From event 42", href: "/events/42" }]);
    expect(describeEntry({ ...entry("updated", {}), subjectType: "network_policy" }).label).toBe("Policy updated");
    const blocked = describeEntry(entry("blocked", { destination: { type: "domain", value: "pool.minexmr.com" }, created: true }));
    expect(blocked.facts).toEqual([{ label: "Destination", value: "pool.minexmr.com (domain)" }, { label: "Created", value: "true" }]);
  });
});

describe("actorOf", () => {
  it("splits known prefixes and keeps anything else whole", () => {
    expect(actorOf("api-key:ci")).toEqual({ kind: "API key", name: "ci", raw: "api-key:ci" });
    expect(actorOf("weird")).toEqual({ kind: "actor", name: "weird", raw: "weird" });
  });
});
