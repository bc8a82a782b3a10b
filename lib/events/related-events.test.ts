import { describe, expect, it } from "vitest";
import { parseQuery } from "./parse-query";
import { quoteValue, relatedSearches } from "./related-events";

describe("quoteValue", () => {
  it("leaves plain values bare and quotes the rest with escapes", () => {
    expect(quoteValue("registry.npmjs.org")).toBe("registry.npmjs.org");
    expect(quoteValue("/usr/bin/curl")).toBe("/usr/bin/curl");
    expect(quoteValue("runner 1")).toBe('"runner 1"');
    expect(quoteValue('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(quoteValue("fe80::1")).toBe('"fe80::1"');
    expect(quoteValue("-rf")).toBe('"-rf"');
    expect(quoteValue("a*")).toBe('"a*"');
    expect(quoteValue("OR")).toBe('"OR"');
  });

  it.each(["plain", "with space", 'quote " and \\ slash', "fe80::1", "(paren)", "star*", "-dash", ">5", "OR", "ünïcode"])(
    "round-trips %s through the query parser",
    (value) => {
      const parsed = parseQuery(`domain:${quoteValue(value)}`);
      expect(parsed).toEqual({ ok: true, query: { type: "term", field: "domain", op: "eq", value, position: 0 } });
    },
  );
});

describe("relatedSearches", () => {
  const event = {
    occurredAt: "2026-11-20T10:00:00.000Z",
    agentName: "runner 7",
    processPid: 1234,
    processExe: "/usr/bin/curl",
    domain: "evil.example",
    remoteAddress: "10.0.0.1",
    filePath: null,
  };

  it("links the same process, destination, agent and executable with their time ranges", () => {
    const links = relatedSearches(event);
    expect(links.map((l) => [l.id, l.query, l.from, l.to])).toEqual([
      ["process", 'agent:"runner 7" processPid:1234', "2026-11-20T09:00:00.000Z", "2026-11-20T11:00:00.000Z"],
      ["destination", "domain:evil.example", "2026-11-19T10:00:00.000Z", "2026-11-21T10:00:00.000Z"],
      ["agent", 'agent:"runner 7"', "2026-11-20T09:55:00.000Z", "2026-11-20T10:05:00.000Z"],
      ["executable", "processExe:/usr/bin/curl", "2026-11-19T10:00:00.000Z", "2026-11-21T10:00:00.000Z"],
    ]);
    const url = new URL(links[0].href, "http://x");
    expect(url.pathname).toBe("/events");
    expect(url.searchParams.get("q")).toBe('agent:"runner 7" processPid:1234');
    expect(url.searchParams.get("from")).toBe("2026-11-20T09:00:00.000Z");
    for (const l of links) expect(parseQuery(l.query).ok).toBe(true);
  });

  it("falls back to the remote address and skips what is unknown", () => {
    const links = relatedSearches({ ...event, agentName: null, processPid: null, processExe: null, domain: null, filePath: "/etc/shadow" });
    expect(links.map((l) => l.query)).toEqual(['remoteAddress:10.0.0.1', "filePath:/etc/shadow"]);
  });
});
