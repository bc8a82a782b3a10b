// Turns raw lineage entries into what the timeline shows. Pure and generic: events write
// created/updated today; issues, assessments, blocks and policies add their own actions and
// details later, and whatever they write still renders (flags on/off, severity before/after,
// comment, links, remaining facts).
import { fieldByName } from "@/lib/events/fields";

export interface LineageEntry {
  id: string;
  subjectType: string;
  subjectId: string;
  action: string;
  /** "user:ana@example.com", "api-key:ci", "agent-token:node-1", "system", … */
  actor: string;
  at: string;
  details: Record<string, unknown> | null;
}

export interface LineagePage {
  data: LineageEntry[];
  nextCursor: string | null;
}

export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

export interface FieldChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface LineageView {
  id: string;
  at: string;
  action: string;
  label: string;
  tone: Tone;
  actor: { kind: string; name: string; raw: string };
  changes: FieldChange[];
  flagsOn: string[];
  flagsOff: string[];
  severity: { before: string | null; after: string | null } | null;
  comment: string | null;
  links: { label: string; href: string }[];
  facts: { label: string; value: string }[];
}

const ACTIONS: Record<string, { label: string; tone: Tone }> = {
  created: { label: "Created", tone: "info" },
  updated: { label: "Updated", tone: "neutral" },
  grouped: { label: "Grouped into issue", tone: "info" },
  ungrouped: { label: "Removed from issue", tone: "neutral" },
  associated: { label: "Associated", tone: "info" },
  disassociated: { label: "Disassociated", tone: "neutral" },
  assessed: { label: "Assessed", tone: "success" },
  commented: { label: "Commented", tone: "neutral" },
  blocked: { label: "Blocked", tone: "danger" },
  unblocked: { label: "Unblocked", tone: "warning" },
  deleted: { label: "Deleted", tone: "danger" },
  enabled: { label: "Enabled", tone: "success" },
  disabled: { label: "Disabled", tone: "warning" },
};

/** Entries of a policy's page come from the policy and its rules: the label says which. */
const SUBJECT_NOUNS: Record<string, string> = { network_policy: "Policy", network_policy_rule: "Rule", rule_set: "Rule set", detection_rule: "Detection rule" };

const ACTOR_KINDS: Record<string, string> = { user: "user", "api-key": "API key", "agent-token": "agent token", system: "system" };

export function actorOf(raw: string): LineageView["actor"] {
  const at = raw.indexOf(":");
  const prefix = at > 0 ? raw.slice(0, at) : raw;
  if (ACTOR_KINDS[prefix] && at > 0) return { kind: ACTOR_KINDS[prefix], name: raw.slice(at + 1), raw };
  if (raw === "system" || raw === "anonymous") return { kind: "system", name: raw, raw };
  return { kind: "actor", name: raw, raw };
}

function humanize(action: string): string {
  const words = action.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim().toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : "Changed";
}

