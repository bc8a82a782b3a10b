// The allow-list of event fields: the names the query language, filters, facets, sort keys and
// the API use, and the column each maps to. Anything not listed here is a 400.
// Pure: imported by the search engine and by the browser (autocomplete, facet labels).
import { INT4, INT8, isIntegerIn, type IntRange } from "./pg-limits";
import { ANALYST_FLAGS, SYSTEM_FLAGS } from "@/lib/issues/types";

export type FieldType =
  /** Free-form text: exact match, trailing-* prefix match. */
  | "text"
  /** Closed set of values (kind, severity, source format). */
  | "enum"
  /** Integer: exact match and >, >=, <, <=. */
  | "int"
  /** text[]: matches when any element matches. */
  | "array"
  /** The agent's name; stored as agent_id, resolved through the agents table. */
  | "agent"
  /** The id of the issue the event belongs to (issue_events). */
  | "issue"
  /** An assessment flag on the event or on its issue (event_assessments, issues). */
  | "assessment";

export interface FieldDef {
  /** The API name, camelCase like the JSON the API returns. */
  name: string;
  label: string;
  column: string;
  type: FieldType;
  /** Offered in the facet sidebar and accepted in `facets: [...]`. */
  facet: boolean;
  /**
   * A dimension of the hourly and daily rollups: facet counts, histograms and statistics can come
   * from them. The one list of rollup dimensions, in the order of the rollup key; the trigger
   * functions in prisma/migrations repeat it, and a test compares them with it.
   */
  rollup: boolean;
  /** Searched by free text (terms without a field). */
  freeText?: boolean;
  values?: readonly string[];
  /** Short names analysts type: `exe:`, `ip:`, `port:`. */
  aliases?: readonly string[];
  /** An int field whose column is bigint rather than integer. */
  bigint?: boolean;
}

export const SEVERITY_ORDER = ["low", "medium", "high", "critical"] as const;

