import { describe, expect, it } from "vitest";
import { parseSearchParams } from "@/lib/events/search-params";
import { ApiProblem } from "@/components/events/events-api";
import { problemField } from "./block-api";
import {
  blockableDestination,
  checkExpiry,
  describeBlockError,
  dryRunEventsHref,
  fieldOfProblem,
  localDateTime,
  matchesSentence,
  modeNotice,
  sameScope,
} from "./block-form";

describe("the dry run's events link", () => {
  it("opens the Events page on the dry run's query over the last 7 days", () => {
    const href = dryRunEventsHref('destination:"evil.example" cluster:"prod-eu"');
    expect(href).toBe("/events?q=destination%3A%22evil.example%22+cluster%3A%22prod-eu%22&range=7d");
    const state = parseSearchParams(new URLSearchParams(href.split("?")[1]));
    expect(state.q).toBe('destination:"evil.example" cluster:"prod-eu"');
    expect(state.range).toEqual({ kind: "preset", preset: "7d" });
  });

  it("keeps characters the query language and URLs both care about", () => {
    const q = 'remoteAddress:"2001:db8::1" workflow:"ci.yml#x&y=1"';
    const state = parseSearchParams(new URLSearchParams(dryRunEventsHref(q).split("?")[1]));
    expect(state.q).toBe(q);
  });
});

describe("the dry run's sentences", () => {
  it("counts events and agents, singular and plural", () => {
    expect(matchesSentence({ events: 12345, agents: 3, issueCount: 0, issues: [] })).toBe(
      "This rule would have matched 12,345 events on 3 agents in the last 7 days.",
    );
    expect(matchesSentence({ events: 1, agents: 1, issueCount: 0, issues: [] })).toBe("This rule would have matched 1 event on 1 agent in the last 7 days.");
    expect(matchesSentence({ events: 0, agents: 0, issueCount: 0, issues: [] })).toBe("This rule would have matched no events in the last 7 days.");
  });

  it("warns when the scope's policy would not enforce the rule", () => {
    expect(modeNotice("log", "cluster prod-eu")).toBe("The policy of cluster prod-eu is in log mode: the rule will be reported, not enforced.");
    expect(modeNotice("bypass", "cluster prod-eu")).toMatch(/bypass mode: the rule will have no effect/);
    expect(modeNotice("enforce", "cluster prod-eu")).toBeNull();
    expect(modeNotice(null, "cluster prod-eu")).toBeNull();
  });
});

describe("the expiry", () => {
  const now = new Date("2026-06-01T12:00:00Z");

  it("is optional", () => {
    expect(checkExpiry("", now)).toEqual({ ok: true, iso: undefined });
    expect(checkExpiry("  ", now)).toEqual({ ok: true, iso: undefined });
  });

  it("turns the browser's local time into an ISO instant with an offset", () => {
    const r = checkExpiry("2030-01-31T08:30", now);
    expect(r).toEqual({ ok: true, iso: new Date(2030, 0, 31, 8, 30).toISOString() });
    expect(r.ok && r.iso).toMatch(/Z$/);
  });

  it("must be in the future and a date", () => {
    expect(checkExpiry("2020-01-01T00:00", now)).toEqual({ ok: false, error: "Must be in the future." });
    expect(checkExpiry("soon", now)).toEqual({ ok: false, error: "Not a date and time." });
  });

  it("formats a minimum for the datetime-local input", () => {
    expect(localDateTime(new Date(2026, 2, 4, 5, 6))).toBe("2026-03-04T05:06");
  });
});

describe("refused requests", () => {
  it("reads the field from either problem shape, without the body prefix", () => {
    expect(problemField({ errors: [{ field: "body.reason" }] })).toBe("reason");
    expect(problemField({ field: "expiresAt" })).toBe("expiresAt");
    expect(problemField({ detail: "x" })).toBeUndefined();
    expect(problemField(null)).toBeUndefined();
  });

  it("points a 400 at the form field it names", () => {
    expect(fieldOfProblem(new ApiProblem(400, "Bad Request", "reason: required", "reason"))).toBe("reason");
    expect(fieldOfProblem(new ApiProblem(400, "Bad Request", "x", "expiresAt"))).toBe("expiresAt");
    expect(fieldOfProblem(new ApiProblem(400, "Bad Request", "x", "scopeRef"))).toBe("scope");
    expect(fieldOfProblem(new ApiProblem(400, "Bad Request", "x", "body"))).toBeNull();
    expect(fieldOfProblem(new ApiProblem(422, "Unprocessable", "no destination"))).toBeNull();
    expect(fieldOfProblem(new Error("offline"))).toBeNull();
  });

  it("says why in one sentence", () => {
    expect(describeBlockError(new ApiProblem(403, "Forbidden", "Your role may not do this"))).toMatch(/analysts and admins/);
    expect(describeBlockError(new ApiProblem(422, "Unprocessable Content", "Event 7 has no network destination"))).toBe("Event 7 has no network destination");
    expect(describeBlockError(new TypeError("Failed to fetch"))).toBe("Failed to fetch");
  });
});

describe("what can be blocked", () => {
  it("is a domain or an address, never a file or an executable", () => {
    expect(blockableDestination({ kind: "domain", value: "evil.example" })).toEqual({ type: "domain", value: "evil.example" });
    expect(blockableDestination({ kind: "ip", value: "203.0.113.9" })).toEqual({ type: "ip", value: "203.0.113.9" });
    expect(blockableDestination({ kind: "file", value: "/etc/shadow" })).toBeNull();
    expect(blockableDestination({ kind: "exe", value: "/tmp/xmrig" })).toBeNull();
    expect(blockableDestination(null)).toBeNull();
  });

  it("compares scopes by scope and reference", () => {
    expect(sameScope({ scope: "cluster", scopeRef: "a" }, { scope: "cluster", scopeRef: "a" })).toBe(true);
    expect(sameScope({ scope: "cluster", scopeRef: "a" }, { scope: "node", scopeRef: "a" })).toBe(false);
  });
});
