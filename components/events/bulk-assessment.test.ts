import { describe, expect, it } from "vitest";
import { aggregatesRequest, parseSearchParams, rowsPageRequest } from "@/lib/events/search-params";
import { assessmentOf, bulkSearchOf, EMPTY_DRAFT, issueIdOf } from "./bulk-assessment";

describe("bulkSearchOf", () => {
  it("is the results' query and filters over the window their first page answered with", () => {
    const state = parseSearchParams(new URLSearchParams("q=exe:/usr/bin/curl&range=1h&f=severity:high&f=severity:critical&x=kind:flows&sort=time"));
    const range = { from: "2026-11-24T09:00:00.000Z", to: "2026-11-24T10:00:00.000Z" };
    const search = bulkSearchOf(state, range);
    expect(search).toEqual({
      query: "exe:/usr/bin/curl",
      filters: [
        { field: "severity", values: ["high", "critical"] },
        { field: "kind", values: ["flows"], exclude: true },
      ],
      ...range,
    });
    // The same query and filters the rows and the total were asked for.
    const rows = rowsPageRequest(state);
    const counts = aggregatesRequest(state, range, []);
    expect(search.query).toBe(rows.query);
    expect(search.filters).toEqual(rows.filters);
    expect({ from: search.from, to: search.to }).toEqual({ from: counts.from, to: counts.to });
  });

  it("leaves out an empty query and no filters", () => {
    const range = { from: "2026-11-23T10:00:00.000Z", to: "2026-11-24T10:00:00.000Z" };
    expect(bulkSearchOf(parseSearchParams(new URLSearchParams("")), range)).toEqual(range);
  });
});

describe("assessmentOf", () => {
  it("is null while nothing changes", () => {
    expect(assessmentOf(EMPTY_DRAFT)).toBeNull();
    expect(assessmentOf({ ...EMPTY_DRAFT, comment: "   " })).toBeNull();
  });

  it("sends only what was chosen, flags in their canonical order", () => {
    const draft = {
      ...EMPTY_DRAFT,
      flags: { ...EMPTY_DRAFT.flags, followup: "disable", tuningCandidate: "enable", falsePositive: "enable" } as const,
      severity: "low" as const,
      issue: "#42",
      comment: "  noisy build step ",
    };
    expect(assessmentOf(draft)).toEqual({
      enableFlags: ["falsePositive", "tuningCandidate"],
      disableFlags: ["followup"],
      newSeverity: "low",
      associateIssue: "42",
      comment: "noisy build step",
    });
    expect(assessmentOf({ ...EMPTY_DRAFT, severity: "reset" })).toEqual({ newSeverity: null });
    expect(assessmentOf({ ...EMPTY_DRAFT, handledByAnalyst: true })).toEqual({ handledByAnalyst: true });
  });

  it("refuses what is not an issue number", () => {
    expect(issueIdOf("")).toEqual({ id: null });
    expect(issueIdOf(" #7 ")).toEqual({ id: "7" });
    for (const bad of ["0", "-1", "4.2", "abc", "9223372036854775808", "01"]) expect(issueIdOf(bad)).toHaveProperty("error");
    expect(assessmentOf({ ...EMPTY_DRAFT, issue: "x", comment: "c" })).toBeNull();
  });
});