export function fieldLabel(field: string): string {
  return fieldByName(field)?.label ?? humanize(field);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value as one line of text; null for nothing. */
export function display(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.length === 0 ? null : v.map((x) => display(x) ?? "∅").join(", ");
  return JSON.stringify(v);
}

function stringList(v: unknown): string[] {
  if (typeof v === "string" && v !== "") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

function take(d: Record<string, unknown>, used: Set<string>, ...keys: string[]): unknown[] {
  return keys.filter((k) => k in d).map((k) => {
    used.add(k);
    return d[k];
  });
}

function changesOf(d: Record<string, unknown>, used: Set<string>): FieldChange[] {
  const before = isRecord(d.before) ? d.before : {};
  const after = isRecord(d.after) ? d.after : {};
  if (!("changed" in d) && !isRecord(d.before) && !isRecord(d.after)) return [];
  take(d, used, "changed", "before", "after");
  const listed = stringList(d.changed);
  const fields = listed.length > 0 ? listed : [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => ({ field, label: fieldLabel(field), before: display(before[field]), after: display(after[field]) }));
}

function flagsOf(d: Record<string, unknown>, used: Set<string>): { on: string[]; off: string[] } {
  const on = take(d, used, "enableFlag", "enableFlags", "enabledFlags", "flagsOn", "enable").flatMap(stringList);
  const off = take(d, used, "disableFlag", "disableFlags", "disabledFlags", "flagsOff", "disable").flatMap(stringList);
  const [flags] = take(d, used, "flags");
  if (isRecord(flags)) {
    on.push(...stringList(flags.enable ?? flags.enabled ?? flags.on ?? flags.added));
    off.push(...stringList(flags.disable ?? flags.disabled ?? flags.off ?? flags.removed));
  } else if (flags !== undefined) {
    used.delete("flags");
  }
  return { on: [...new Set(on)], off: [...new Set(off)] };
}

function severityOf(d: Record<string, unknown>, used: Set<string>, changes: FieldChange[]): LineageView["severity"] {
  const [sev] = take(d, used, "severity");
  if (isRecord(sev) && ("before" in sev || "after" in sev)) return { before: display(sev.before), after: display(sev.after) };
  if (sev !== undefined) used.delete("severity");
  const [next] = take(d, used, "newSeverity");
  if (next !== undefined) {
    const [prev] = take(d, used, "oldSeverity", "previousSeverity");
    return { before: display(prev), after: display(next) };
  }
  const changed = changes.find((c) => c.field === "severity");
  return changed ? { before: changed.before, after: changed.after } : null;
}

function linksOf(d: Record<string, unknown>, used: Set<string>): LineageView["links"] {
  const links: LineageView["links"] = [];
  const [issueId] = take(d, used, "issueId");
  const [issue] = take(d, used, "issue");
  const id = display(issueId) ?? (isRecord(issue) ? display(issue.id) : null);
  if (id) links.push({ label: isRecord(issue) && typeof issue.title === "string" ? issue.title : `Issue ${id}`, href: `/issues/${encodeURIComponent(id)}` });
  const [policyId] = take(d, used, "policyId");
  if (display(policyId)) links.push({ label: `Policy ${display(policyId)}`, href: `/policies/${encodeURIComponent(display(policyId)!)}` });
  const [eventId] = take(d, used, "eventId");
  if (display(eventId)) links.push({ label: `Event ${display(eventId)}`, href: `/events/${encodeURIComponent(display(eventId)!)}` });
  const [sourceEvent] = take(d, used, "sourceEventId");
  if (display(sourceEvent)) links.push({ label: `From event ${display(sourceEvent)}`, href: `/events/${encodeURIComponent(display(sourceEvent)!)}` });
  const [sourceIssue] = take(d, used, "sourceIssueId");
  if (display(sourceIssue)) links.push({ label: `From issue ${display(sourceIssue)}`, href: `/issues/${encodeURIComponent(display(sourceIssue)!)}` });
  return links;
}

export function describeEntry(e: LineageEntry): LineageView {
  const d = e.details ?? {};
  const used = new Set<string>();
  const changes = changesOf(d, used);
  const flags = flagsOf(d, used);
  const severity = severityOf(d, used, changes);
  const [comment] = take(d, used, "comment");
  const links = linksOf(d, used);
  const [destination] = take(d, used, "destination");
  const destinationFact = isRecord(destination) && typeof destination.value === "string"
    ? [{ label: "Destination", value: `${destination.value}${typeof destination.type === "string" ? ` (${destination.type})` : ""}` }]
    : destination === undefined ? [] : [{ label: "Destination", value: display(destination) ?? "" }];
  const facts = [...destinationFact, ...Object.entries(d)
    .filter(([k]) => !used.has(k))
    .flatMap(([k, v]) => {
      const value = display(v);
      return value === null ? [] : [{ label: humanize(k), value }];
    })];
  const known = ACTIONS[e.action];
  const noun = SUBJECT_NOUNS[e.subjectType];
  const label = known?.label ?? humanize(e.action);
  return {
    id: e.id,
    at: e.at,
    action: e.action,
    label: noun ? `${noun} ${label[0].toLowerCase()}${label.slice(1)}` : label,
    tone: known?.tone ?? "neutral",
    actor: actorOf(e.actor),
    changes,
    flagsOn: flags.on,
    flagsOff: flags.off,
    severity,
    comment: typeof comment === "string" && comment.trim() !== "" ? comment : null,
    links,
    facts,
  };
}
