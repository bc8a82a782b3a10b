/** TanStack Query keys for lineage timelines; the tenant comes first, as in every key factory. */
export const lineageKeys = {
  all: (tenantId: string) => ["lineage", tenantId] as const,
  subject: (tenantId: string, subjectType: string, subjectId: string) => [...lineageKeys.all(tenantId), subjectType, subjectId] as const,
};
