import { z } from "zod";
import { SEVERITIES } from "@/lib/ingest/types";
import { CLOSE_REASONS, ISSUE_STATUSES, PRIORITIES } from "@/lib/issues/types";
import { POLICY_MODES, POLICY_SCOPES } from "@/lib/policies/scope-ref";
import { RULE_TYPES } from "@/lib/policies/rule-value";
import { RULE_ACTIONS } from "@/lib/policies/schemas";
import { RULE_ACTIONS as DETECTION_RULE_ACTIONS, RULE_EVENT_TYPES as RULE_EVENT_TYPE_VALUES } from "@/lib/rules/event-model";
import { RETRO_HUNT_STATUSES } from "@/lib/rules/retro-hunt-schemas";

// What the API answers, as zod schemas: the OpenAPI document's response bodies. The integration
// tests validate every response they receive against the document (test-support/route-call.ts),
// so a field added, renamed or dropped in lib/ without this file fails there.
//
// Objects are closed (an undocumented field is a failure); a few nested parts whose shape
// belongs to an agent's format (process, flow, file, payload details) are open.

const Timestamp = z.iso.datetime({ offset: true });
/** Events, issues, lineage and audit entries are numbered; agents, users, policies, rules, comments and saved searches have UUIDs. */
const Id = z.string().regex(/^\d+$/).describe("A numeric id, as a string");
const Uuid = z.uuid();
const Severity = z.enum(SEVERITIES);
const Nullable = <T extends z.ZodType>(t: T) => t.nullable();
const Open = z.looseObject({});

export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    field: z.string().optional().describe("The first of `errors`, for clients that show one"),
    errors: z.array(z.strictObject({ field: z.string(), message: z.string() })).optional(),
  })
  .describe("RFC 9457 problem details; a 400 names every bad field in `errors`");

export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: Open, paths: z.record(z.string(), Open) }).describe("This document");

export const Health = z.strictObject({ status: z.enum(["ok", "unavailable"]), detail: z.string().optional() });

const AgentRef = Nullable(z.strictObject({ id: Uuid, name: z.string() }));

export const EventListItem = z.strictObject({
  id: Id,
  occurredAt: Timestamp,
  receivedAt: Timestamp,
  kind: z.string(),
  type: z.string(),
  severity: Severity,
  sourceFormat: z.string(),
  title: Nullable(z.string()),
  agent: AgentRef,
  hostname: Nullable(z.string()),
  cluster: Nullable(z.string()),
  namespace: Nullable(z.string()),
  node: Nullable(z.string()),
  pod: Nullable(z.string()),
  container: Nullable(z.string()),
  image: Nullable(z.string()),
  repository: Nullable(z.string()),
  workflow: Nullable(z.string()),
  processExe: Nullable(z.string()),
  processComm: Nullable(z.string()),
  processArgs: Nullable(z.string()),
  processPid: Nullable(z.int()),
  processPpid: Nullable(z.int()),
  processUid: Nullable(z.int()),
  parentExe: Nullable(z.string()),
  remoteAddress: Nullable(z.string()),
  remotePort: Nullable(z.int()),
  remoteName: Nullable(z.string()),
  protocol: Nullable(z.string()),
  domain: Nullable(z.string()),
  filePath: Nullable(z.string()),
  action: Nullable(z.string()),
  outcome: Nullable(z.string()),
  policyName: Nullable(z.string()),
  flags: z.array(z.string()),
});

const FacetValue = z.strictObject({ value: z.string(), count: z.int() });

export const SearchResponse = z.strictObject({
  data: z.array(EventListItem),
  nextCursor: Nullable(z.string()),
  total: z.int(),
  totalIsExact: z.boolean(),
  facets: z.record(z.string(), z.array(FacetValue)),
  histogram: z.array(z.strictObject({ t: Timestamp, count: z.int(), bySeverity: z.record(Severity, z.int()) })),
  from: Timestamp,
  to: Timestamp,
  interval: Nullable(z.string()),
});

export const SimpleSearchResponse = SearchResponse.pick({ data: true, nextCursor: true, total: true, totalIsExact: true, from: true, to: true });

export const FacetValuesResponse = z.strictObject({ field: z.string(), values: z.array(FacetValue) });

const AgentDetail = z.strictObject({
  id: Uuid,
  name: z.string(),
  kind: z.string(),
  sourceFormat: z.string(),
  externalKey: z.string(),
  hostname: Nullable(z.string()),
  os: Nullable(z.string()),
  arch: Nullable(z.string()),
  version: Nullable(z.string()),
  cluster: Nullable(z.string()),
  namespace: Nullable(z.string()),
  node: Nullable(z.string()),
  pod: Nullable(z.string()),
  container: Nullable(z.string()),
  image: Nullable(z.string()),
  repository: Nullable(z.string()),
  workflow: Nullable(z.string()),
  job: Nullable(z.string()),
  runId: Nullable(z.string()),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
});