export const FIELDS: readonly FieldDef[] = [
  { name: "kind", label: "Kind", column: "kind", type: "enum", facet: true, rollup: true, values: ["flows", "detections", "infos", "netpolicy"] },
  { name: "type", label: "Type", column: "type", type: "text", facet: true, rollup: true },
  { name: "severity", label: "Severity", column: "severity", type: "enum", facet: true, rollup: true, values: SEVERITY_ORDER },
  {
    name: "sourceFormat", label: "Source format", column: "source_format", type: "enum", facet: true, rollup: true,
    values: ["garnet", "datadog", "kubearmor", "runtime", "tetragon", "falco"], aliases: ["source", "format"],
  },
  { name: "agent", label: "Agent", column: "agent_id", type: "agent", facet: true, rollup: true },
  { name: "cluster", label: "Cluster", column: "cluster", type: "text", facet: true, rollup: true },
  { name: "namespace", label: "Namespace", column: "namespace", type: "text", facet: true, rollup: true, aliases: ["ns"] },
  { name: "node", label: "Node", column: "node", type: "text", facet: true, rollup: true },
  { name: "pod", label: "Pod", column: "pod", type: "text", facet: false, rollup: false },
  { name: "container", label: "Container", column: "container", type: "text", facet: false, rollup: false },
  { name: "image", label: "Image", column: "image", type: "text", facet: true, rollup: true },
  { name: "hostname", label: "Host", column: "hostname", type: "text", facet: true, rollup: true, aliases: ["host"] },
  { name: "repository", label: "Repository", column: "repository", type: "text", facet: true, rollup: true, aliases: ["repo"] },
  { name: "workflow", label: "Workflow", column: "workflow", type: "text", facet: true, rollup: true },
  { name: "processExe", label: "Process executable", column: "process_exe", type: "text", facet: true, rollup: true, freeText: true, aliases: ["exe"] },
  { name: "processComm", label: "Process name", column: "process_comm", type: "text", facet: false, rollup: false, aliases: ["comm"] },
  { name: "processArgs", label: "Command line", column: "process_args", type: "text", facet: false, rollup: false, freeText: true, aliases: ["args", "cmdline"] },
  { name: "processPid", label: "PID", column: "process_pid", type: "int", facet: false, rollup: false, aliases: ["pid"] },
  { name: "processPpid", label: "Parent PID", column: "process_ppid", type: "int", facet: false, rollup: false, aliases: ["ppid"] },
  { name: "processUid", label: "UID", column: "process_uid", type: "int", facet: false, rollup: false, aliases: ["uid"] },
  { name: "parentExe", label: "Parent executable", column: "parent_exe", type: "text", facet: false, rollup: false, aliases: ["parent"] },
  { name: "remoteAddress", label: "Remote address", column: "remote_address", type: "text", facet: false, rollup: false, freeText: true, aliases: ["ip", "dst"] },
  { name: "remotePort", label: "Remote port", column: "remote_port", type: "int", facet: false, rollup: false, aliases: ["port"] },
  { name: "remoteName", label: "Remote name", column: "remote_name", type: "text", facet: false, rollup: false },
  { name: "destination", label: "Destination", column: "destination", type: "text", facet: true, rollup: true, aliases: ["dest"] },
  { name: "protocol", label: "Protocol", column: "protocol", type: "text", facet: true, rollup: true, aliases: ["proto"] },
  { name: "domain", label: "Domain", column: "domain", type: "text", facet: true, rollup: true, freeText: true },
  { name: "filePath", label: "File path", column: "file_path", type: "text", facet: false, rollup: false, freeText: true, aliases: ["file", "path"] },
  { name: "action", label: "Action", column: "action", type: "text", facet: true, rollup: true },
  { name: "outcome", label: "Outcome", column: "outcome", type: "text", facet: true, rollup: true },
  { name: "policyName", label: "Policy", column: "policy_name", type: "text", facet: true, rollup: true, aliases: ["policy"] },
  { name: "flags", label: "Flags", column: "flags", type: "array", facet: true, rollup: true, aliases: ["flag"] },
  { name: "title", label: "Summary", column: "title", type: "text", facet: false, rollup: false },
  { name: "id", label: "Event id", column: "id", type: "int", facet: false, rollup: false, bigint: true },
  { name: "issue", label: "Issue", column: "id", type: "issue", facet: false, rollup: false, bigint: true },
  {
    name: "assessment", label: "Assessment flag", column: "id", type: "assessment", facet: false, rollup: false, aliases: ["assessed"],
    values: [...ANALYST_FLAGS, ...SYSTEM_FLAGS],
  },
];

const BY_NAME = new Map<string, FieldDef>();
for (const f of FIELDS) {
  BY_NAME.set(f.name.toLowerCase(), f);
  for (const a of f.aliases ?? []) BY_NAME.set(a.toLowerCase(), f);
}

/** The field for an API name or alias (case-insensitive), or undefined when it is not allowed. */
export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name.toLowerCase());
}

function intRange(field: FieldDef): IntRange {
  return field.bigint ? INT8 : INT4;
}

/** Whether `text` is a whole number the int field's column can hold. */
export function fitsIntField(field: FieldDef, text: string): boolean {
  return isIntegerIn(text, intRange(field));
}

/** What an int field takes, for error messages: "processPid takes a whole number from … to …". */
export function intFieldRule(field: FieldDef): string {
  const { min, max } = intRange(field);
  return `${field.name} takes a whole number from ${min} to ${max}`;
}

export const FACET_FIELDS = FIELDS.filter((f) => f.facet).map((f) => f.name);
export const ROLLUP_FIELDS = FIELDS.filter((f) => f.rollup);
export const FREE_TEXT_FIELDS = FIELDS.filter((f) => f.freeText);

/** The facets the Events page shows by default, in sidebar order. */
export const DEFAULT_FACETS = [
  "severity", "kind", "type", "sourceFormat", "agent", "cluster", "namespace", "node", "image",
  "repository", "workflow", "processExe", "domain", "flags", "action", "outcome",
] as const;

export const SORT_KEYS = ["time", "severity"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
/** `-time` (newest first, the default), `time`, `-severity` (most severe first), `severity`. */
export type Sort = SortKey | `-${SortKey}`;
export const SORTS: readonly Sort[] = ["-time", "time", "-severity", "severity"];
