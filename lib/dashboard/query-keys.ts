// TanStack Query keys for the dashboard. Every key starts with the tenant so switching tenants
// never shows another tenant's cached figures.

export const dashboardKeys = {
  all: (tenantId: string) => ["dashboard", tenantId] as const,
  /** The group-by explorer's tree over one window. */
  explorer: (tenantId: string, from: string, to: string, by: readonly string[], limit: number) =>
    [...dashboardKeys.all(tenantId), "explorer", from, to, by.join(","), limit] as const,
};