export const EventDetail = EventListItem.extend({
  eventKey: z.string(),
  contentHash: z.string(),
  updatedAt: Timestamp,
  agent: Nullable(AgentDetail),
  process: Nullable(Open).describe("The event's process as normalised at ingest (exe, comm, args, pid, ppid, uid, user, start), its parent under `parent`"),
  ancestry: Nullable(z.array(Open)).describe("Ancestors, nearest first"),
  flow: Nullable(Open).describe("protocol, ipVersion, local and remote endpoints, direction, status"),
  dnsNames: z.array(z.string()).describe("Garnet order: [IP, CNAME_N, …, CNAME_1, original domain]"),
  file: Nullable(Open).describe("path, operation, flags, targetPath"),
  payload: Nullable(z.strictObject({ format: z.string(), bytes: z.int() })),
});

export const DnsChain = Open.describe("Queried domain → CNAMEs → IP, joined with the flow and the verdict");
export const ProcessTree = z
  .looseObject({ eventId: Id, root: Nullable(Open), selfKey: Nullable(z.string()), path: z.array(z.string()), nodeCount: z.int(), depth: z.int() })
  .describe("The event's process with its ancestors, siblings, children and their events");

export const LineagePage = z.strictObject({
  data: z.array(
    z.strictObject({
      id: Id,
      subjectType: z.string(),
      subjectId: z.string(),
      action: z.string(),
      actor: z.string().describe('"user:ana@example.com", "api-key:ci", "agent-token:node-1", "system", …'),
      at: Timestamp,
      details: Nullable(z.record(z.string(), z.unknown())),
    }),
  ),
  nextCursor: Nullable(z.string()),
});

