import { z } from "zod";
import { SEVERITY_ORDER } from "@/lib/events/fields";
import { isRowId, isUuid, pgText } from "@/lib/events/pg-limits";
import { searchRequestSchema } from "@/lib/events/schemas";
import { ANALYST_FLAGS, CLOSE_REASONS, ISSUE_SORTS, ISSUE_STATUSES, PRIORITIES, SYSTEM_FLAGS } from "./types";

// Request schemas of the issues API: the only request types (route handlers, server actions and
// bulk assessment parse through these).

const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO-8601 time, e.g. 2026-11-23T10:00:00Z" });

/** A bigint id as the API writes it (a decimal string). */
export const idString = z.string().refine(isRowId, "must be an issue id");

const text = (max: number) => pgText(z.string().min(1).max(max));

/** The queue's filters and page: GET /api/v1/issues, the page's URL, and bulk assessment's `search`. */
export const IssueSearchInput = z
  .object({
    status: z.array(z.enum(ISSUE_STATUSES)).max(4).optional(),
    severity: z.array(z.enum(SEVERITY_ORDER)).max(4).optional(),
    type: z.array(text(256)).max(50).optional(),
    /** "me", "unassigned" or a user id. */
    assignee: z.array(z.union([z.literal("me"), z.literal("unassigned"), z.string().refine(isUuid, "must be me, unassigned or a user id")])).max(20).optional(),
    flags: z.array(z.enum([...ANALYST_FLAGS, ...SYSTEM_FLAGS])).max(12).optional(),
    priority: z.array(z.enum(PRIORITIES)).max(4).optional(),
    agent: z.array(text(256)).max(50).optional(),
    cluster: z.array(text(256)).max(50).optional(),
    repository: z.array(text(256)).max(50).optional(),
    closeReason: z.array(z.enum(CLOSE_REASONS)).max(4).optional(),
    /** Words of the title or destination. */
    q: pgText(z.string().max(500)).optional(),
    /** Issues seen at or after `from` and before `to`. */
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** Issues Vigil opened (created) at or after `openedFrom` and before `openedTo`. */
    openedFrom: isoTime.optional(),
    openedTo: isoTime.optional(),
    sort: z.enum(ISSUE_SORTS).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(512).optional(),
  })
  .strict();
export type IssueSearchInput = z.infer<typeof IssueSearchInput>;

export const LIST_FILTER_KEYS = ["status", "severity", "type", "assignee", "flags", "priority", "agent", "cluster", "repository", "closeReason"] as const;

/** A version to compare (If-Match or body `version`); 0 is an event's before its first assessment. */
export const version = z.number().int().min(0).max(2_147_483_647);

export const UpdateIssueInput = z
  .object({
    status: z.enum(ISSUE_STATUSES).optional(),
    closeReason: z.enum(CLOSE_REASONS).optional(),
    /** A member of the tenant, or null to unassign. */
    assigneeId: z.string().refine(isUuid, "must be a user id").nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    version,
  })
  .strict()
  .refine((v) => v.status !== undefined || v.assigneeId !== undefined || v.priority !== undefined || v.closeReason !== undefined, {
    message: "give at least one of status, closeReason, assigneeId, priority",
    path: ["status"],
  });
export type UpdateIssueInput = z.infer<typeof UpdateIssueInput>;

const flagList = z.array(z.string().max(64)).max(12);

/**
 * An assessment (Argus): flags to enable and disable, a new severity (null gives the severity
 * back to the events), a comment, handledByAnalyst, and for events associate/disassociate.
 * Flag rules beyond the shape (overlap, system flags) are checked by checkAssessment.
 */
export const AssessmentInput = z
  .object({
    enableFlags: flagList.optional(),
    disableFlags: flagList.optional(),
    newSeverity: z.enum(SEVERITY_ORDER).nullable().optional(),
    comment: pgText(z.string().max(20_000)).optional(),
    handledByAnalyst: z.boolean().optional(),
    associateIssue: idString.optional(),
    disassociateIssue: idString.optional(),
  })
  .strict();
export type AssessmentInput = z.infer<typeof AssessmentInput>;

export const SingleAssessmentInput = AssessmentInput.extend({ version: version.optional() }).strict();

export const BulkEventAssessmentInput = z
  .object({ search: searchRequestSchema, assessment: AssessmentInput, dryRun: z.boolean().optional() })
  .strict();
export const BulkIssueAssessmentInput = z
  .object({ search: IssueSearchInput.omit({ limit: true, cursor: true, sort: true }), assessment: AssessmentInput, dryRun: z.boolean().optional() })
  .strict();

export const CommentBody = pgText(z.string().trim().min(1, "must not be empty").max(20_000));
export const CreateCommentInput = z.object({ body: CommentBody }).strict();
export const UpdateCommentInput = z.object({ body: CommentBody, version: version.optional() }).strict();

export const IssueEventsInput = z
  .object({
    q: pgText(z.string().max(4000)).optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    sort: z.enum(["-time", "time", "-severity", "severity"]).optional(),
  })
  .strict();
