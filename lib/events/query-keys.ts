// TanStack Query keys for the Events page. Every key starts with the tenant so switching
// tenants never shows another tenant's cached results.

export const eventKeys = {
  all: (tenantId: string) => ["events", tenantId] as const,
  /** Result pages of one search (`searchKey` of the URL state). */
  search: (tenantId: string, searchKey: string) => [...eventKeys.all(tenantId), "search", searchKey] as const,
  /** Total, facets and histogram of one search over its first page's effective range. */
  aggregates: (tenantId: string, searchKey: string, from: string, to: string) =>
    [...eventKeys.all(tenantId), "aggregates", searchKey, from, to] as const,
  /** One facet expanded past its top values. */
  facet: (tenantId: string, searchKey: string, field: string, limit: number) =>
    [...eventKeys.all(tenantId), "facet", searchKey, field, limit] as const,
  /** Autocomplete values of a field. */
  values: (tenantId: string, field: string, prefix: string) => [...eventKeys.all(tenantId), "values", field, prefix] as const,
  savedSearches: (tenantId: string) => [...eventKeys.all(tenantId), "saved-searches"] as const,
};
