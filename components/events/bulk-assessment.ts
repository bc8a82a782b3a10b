// Bulk assessment of an events search: the search exactly as the results ran it, and the
// assessment an analyst builds in the dialog. Pure: safe in client components, tested beside it.
import { toSearchRequest, type EventsSearchState } from "@/lib/events/search-params";
import type { Severity } from "@/lib/events/types";
import type { AssessmentInput } from "@/lib/issues/schemas";
import { ANALYST_FLAGS, type AnalystFlag } from "@/lib/issues/types";
import type { BulkEventSearch } from "@/components/issues/issues-api";

/**
 * The URL's query and filters over the window the results were searched in: a relative range
 * ("last 24 h") is taken as the absolute bounds the first page answered with, so the run assesses
 * the events the analyst saw counted, not those of a window that has moved on since.
 */
export function bulkSearchOf(state: EventsSearchState, range: { from: string; to: string }): BulkEventSearch {
  const { query, filters } = toSearchRequest(state);
  return { ...(query ? { query } : {}), ...(filters ? { filters } : {}), from: range.from, to: range.to };
}

export type FlagChoice = "leave" | "enable" | "disable";

export interface AssessmentDraft {
  flags: Record<AnalystFlag, FlagChoice>;
  /** "keep" leaves each event's severity; "reset" gives them back their own. */
  severity: Severity | "keep" | "reset";
  handledByAnalyst: boolean;
  /** The issue number as typed ("42" or "#42"); empty to leave the events where they are. */
  issue: string;
  comment: string;
}

export const EMPTY_DRAFT: AssessmentDraft = {
  flags: Object.fromEntries(ANALYST_FLAGS.map((f) => [f, "leave"])) as Record<AnalystFlag, FlagChoice>,
  severity: "keep",
  handledByAnalyst: false,
  issue: "",
  comment: "",
};

const MAX_BIGINT = BigInt("9223372036854775807");

/** The issue id typed, null when none was, or an error to show beside the field. */
export function issueIdOf(text: string): { id: string | null } | { error: string } {
  const s = text.trim().replace(/^#\s*/, "");
  if (s === "") return { id: null };
  if (!/^[1-9][0-9]{0,18}$/.test(s) || BigInt(s) > MAX_BIGINT) return { error: "An issue number, such as 42" };
  return { id: s };
}

/** The request's assessment: only what the analyst chose; null while it changes nothing or the issue number is not one. */
export function assessmentOf(draft: AssessmentDraft): AssessmentInput | null {
  const enable = ANALYST_FLAGS.filter((f) => draft.flags[f] === "enable");
  const disable = ANALYST_FLAGS.filter((f) => draft.flags[f] === "disable");
  const issue = issueIdOf(draft.issue);
  if ("error" in issue) return null;
  const comment = draft.comment.trim();
  const a: AssessmentInput = {
    ...(enable.length > 0 ? { enableFlags: enable } : {}),
    ...(disable.length > 0 ? { disableFlags: disable } : {}),
    ...(draft.severity === "reset" ? { newSeverity: null } : draft.severity !== "keep" ? { newSeverity: draft.severity } : {}),
    ...(draft.handledByAnalyst ? { handledByAnalyst: true } : {}),
    ...(issue.id ? { associateIssue: issue.id } : {}),
    ...(comment ? { comment } : {}),
  };
  return Object.keys(a).length > 0 ? a : null;
}
