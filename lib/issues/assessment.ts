import { ValidationError } from "@/lib/errors";
import type { AssessmentInput } from "./schemas";
import { ANALYST_FLAGS, SYSTEM_FLAGS } from "./types";

// Argus assessment requests, checked before they reach assess_flags() in SQL, which applies them
// to issues and events alike (one statement for one subject or a bulk of them).

const ANALYST = new Set<string>(ANALYST_FLAGS);
const SYSTEM = new Set<string>(SYSTEM_FLAGS);

/**
 * Refuses what the shape cannot: a flag in both lists, a system flag set or cleared by hand,
 * an unknown flag, and an assessment that changes nothing. Each names the field.
 */
export function checkAssessment(a: AssessmentInput, subject: "issue" | "event"): void {
  for (const [list, flags] of [["enableFlags", a.enableFlags ?? []], ["disableFlags", a.disableFlags ?? []]] as const) {
    for (const [i, f] of flags.entries()) {
      if (SYSTEM.has(f)) throw new ValidationError(`${list}.${i}: ${f} is set by Vigil, not by hand`, { field: `${list}.${i}` });
      if (!ANALYST.has(f)) throw new ValidationError(`${list}.${i}: unknown flag "${f}" (one of ${ANALYST_FLAGS.join(", ")})`, { field: `${list}.${i}` });
    }
  }
  const overlap = (a.enableFlags ?? []).find((f) => (a.disableFlags ?? []).includes(f));
  if (overlap) throw new ValidationError(`disableFlags: ${overlap} is also in enableFlags`, { field: "disableFlags", flag: overlap });
  if (subject === "issue" && (a.associateIssue || a.disassociateIssue)) {
    const field = a.associateIssue ? "associateIssue" : "disassociateIssue";
    throw new ValidationError(`${field}: associating applies to events; assess the events to move them between issues`, { field });
  }
  if (a.associateIssue && a.disassociateIssue) {
    throw new ValidationError("disassociateIssue: give associateIssue or disassociateIssue, not both", { field: "disassociateIssue" });
  }
  const changes =
    (a.enableFlags?.length ?? 0) + (a.disableFlags?.length ?? 0) > 0 ||
    a.newSeverity !== undefined || (a.comment?.trim() ?? "") !== "" || a.handledByAnalyst === true ||
    a.associateIssue !== undefined || a.disassociateIssue !== undefined;
  if (!changes) throw new ValidationError("body: the assessment changes nothing", { field: "body" });
}

/** The parameters of assess_flags() (see the issues migration), the one implementation of the flag rules. */
export function assessFlagsArgs(a: AssessmentInput): [string[], string[], boolean, string | null, boolean] {
  const severityChange = a.newSeverity === undefined ? null : a.newSeverity === null ? "clear" : "set";
  return [a.enableFlags ?? [], a.disableFlags ?? [], a.handledByAnalyst === true, severityChange, (a.comment?.trim() ?? "") !== ""];
}
