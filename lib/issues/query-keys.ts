// TanStack Query keys for the issue queue, the issue page and assessments. Every key starts
// with the tenant so switching tenants never shows another tenant's cached results.

export const issueKeys = {
  all: (tenantId: string) => ["issues", tenantId] as const,
  /** Every page of the queue, whatever the filters: what a triage action invalidates. */
  lists: (tenantId: string) => [...issueKeys.all(tenantId), "list"] as const,
  /** Pages of one queue search (`issueSearchToParams` of the URL state, without paging). */
  list: (tenantId: string, searchKey: string) => [...issueKeys.lists(tenantId), searchKey] as const,
  detail: (tenantId: string, id: string) => [...issueKeys.all(tenantId), "detail", id] as const,
  /** The issue's events, with the search typed above them. */
  events: (tenantId: string, id: string, q: string, sort: string) => [...issueKeys.all(tenantId), "events", id, q, sort] as const,
  comments: (tenantId: string, subjectType: "issue" | "event", subjectId: string) =>
    [...issueKeys.all(tenantId), "comments", subjectType, subjectId] as const,
  /** How many issues a bulk assessment would change (its dry run). */
  bulkDryRun: (tenantId: string, search: string, assessment: string) => [...issueKeys.all(tenantId), "bulk-dry-run", search, assessment] as const,
  eventAssessment: (tenantId: string, eventId: string) => [...issueKeys.all(tenantId), "event-assessment", eventId] as const,
};
