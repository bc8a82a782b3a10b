import { describe, expect, it } from "vitest";
import { deservesIssue, fingerprintOf, issueDestinationOf, issueTitle, workloadOf, type GroupableEvent } from "./fingerprint";
import { planGrouping, type Candidate } from "./plan-grouping";

const base: GroupableEvent = {
  kind: "infos", type: "file_open", severity: "low", sourceFormat: "runtime", policyName: null, flags: [],
  cluster: null, namespace: null, pod: null, repository: null, workflow: null,
  domain: null, dnsNames: [], remoteAddress: null, filePath: null, processExe: "/usr/bin/cat",
};

describe("deservesIssue", () => {
  it("takes detections, KubeArmor policy matches, rule-marked events and severity medium or above", () => {
    expect(deservesIssue(base)).toBe(false);
    expect(deservesIssue({ ...base, kind: "detections" })).toBe(true);
    expect(deservesIssue({ ...base, sourceFormat: "kubearmor", policyName: "block-shadow" })).toBe(true);
    expect(deservesIssue({ ...base, sourceFormat: "runtime", policyName: "block-shadow" })).toBe(false);
    expect(deservesIssue({ ...base, flags: ["rule:crypto-miner"] })).toBe(true);
    expect(deservesIssue({ ...base, severity: "medium" })).toBe(true);
    expect(deservesIssue({ ...base, severity: "critical" })).toBe(true);
  });
});

describe("the fingerprint's parts", () => {
  it("takes the original domain, then the IP, the file and the executable as the destination", () => {
    expect(issueDestinationOf({ ...base, dnsNames: ["1.2.3.4", "cdn.example.net", "evil.example"], domain: "cdn.example.net", remoteAddress: "1.2.3.4" }))
      .toEqual({ value: "evil.example", kind: "domain" });
    expect(issueDestinationOf({ ...base, domain: "a.example", remoteAddress: "1.2.3.4" })).toEqual({ value: "a.example", kind: "domain" });
    expect(issueDestinationOf({ ...base, remoteAddress: "1.2.3.4", filePath: "/etc/shadow" })).toEqual({ value: "1.2.3.4", kind: "ip" });
    expect(issueDestinationOf({ ...base, filePath: "/etc/shadow" })).toEqual({ value: "/etc/shadow", kind: "file" });
    expect(issueDestinationOf(base)).toEqual({ value: "/usr/bin/cat", kind: "exe" });
    expect(issueDestinationOf({ ...base, processExe: null })).toBeNull();
  });

  it("names the workload of a pod without its controller's suffixes", () => {
    expect(workloadOf("web-7d4b9c6f5-x2k9p")).toBe("web");
    expect(workloadOf("node-exporter-x2k9p")).toBe("node-exporter");
    expect(workloadOf("postgres-0")).toBe("postgres");
    expect(workloadOf("standalone")).toBe("standalone");
  });

  it("groups pods of one workload together, and agents, repositories and destinations apart", () => {
    const pod = (name: string) => fingerprintOf({ ...base, cluster: "prod", namespace: "shop", pod: name }, `agent-${name}`).fingerprint;
    expect(pod("web-7d4b9c6f5-x2k9p")).toBe(pod("web-7d4b9c6f5-bcd2f"));
    expect(pod("web-7d4b9c6f5-x2k9p")).not.toBe(pod("api-7d4b9c6f5-x2k9p"));
    expect(fingerprintOf(base, "a").fingerprint).not.toBe(fingerprintOf(base, "b").fingerprint);
    expect(fingerprintOf({ ...base, repository: "acme/app", workflow: "ci" }, "a").fingerprint)
      .toBe(fingerprintOf({ ...base, repository: "acme/app", workflow: "ci" }, "b").fingerprint);
    expect(fingerprintOf({ ...base, filePath: "/etc/a" }, "a").fingerprint).not.toBe(fingerprintOf({ ...base, filePath: "/etc/b" }, "a").fingerprint);
    expect(fingerprintOf({ ...base, type: "x" }, "a").fingerprint).not.toBe(fingerprintOf({ ...base, type: "y" }, "a").fingerprint);
  });

  it("titles an issue by its humanised type and destination", () => {
    expect(issueTitle("dns_query", "evil.example")).toBe("DNS query: evil.example");
    expect(issueTitle("cryptoMinerExecution", null)).toBe("Crypto miner execution");
    expect(issueTitle("x", "a".repeat(400)).length).toBe(300);
  });
});

function candidate(eventId: string, occurredAt: string, fingerprint = "fp", severityRank = 2, agentId: string | null = "agent-1"): Candidate {
  return { eventId, occurredAt, severityRank, agentId, fingerprint, type: "t", kind: "detections", where: { kind: "agent", agentKey: "k" }, destination: null, title: "T" };
}

describe("planGrouping", () => {
  const HOUR = 3_600_000;

  it("joins the current issue up to the window after its last event, and opens a new one after", () => {
    const plan = planGrouping(
      [candidate("1", "2026-11-20T11:00:00.000Z"), candidate("2", "2026-11-20T12:00:00.001Z")],
      [{ id: "77", fingerprint: "fp", lastSeenAt: "2026-11-20T10:00:00.000Z" }],
      HOUR,
    );
    expect(plan.links.map((l) => [l.eventId, l.issueId, l.openerId])).toEqual([["1", "77", null], ["2", null, "2"]]);
    expect(plan.superseded).toEqual(["77"]);
    expect(plan.existing).toEqual([{ issueId: "77", eventCount: 1, firstSeenAt: "2026-11-20T11:00:00.000Z", lastSeenAt: "2026-11-20T11:00:00.000Z", severityRank: 2 }]);
    expect(plan.newIssues).toHaveLength(1);
    expect(plan.newIssues[0]).toMatchObject({ openerId: "2", eventCount: 1, acceptsEvents: true, severity: "medium", agentIds: ["agent-1"] });
  });

  it("counts a new issue's events, agents and highest severity, and supersedes new issues within the batch", () => {
    const plan = planGrouping(
      [
        candidate("3", "2026-11-20T10:30:00.000Z", "fp", 4, "agent-2"),
        candidate("1", "2026-11-20T10:00:00.000Z", "fp", 1, "agent-1"),
        candidate("2", "2026-11-20T10:10:00.000Z", "fp", 2, "agent-1"),
        candidate("4", "2026-11-20T13:00:00.000Z", "fp", 1, null),
        candidate("9", "2026-11-20T10:00:00.000Z", "other"),
      ],
      [],
      HOUR,
    );
    const [first, second, other] = plan.newIssues;
    expect(first).toMatchObject({ openerId: "1", eventCount: 3, severity: "critical", agentIds: ["agent-1", "agent-2"], acceptsEvents: false, firstSeenAt: "2026-11-20T10:00:00.000Z", lastSeenAt: "2026-11-20T10:30:00.000Z" });
    expect(second).toMatchObject({ openerId: "4", eventCount: 1, agentIds: [], acceptsEvents: true });
    expect(other).toMatchObject({ openerId: "9", eventCount: 1 });
    expect(plan.links).toHaveLength(5);
  });
});
