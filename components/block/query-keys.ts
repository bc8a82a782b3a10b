// TanStack Query keys of the block dialog; the tenant comes first, as in every key factory.
import type { BlockSubject } from "./block-api";

export const blockKeys = {
  all: (tenantId: string) => ["block", tenantId] as const,
  /** The dry run of blocking `subject`'s destination in one scope; null is the default scope. */
  preview: (tenantId: string, subject: BlockSubject, scope: { scope: string; scopeRef: string } | null) =>
    [...blockKeys.all(tenantId), "preview", subject.kind, subject.id, scope?.scope ?? null, scope?.scopeRef ?? null] as const,
};
