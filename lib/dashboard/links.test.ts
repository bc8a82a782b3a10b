import { describe, expect, it } from "vitest";
import { parseSearchParams, resolveTimeRange, toFieldFilters } from "@/lib/events/search-params";
import { parseIssueSearchParams, paramsRecord } from "@/lib/issues/search-params";
import { backlogLink, eventsLink, issuesLink, openedLink } from "./links";

const w = { from: "2026-11-13T12:34:56.000Z", to: "2026-11-20T12:34:56.000Z" };

function query(href: string): URLSearchParams {
  return new URL(href, "http://vigil.test").searchParams;
}

describe("drill-down links", () => {
  it("open the Events search over the exact window with the figure's filters", () => {
    const href = eventsLink(w, [{ field: "severity", value: "critical" }, { field: "severity", value: "high" }], "assessment:falsePositive");
    expect(href.startsWith("/events?")).toBe(true);
    const state = parseSearchParams(query(href));
    expect(resolveTimeRange(state.range)).toEqual(w);
    expect(state.q).toBe("assessment:falsePositive");
    expect(toFieldFilters(state)).toEqual([{ field: "severity", values: ["critical", "high"] }]);
  });

  it("open the issue queue with every status unless the figure names some", () => {
    const seen = parseIssueSearchParams(paramsRecord(query(issuesLink({ type: ["crypto_miner"], flags: ["falsePositive"] }, w))));
    expect(seen).toEqual({ status: ["open", "in_progress", "resolved", "closed"], type: ["crypto_miner"], flags: ["falsePositive"], from: w.from, to: w.to });
    expect(parseIssueSearchParams(paramsRecord(query(backlogLink({ severity: ["high"] }))))).toEqual({ status: ["open", "in_progress"], severity: ["high"] });
  });

  it("open the issues opened in a window, with close reasons, exactly as the Opened figures count them", () => {
    const opened = parseIssueSearchParams(paramsRecord(query(openedLink(w, { closeReason: ["false_positive"] }))));
    expect(opened).toEqual({ status: ["open", "in_progress", "resolved", "closed"], closeReason: ["false_positive"], openedFrom: w.from, openedTo: w.to });
    // A close reason the queue does not know is dropped from the page's state, not refused.
    expect(parseIssueSearchParams({ closeReason: "false_positive,nope", openedFrom: "yesterday" })).toEqual({ closeReason: ["false_positive"] });
  });
});
