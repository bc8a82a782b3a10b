import { describe, expect, it } from "vitest";
import { parseIssueSearchParams } from "@/lib/issues/search-params";
import { activeTab, bulkSearchOf, hasFilters, issueHref, issuesHref, pageParams, queueHref, STATUS_TABS, tabCount, withoutFilters, withoutPaging } from "./queue-url";

const state = (qs: string) => withoutPaging(parseIssueSearchParams(Object.fromEntries(new URLSearchParams(qs))));

describe("queue URL", () => {
  it("round-trips the state through the URL", () => {
    const s = state("status=open,in_progress&severity=high&assignee=me&q=xmrig&sort=-severity");
    expect(issuesHref(s)).toBe("/issues?status=open%2Cin_progress&severity=high&assignee=me&q=xmrig&sort=-severity");
    expect(state(issuesHref(s).split("?")[1])).toEqual(s);
  });

  it("links an issue with the queue it came from, and back", () => {
    const back = "status=open&q=a b";
    expect(issueHref("42", back)).toBe("/issues/42?back=status%3Dopen%26q%3Da%20b");
    expect(queueHref(back)).toBe("/issues?status=open&q=a b");
    expect(issueHref("42", null)).toBe("/issues/42");
  });

  it("tells filters from the status tab, and clears them keeping tab and sort", () => {
    expect(hasFilters(state("status=open&sort=-severity"))).toBe(false);
    expect(hasFilters(state("status=open&priority=P1"))).toBe(true);
    expect(withoutFilters(state("status=open&priority=P1&q=x&sort=-severity"))).toEqual({ status: ["open"], sort: "-severity" });
  });

  it("finds the tab of the statuses in any order and counts it", () => {
    expect(activeTab(state("status=in_progress,open"))?.id).toBe("unresolved");
    expect(activeTab(state("status=open,in_progress,resolved,closed"))?.id).toBe("all");
    const counts = { open: 3, in_progress: 2, resolved: 1, closed: 4 };
    expect(STATUS_TABS.map((t) => tabCount(t, counts))).toEqual([5, 3, 2, 1, 4, 10]);
  });

  it("pages the API and hands bulk assessment the filters without sort", () => {
    const s = state("status=open&severity=critical&sort=-eventCount");
    expect(pageParams(s, "abc").get("cursor")).toBe("abc");
    expect(pageParams(s, null).get("limit")).toBe("50");
    expect(bulkSearchOf(s)).toEqual({ status: ["open"], severity: ["critical"] });
  });
});
