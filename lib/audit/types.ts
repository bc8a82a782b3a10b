import type { AuditValues } from "./changes";

/** One audit entry as the API and the Admin page show it. */
export interface AuditEntryDto {
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  subjectLabel: string | null;
  /** web, api or cli. */
  via: string;
  address: string | null;
  userAgent: string | null;
  before: AuditValues | null;
  after: AuditValues | null;
}