export const IngestResult = z.strictObject({
  accepted: z.int(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  rejected: z.array(z.strictObject({ index: z.int(), error: z.string() })),
});

export const PutEventResult = IngestResult.extend({ id: Nullable(Id), status: z.enum(["created", "updated", "unchanged"]) });

const IssueStatus = z.enum(ISSUE_STATUSES);
const IssueFlags = z.array(z.string());

export const IssueListItem = z.strictObject({
  id: Id,
  title: z.string(),
  type: z.string(),
  kind: z.string(),
  severity: Severity,
  severityAdjusted: z.boolean(),
  status: IssueStatus,
  closeReason: Nullable(z.enum(CLOSE_REASONS)),
  priority: z.enum(PRIORITIES),
  assignee: Nullable(z.strictObject({ id: z.string(), name: z.string(), email: z.string() })),
  flags: IssueFlags,
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  eventCount: z.int(),
  agentCount: z.int(),
  where: z.strictObject({
    kind: z.enum(["agent", "workload", "cicd"]),
    agent: AgentRef,
    cluster: Nullable(z.string()),
    namespace: Nullable(z.string()),
    workload: Nullable(z.string()),
    repository: Nullable(z.string()),
    workflow: Nullable(z.string()),
  }),
  destination: Nullable(z.strictObject({ value: z.string(), kind: z.enum(["domain", "ip", "file", "exe"]) })),
  version: z.int().describe("Send it back (If-Match or `version`) with a change: a stale one is a 409"),
});

export const IssueDetail = IssueListItem.extend({
  eventSeverity: Severity,
  firstEventId: Id,
  latestEventId: Nullable(Id),
  acknowledgedAt: Nullable(Timestamp),
  resolvedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  acceptsEvents: z.boolean(),
  sparkline: z.array(z.strictObject({ t: Timestamp, count: z.int() })),
});

export const IssueListResponse = z.strictObject({
  data: z.array(IssueListItem),
  nextCursor: Nullable(z.string()),
  total: z.int(),
  statusCounts: z.record(IssueStatus, z.int()),
});

export const IssueEventsResponse = z.strictObject({ data: z.array(EventListItem), nextCursor: Nullable(z.string()), total: z.int() });

export const Comment = z.strictObject({
  id: Uuid,
  subjectType: z.enum(["issue", "event"]),
  subjectId: Id,
  author: z.strictObject({ id: Nullable(z.string()), name: z.string() }),
  body: z.string().describe("Markdown"),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  edited: z.boolean(),
  mine: z.boolean(),
  version: z.int(),
});
export const CommentList = z.array(Comment).describe("Oldest first");

export const EventAssessment = z.strictObject({
  flags: z.array(z.string()),
  inheritedFlags: z.array(z.string()),
  severity: Nullable(Severity),
  version: z.int(),
  issue: Nullable(z.strictObject({ id: Id, title: z.string(), status: IssueStatus, severity: Severity, flags: IssueFlags, version: z.int() })),
});

export const BulkAssessmentResult = z.union([
  z.strictObject({ dryRun: z.literal(true), count: z.int() }),
  z.strictObject({ dryRun: z.literal(false), successes: z.int(), failures: z.array(z.strictObject({ id: z.string(), reason: z.string() })) }),
]);

const Scope = z.enum(POLICY_SCOPES);
const Mode = z.enum(POLICY_MODES);

export const NetworkPolicy = z.strictObject({
  id: Uuid,
  scope: Scope,
  scopeRef: z.string(),
  mode: Mode,
  version: z.int(),
  ruleCount: z.int(),
  lastChange: Nullable(z.strictObject({ at: Timestamp, actor: z.string(), action: z.string(), subjectType: z.string() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const NetworkPolicyList = z.strictObject({ data: z.array(NetworkPolicy) });

export const NetworkPolicyRule = z.strictObject({
  id: Uuid,
  policyId: Uuid,
  type: z.enum(RULE_TYPES),
  value: z.string(),
  action: z.enum(RULE_ACTIONS),
  reason: z.string(),
  createdBy: z.string(),
  sourceEventId: Nullable(Id),
  sourceIssueId: Nullable(Id),
  expiresAt: Nullable(Timestamp),
  expired: z.boolean(),
  version: z.int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const NetworkPolicyRulePage = z.strictObject({
  data: z.array(NetworkPolicyRule),
  total: z.int(),
  page: z.int(),
  limit: z.int(),
  pageCount: z.int(),
  conflictCount: z.int(),
  conflicts: z.record(z.string(), z.array(Open)).describe("Per rule id, the rules it conflicts with"),
});

export const EffectivePolicy = z
  .looseObject({ context: Open, policies: z.array(Open), rules: z.array(Open), nextExpiry: Nullable(Timestamp), evaluation: z.string() })
  .describe("The merged rules an agent enforces, in the order to apply them");

const Destination = z.strictObject({ type: z.enum(["domain", "ip"]), value: z.string() });

export const BlockResult = z.strictObject({
  networkPolicyRuleId: Uuid,
  networkPolicyId: Uuid,
  destination: Destination,
  created: z.boolean().describe("False when the destination was already denied in this scope: the existing rule answers"),
  scope: Scope,
  scopeRef: z.string(),
  mode: Mode,
});

export const BlockPreview = z.strictObject({
  destination: Destination,
  scope: Scope,
  scopeRef: z.string(),
  scopeOptions: z.array(z.strictObject({ scope: Scope, scopeRef: z.string(), label: z.string() })),
  policy: Nullable(z.strictObject({ id: Uuid, mode: Mode })),
  existingRule: Nullable(z.strictObject({ id: Uuid, policyId: Uuid, expiresAt: Nullable(Timestamp) })),
  window: z.strictObject({ from: Timestamp, to: Timestamp }),
  matches: z.strictObject({
    events: z.int(),
    agents: z.int(),
    issueCount: z.int(),
    issues: z.array(z.strictObject({ id: Id, title: z.string(), severity: z.string(), status: z.string(), eventCount: z.int() })),
  }),
  search: z.string().describe("The event search that finds the same events over the same window"),
});

export const SavedSearch = z.strictObject({
  id: Uuid,
  name: z.string(),
  query: z.string(),
  shared: z.boolean(),
  mine: z.boolean(),
  owner: z.strictObject({ id: z.string(), name: z.string() }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const SavedSearchList = z.strictObject({ data: z.array(SavedSearch) });

export const AuditPage = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: Id,
      at: Timestamp,
      actor: z.string(),
      action: z.string(),
      subjectType: z.string(),
      subjectId: Nullable(z.string()),
      subjectLabel: Nullable(z.string()),
      via: z.string(),
      address: Nullable(z.string()),
      userAgent: Nullable(z.string()),
      before: Nullable(z.record(z.string(), z.unknown())),
      after: Nullable(z.record(z.string(), z.unknown())),
    }),
  ),
  nextCursor: Nullable(z.string()),
  total: Nullable(z.int()),
});

// Detection rule sets (lib/rules/queries.ts).
export const RuleSetItem = z.strictObject({
  id: Uuid,
  rulesetId: z.string(),
  version: z.int(),
  ruleCount: z.int(),
  enabledCount: z.int(),
  hits: z.int(),
  lastHitAt: Nullable(Timestamp),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const RuleSetList = z.strictObject({ ruleSets: z.array(RuleSetItem) });
export const DetectionRule = z.strictObject({
  id: Uuid,
  ruleId: z.string(),
  eventType: z.string(),
  condition: z.string().describe("The CEL condition as written"),
  action: z.enum(DETECTION_RULE_ACTIONS),
  severity: Nullable(Severity),
  description: Nullable(z.string()),
  tags: z.array(z.string()),
  enabled: z.boolean(),
  hits: z.int(),
  lastHitAt: Nullable(Timestamp),
  hitsByDay: z.array(z.strictObject({ day: z.iso.date(), hits: z.int() })).describe("The last 14 UTC days, oldest first"),
  triage: z
    .strictObject({ issues: z.int(), triaged: z.int(), falsePositives: z.int(), rate: Nullable(z.number()) })
    .describe("The issues its detections joined: how many are triaged (resolved, closed or with a verdict flag) and false positives among them; rate = falsePositives / triaged"),
});
export const RuleTestResult = z.strictObject({
  eventType: z.enum(RULE_EVENT_TYPE_VALUES),
  source: z.enum(["stored", "pasted"]),
  format: Nullable(z.string()).describe("The pasted event's format as recognised (rule_event for seed 002's JSON)"),
  tested: z.int().describe("Events of the event type the condition ran on"),
  matched: z.int(),
  scanned: z.int().describe("Stored events read, newest first, to find them"),
  complete: z.boolean().describe("False when the scan stopped before `limit` events of the type were found"),
  matches: z
    .array(z.strictObject({ id: Id, occurredAt: Timestamp, type: z.string(), sourceFormat: z.string(), agent: Nullable(z.string()), summary: z.string() }))
    .describe("The newest matches, at most 50"),
});
export const RuleSetDetail = RuleSetItem.extend({ rules: z.array(DetectionRule) });
export const RetroHunt = z.strictObject({
  id: Uuid,
  ruleId: Uuid.describe("The detection rule's id"),
  rulesetId: z.string().describe("Its rule set's ruleset_id when the hunt started"),
  ruleName: z.string().describe("Its rule_id when the hunt started"),
  from: Timestamp,
  to: Timestamp,
  status: z.enum(RETRO_HUNT_STATUSES),
  total: z.int().describe("Events in the window when the hunt started"),
  scanned: z.int(),
  matched: z.int().describe("Events the rule matched so far, including those it already matched at ingest"),
  error: Nullable(z.string()),
  createdBy: z.string(),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});
export const RetroHuntList = z.strictObject({ retroHunts: z.array(RetroHunt) });

export const RetentionFigures = z.strictObject({
  tenant: z.string().describe("The tenant's slug"),
  retentionDays: z.int().describe("The tenant's setting"),
  maxRetentionDays: z.int().describe("The server's cap (VIGIL_RETENTION_MAX_DAYS)"),
  appliedRetentionDays: z.int().describe("What expiry applies: the setting, capped"),
  events: z.int().describe("Events held (exact)"),
  approximateBytes: z.int().describe("Estimated bytes on disk of the events, raw payloads and their indexes"),
  oldestEventAt: Nullable(Timestamp),
  newestEventAt: Nullable(Timestamp),
  expiresBefore: Timestamp.describe("Events that occurred before this are past retention"),
  nextExpiryAt: Nullable(Timestamp).describe("When the oldest event passes retention (in the past: the next run removes it)"),
});

export const RetentionRun = z.strictObject({
  dryRun: z.boolean(),
  retentionDays: z.int(),
  expiredBefore: Timestamp,
  events: z.int().describe("Events removed, or that would be (dryRun)"),
  processNodes: z.int().describe("Process nodes no remaining event names, removed with them"),
  seconds: z.number(),
});

// Statistics (lib/stats/types.ts): group-by trees with named time-range counts (Argus, seed 004).
const StatsMetadata = z.strictObject({
  identifier: Nullable(z.string()).describe("The key: an agent's or user's id, a severity, a type; null for rows without a value"),
  name: z.string(),
  type: z.string().describe("The field grouped by"),
});
export const StatsBucket = z.strictObject({
  key: Nullable(z.string()),
  count: z.int(),
  metadata: StatsMetadata,
  timeRangeMetrics: z.record(z.string(), z.int()),
  get buckets() {
    return z.array(StatsBucket).describe("The next level, most frequent first; empty at the last level");
  },
  other: z.int().optional().describe("Where a next level exists: rows in its buckets that its limit left out"),
  otherBuckets: z.int().optional().describe("How many buckets its limit left out"),
});
export const StatsResponse = z.strictObject({
  from: Nullable(Timestamp),
  to: Nullable(Timestamp),
  groupBy: z.array(z.string()),
  count: z.int(),
  timeRangeMetrics: z.record(z.string(), z.int()),
  timeRanges: z.array(z.strictObject({ name: z.string(), from: Timestamp, to: Timestamp })),
  buckets: z.array(StatsBucket),
  other: z.int(),
  otherBuckets: z.int(),
});
