import { z } from "zod";
import { AuditQuery } from "@/lib/audit/schemas";
import { GetProcessTreeInput } from "@/lib/events/process-tree";
import { ExportInput } from "@/lib/events/export";
import { fieldValuesSchema, searchRequestSchema } from "@/lib/events/schemas";
import { IngestParams } from "@/lib/ingest/ingest-request";
import { SOURCE_FORMATS } from "@/lib/ingest/types";
import {
  BulkEventAssessmentInput,
  BulkIssueAssessmentInput,
  CreateCommentInput,
  IssueEventsInput,
  IssueSearchInput,
  SingleAssessmentInput,
  UpdateCommentInput,
  UpdateIssueInput,
} from "@/lib/issues/schemas";
import { LineagePageInput } from "@/lib/lineage/schemas";
import { EffectivePolicyInput } from "@/lib/policies/effective";
import { RuleListInput } from "@/lib/policies/rule-search-params";
import { BlockInput, BlockPreviewInput, CreatePolicyInput, CreateRuleInput, UpdatePolicyInput, UpdateRuleInput } from "@/lib/policies/schemas";
import { ExportRuleSetQuery, NewRuleInput, RuleChange, RuleDeleteQuery, RuleParams, RuleSetDocument, RuleSetIdParams, RuleTestInput } from "@/lib/rules/schemas";
import { ListRetroHuntsInput, RetroHuntIdParams, StartRetroHuntInput } from "@/lib/rules/retro-hunt-schemas";
import { RunRetentionInput } from "@/lib/retention/schemas";
import { CreateSavedSearchInput, SavedSearchChange } from "@/lib/saved-searches/schemas";
import { EventStatsInput, IssueStatsInput } from "@/lib/stats/schemas";
import type { ApiRouteKey } from "../access";
import * as R from "./responses";

// The API contract: for every row of the access table, what the route takes and answers. The
// request schemas are the ones lib/ validates with (imported, never restated); the responses are
// in ./responses.ts. lib/api/openapi.ts turns this table into the OpenAPI document; tests check
// that the table, the route files and the document agree, and validate real responses against it.

/** The document's sections, in reading order. */
export const TAGS = {
  Ingest: "Agents send events in their own formats; every write is idempotent.",
  Events: "Search, facets, export, the investigation views and assessment of events.",
  Issues: "The triage queue: events grouped into issues, their workflow and assessment.",
  Comments: "Markdown comments on events and issues.",
  "Network policies": "Allow and deny rules per scope, the one-click block, and the effective policy agents enforce.",
  "Detection rules": "CEL rule sets (cicd-sensor format) evaluated on every ingested event, whatever agent sent it.",
  "Saved searches": "Searches kept by name, private or shared with the tenant.",
  Audit: "Every administrative act, append-only.",
  Retention: "How many days of events a tenant keeps, what it holds, and expiry of what is older.",
  Health: "Whether the server and its database answer.",
  Contract: "This document.",
} as const;
export type Tag = keyof typeof TAGS;

export interface Reply {
  status: number;
  description: string;
  /** A JSON body; none for 204 and 304. */
  schema?: z.ZodType;
  /** Other media types, for downloads and verbatim payloads. */
  media?: Record<string, { description: string }>;
  headers?: Record<string, string>;
}

export interface Operation {
  summary: string;
  description?: string;
  tag: Tag;
  /** Path parameters, when one is more than a string (checked before the handler runs). */
  params?: z.ZodObject;
  /** Query parameters, one per property, checked before the handler runs. */
  query?: z.ZodObject;
  /** Query parameters the handler reads itself (repeated ones, free field names): documented, not checked here. */
  documentedQuery?: z.ZodObject;
  /** Notes on query parameters that are not properties of `query` (free field names). */
  extraQuery?: { name: string; description: string }[];
  body?: { schema: z.ZodType; example?: unknown; media?: string[]; description?: string };
  replies: Reply[];
  /** Answers a 409 when the version sent (body or If-Match) is stale, or the thing exists. */
  conflict?: boolean;
  /** Why it answers 422: a well-formed request that cannot apply to its subject. */
  unprocessable?: string;
  /** Why it answers 404 besides an id of its path that the tenant does not have. */
  notFound?: string;
  /** Accepts If-Match with the version it last read. */
  ifMatch?: boolean;
}

const ok = (schema: z.ZodType, description = "OK"): Reply => ({ status: 200, description, schema });
const created = (schema: z.ZodType, description = "Created"): Reply => ({ status: 201, description, schema });
const deleted: Reply = { status: 204, description: "Deleted" };

// Examples in the seeds' vocabulary (seed 000: Garnet's event; seed 004: Argus search and assessment).
const GARNET_EVENT = {
  id: "7c7f0b0e-1f35-4f4e-9d57-0a0c3d2f1a01",
  kind: "flows",
  created_at: "2026-11-23T10:00:00Z",
  updated_at: "2026-11-23T10:00:00Z",
  agent: { id: "a1b2", hostname: "runner-7", kubernetes_context: { cluster: "prod-eu", namespace: "payments", node: "node-3" } },
  data: {
    head: { name: "dropped_ip", importance: "high", description: "Connection to a dropped address" },
    flow: { proto: "TCP", remote: { address: "185.199.110.133", port: 443, names: ["185.199.110.133", "gist.githubusercontent.com"] } },
  },
};
const SEARCH_EXAMPLE = {
  query: 'severity:high AND (curl OR wget) AND NOT cluster:"staging"',
  filters: [{ field: "type", values: ["dropped_ip", "crypto_miner"] }],
  from: "2026-11-22T00:00:00Z",
  to: "2026-11-23T00:00:00Z",
  facets: ["severity", "agent", "type"],
  histogram: { interval: "auto" },
  limit: 50,
};
const ASSESSMENT_EXAMPLE = { enableFlags: ["falsePositive"], disableFlags: ["followup"], comment: "Known scanner of the red team", handledByAnalyst: true };
// Seed 004: Argus's statistics request, a search plus group-by levels and named time ranges.
const EVENT_STATS_EXAMPLE = {
  query: "kind:detections",
  filters: [{ field: "severity", values: ["high", "critical"] }],
  from: "2026-11-16T00:00:00Z",
  to: "2026-11-23T00:00:00Z",
  groupBy: [{ field: "cluster", limit: 5 }, { field: "type", limit: 5 }, { field: "agent", limit: 3 }],
  timeRangeMetrics: [{ name: "lastDay", from: "2026-11-22T00:00:00Z", to: "2026-11-23T00:00:00Z" }, { name: "last24h", from: "-24h" }],
};
const STATS_DESCRIPTION =
  "A tree: each bucket has its `count`, `metadata` (identifier, name, type), `timeRangeMetrics` (one count per named range, each over its own range: " +
  "ISO-8601 or relative to now like `-24h`, `-7d`) and the next level's `buckets`, most frequent first, cut to the level's `limit` (default 10, at most 100) " +
  "with what the cut left out in `other` (rows) and `otherBuckets`. Rows without a value are left out unless the level asks for `missing: true`; " +
  "a list field (flags, an issue's agents) counts a row once per value. An unknown field or more than 3 levels is a 400 naming each.";

// Seed 002's rule examples.
const RULE_SET_EXAMPLE = {
  rule_sets: [
    {
      ruleset_id: "acme/process",
      rules: [
        { rule_id: "network_tool_exec", event_type: "process_exec", condition: 'process.exec_path.endsWith("/curl") ||\nprocess.exec_path.endsWith("/wget")\n', action: "collect" },
        {
          rule_id: "shell_from_package_manager",
          event_type: "process_exec",
          condition: '(process.exec_path.endsWith("/sh") || process.exec_path.endsWith("/bash")) &&\nprocess.ancestors.exists(parent, parent.exec_path.endsWith("/npm") || parent.exec_path.endsWith("/pip"))\n',
          action: "detect",
          severity: "high",
          tags: ["supply-chain"],
        },
      ],
    },
  ],
};

const NO_DESTINATION = "The event (or every event of the issue) has no network destination, or one no rule can express";

const DOWNLOAD = (types: Record<string, string>): Reply => ({
  status: 200,
  description: "The download, streamed",
  media: Object.fromEntries(Object.entries(types).map(([type, description]) => [type, { description }])),
  headers: { "Content-Disposition": "attachment; filename=…" },
});

export const API_CONTRACT = {
  "GET /api/health": { summary: "Health", description: "200 when the database answers, 503 otherwise.", tag: "Health", replies: [ok(R.Health), { status: 503, description: "The database is unreachable", schema: R.Health, headers: { "Retry-After": "Seconds to wait" } }] },
  "GET /api/v1/openapi.json": { summary: "This document", description: "The OpenAPI 3.1 document of the API, generated from the schemas that validate requests.", tag: "Contract", replies: [ok(R.OpenApiDocument, "The OpenAPI document")] },
  "GET /api/v1/audit": {
    summary: "Audit log",
    description: "The tenant's audit log, newest first: a page as JSON, or every match as CSV with `format=csv`. Admins only.",
    tag: "Audit",
    query: AuditQuery,
    replies: [{ ...ok(R.AuditPage), media: { "text/csv": { description: "Every matching entry (format=csv)" } } }],
  },
  "PATCH /api/v1/comments/{id}": { summary: "Edit a comment", description: "Only its author may edit it.", tag: "Comments", body: { schema: UpdateCommentInput, example: { body: "Edited: **confirmed** with the owner", version: 0 } }, replies: [ok(R.Comment)], conflict: true, ifMatch: true },
  "DELETE /api/v1/comments/{id}": { summary: "Delete a comment", description: "Only its author may delete it.", tag: "Comments", replies: [deleted] },
  "GET /api/v1/events": {
    summary: "Simple event search",
    description: "Events matching query parameters: `q` in the query language, and any facet field as a parameter (repeated parameters are OR-ed).",
    tag: "Events",
    documentedQuery: searchRequestSchema.pick({ from: true, to: true, sort: true, cursor: true }).extend({ q: searchRequestSchema.shape.query, limit: z.string().regex(/^\d{1,4}$/).optional() }),
    extraQuery: [{ name: "{field}", description: "Any facet field (severity, agent, cluster, type, …), repeated for OR" }],
    replies: [ok(R.SimpleSearchResponse)],
  },
  "PUT /api/v1/events": {
    summary: "Create or update one Garnet event",
    description: "Garnet's CreateOrUpdateEventV2 with PUT semantics: the event's id names it; sending it again is `unchanged`. Agent tokens and API keys only.",
    tag: "Ingest",
    body: { schema: z.looseObject({ id: z.string().optional(), kind: z.string(), agent: z.looseObject({}), data: z.looseObject({}) }), example: GARNET_EVENT, description: "One event in the jibril-ashkaal v2 format" },
    replies: [created(R.PutEventResult, "Stored"), ok(R.PutEventResult, "Updated or unchanged")],
  },
  "POST /api/v1/events/assessment/bulk": {
    summary: "Assess every event a search matches",
    description: "No page cap. `dryRun` counts the events the assessment would touch.",
    tag: "Events",
    body: { schema: BulkEventAssessmentInput, example: { search: { query: "type:dropped_ip AND domain:gist.githubusercontent.com" }, assessment: ASSESSMENT_EXAMPLE, dryRun: true } },
    replies: [ok(R.BulkAssessmentResult)],
  },
  "POST /api/v1/events/export": {
    summary: "Export events",
    description: "The events a search matches as CSV or NDJSON, streamed, at most 100,000 rows.",
    tag: "Events",
    body: { schema: ExportInput, example: { format: "csv", query: "severity:critical", from: "2026-11-22T00:00:00Z" } },
    replies: [DOWNLOAD({ "text/csv": "format=csv", "application/x-ndjson": "format=ndjson" })],
  },
  "POST /api/v1/events/search": {
    summary: "Advanced event search",
    description: "Query language, facet filters, facet counts, histogram and keyset pages (`nextCursor`).",
    tag: "Events",
    body: { schema: searchRequestSchema, example: SEARCH_EXAMPLE },
    replies: [ok(R.SearchResponse)],
  },
  "POST /api/v1/events/stats": {
    summary: "Event statistics",
    description: `The events a search (query, filters, from, to) matches, grouped by 1–3 facet fields. ${STATS_DESCRIPTION} Counts come from the hourly and daily rollups where they can answer and from raw events elsewhere (free text, partial hours), and are exact either way.`,
    tag: "Events",
    body: { schema: EventStatsInput, example: EVENT_STATS_EXAMPLE },
    replies: [ok(R.StatsResponse)],
  },
  "GET /api/v1/events/values": { summary: "Facet values", description: "The most frequent values of a facet field, for autocomplete.", tag: "Events", query: fieldValuesSchema, replies: [ok(R.FacetValuesResponse)] },
  "GET /api/v1/events/{id}": { summary: "One event", description: "With its agent, process, ancestry, flow, DNS names and file.", tag: "Events", replies: [ok(R.EventDetail)] },
  "POST /api/v1/events/{id}/actions/block": {
    summary: "Block an event's destination",
    description: "Denies the event's original domain (or remote address) in a scope; creates the scope's policy in enforce mode when it has none. 201 when a rule was created, 200 when the destination was already denied there.",
    unprocessable: NO_DESTINATION,
    tag: "Network policies",
    body: { schema: BlockInput, example: { scope: "namespace", reason: "Exfiltration to a paste site", expiresAt: "2031-01-31T00:00:00Z" } },
    replies: [created(R.BlockResult), ok(R.BlockResult, "Already denied in this scope")],
  },
  "POST /api/v1/events/{id}/actions/block/dry-run": {
    summary: "Preview a block",
    description: "What blocking the event's destination would have matched over the last 7 days, and the scopes offered. Writes nothing.",
    unprocessable: NO_DESTINATION,
    tag: "Network policies",
    body: { schema: BlockPreviewInput, example: { scope: "cluster" } },
    replies: [ok(R.BlockPreview)],
  },
  "GET /api/v1/events/{id}/assessment": { summary: "An event's assessment", tag: "Events", replies: [ok(R.EventAssessment)] },
  "POST /api/v1/events/{id}/assessment": {
    summary: "Assess an event",
    description: "Flags, severity, comment, and associating or disassociating an issue (Argus's event assessment).",
    tag: "Events",
    body: { schema: SingleAssessmentInput, example: { ...ASSESSMENT_EXAMPLE, newSeverity: "low" } },
    replies: [ok(R.EventAssessment)],
    conflict: true,
    ifMatch: true,
  },
  "GET /api/v1/events/{id}/comments": { summary: "An event's comments", description: "Oldest first.", tag: "Comments", replies: [ok(R.CommentList)] },
  "POST /api/v1/events/{id}/comments": { summary: "Comment on an event", description: "Markdown.", tag: "Comments", body: { schema: CreateCommentInput, example: { body: "Seen on **three** runners; see the issue." } }, replies: [created(R.Comment)] },
  "GET /api/v1/events/{id}/dns-chain": { summary: "DNS chain", description: "Queried domain → CNAMEs → IP, joined with the flow and the verdict.", tag: "Events", replies: [ok(R.DnsChain)] },
  "GET /api/v1/events/{id}/lineage": { summary: "An event's lineage", description: "Every change to the event, oldest first.", tag: "Events", query: LineagePageInput, replies: [ok(R.LineagePage)] },
  "GET /api/v1/events/{id}/payload": {
    summary: "Raw payload",
    description: "The body the agent sent, byte for byte; `X-Vigil-Source-Format` names its format.",
    tag: "Events",
    replies: [{ status: 200, description: "The verbatim payload", media: { "application/json": { description: "As the agent sent it" } }, headers: { "X-Vigil-Source-Format": "The agent format" } }],
  },
  "GET /api/v1/events/{id}/process-tree": {
    summary: "Process tree",
    description: "The event's process with ancestors, siblings, children and their events.",
    tag: "Events",
    query: GetProcessTreeInput.pick({ window: true }),
    replies: [ok(R.ProcessTree)],
  },
  "POST /api/v1/ingest/{format}": {
    summary: "Ingest events",
    description: `Events in an agent's own format (${SOURCE_FORMATS.join(", ")}): a JSON array, one JSON object, or NDJSON. Idempotent: sending a batch again reports each event \`unchanged\`. Agent tokens and API keys only.`,
    tag: "Ingest",
    params: IngestParams,
    body: { schema: z.union([z.array(z.looseObject({})), z.looseObject({})]), example: [GARNET_EVENT], media: ["application/json", "application/x-ndjson"] },
    replies: [ok(R.IngestResult, "Counts per outcome; refused items name their index and why")],
  },
  "GET /api/v1/issues": {
    summary: "Issue queue",
    description: "Filters (repeat a parameter or separate values by commas), sort, keyset pages and counts per status.",
    tag: "Issues",
    documentedQuery: IssueSearchInput,
    replies: [ok(R.IssueListResponse)],
  },
  "POST /api/v1/issues/assessment/bulk": {
    summary: "Assess every issue the filters match",
    tag: "Issues",
    body: { schema: BulkIssueAssessmentInput, example: { search: { status: ["open"], type: ["dropped_ip"] }, assessment: ASSESSMENT_EXAMPLE, dryRun: true } },
    replies: [ok(R.BulkAssessmentResult)],
  },
  "POST /api/v1/issues/stats": {
    summary: "Issue statistics",
    description: `The issues the queue's filters match, grouped by 1–3 of status, severity, priority, type, kind, assignee, flags, closeReason, agent, cluster, namespace, repository, workflow. ${STATS_DESCRIPTION} An issue counts in a range (and in from/to) when it was seen in it.`,
    tag: "Issues",
    body: {
      schema: IssueStatsInput,
      example: { status: ["open", "in_progress"], groupBy: [{ field: "severity" }, { field: "assignee", missing: true }], timeRangeMetrics: [{ name: "last7d", from: "-7d" }] },
    },
    replies: [ok(R.StatsResponse)],
  },
  "GET /api/v1/issues/{id}": { summary: "One issue", tag: "Issues", replies: [ok(R.IssueDetail)] },
  "PATCH /api/v1/issues/{id}": {
    summary: "Change an issue",
    description: "Status, close reason, assignee, priority; send the version you saw (body or If-Match).",
    tag: "Issues",
    body: { schema: UpdateIssueInput, example: { status: "resolved", closeReason: "true_positive", version: 3 } },
    replies: [ok(R.IssueDetail)],
    conflict: true,
    ifMatch: true,
  },
  "POST /api/v1/issues/{id}/actions/block": {
    summary: "Block an issue's destination",
    description: "As for an event, with the destination of the issue's newest event that has one.",
    unprocessable: NO_DESTINATION,
    tag: "Network policies",
    body: { schema: BlockInput, example: { scope: "cluster", reason: "Crypto-mining pool" } },
    replies: [created(R.BlockResult), ok(R.BlockResult, "Already denied in this scope")],
  },
  "POST /api/v1/issues/{id}/actions/block/dry-run": { summary: "Preview an issue's block", tag: "Network policies", unprocessable: NO_DESTINATION, body: { schema: BlockPreviewInput, example: {} }, replies: [ok(R.BlockPreview)] },
  "POST /api/v1/issues/{id}/assessment": {
    summary: "Assess an issue",
    description: "Flags, severity, comment, handledByAnalyst; the flags apply to its events too.",
    tag: "Issues",
    body: { schema: SingleAssessmentInput, example: ASSESSMENT_EXAMPLE },
    replies: [ok(R.IssueDetail)],
    conflict: true,
    ifMatch: true,
  },
  "GET /api/v1/issues/{id}/comments": { summary: "An issue's comments", description: "Oldest first.", tag: "Comments", replies: [ok(R.CommentList)] },
  "POST /api/v1/issues/{id}/comments": { summary: "Comment on an issue", description: "Markdown.", tag: "Comments", body: { schema: CreateCommentInput, example: { body: "Escalated to the platform team." } }, replies: [created(R.Comment)] },
  "GET /api/v1/issues/{id}/events": { summary: "An issue's events", description: "Searchable with the query language.", tag: "Issues", query: IssueEventsInput, replies: [ok(R.IssueEventsResponse)] },
  "GET /api/v1/issues/{id}/lineage": { summary: "An issue's lineage", description: "Every change to the issue, oldest first.", tag: "Issues", query: LineagePageInput, replies: [ok(R.LineagePage)] },
  "GET /api/v1/network-policies": { summary: "Network policies", description: "With rule counts and last change.", tag: "Network policies", replies: [ok(R.NetworkPolicyList)] },
  "POST /api/v1/network-policies": {
    summary: "Create a network policy",
    description: "One per scope; a second for the same scope is a 409 naming the existing one.",
    tag: "Network policies",
    body: { schema: CreatePolicyInput, example: { scope: "repo", scopeRef: "acme/payments-api", mode: "log" } },
    replies: [created(R.NetworkPolicy)],
    conflict: true,
  },
  "GET /api/v1/network-policies/effective": {
    summary: "Effective policy",
    description: "The merged rules an agent enforces: global plus its cluster, namespace and node (or repository and workflow), in the order to apply them. Send `If-None-Match` with the last ETag: 304 when nothing changed. Agent tokens and every role.",
    tag: "Network policies",
    query: EffectivePolicyInput,
    notFound: "`agent` names no agent of the tenant",
    replies: [{ ...ok(R.EffectivePolicy), headers: { ETag: "The version of this body" } }, { status: 304, description: "Not modified since the ETag sent", headers: { ETag: "The version of this body" } }],
  },
  "GET /api/v1/network-policies/{id}": { summary: "One network policy", tag: "Network policies", replies: [ok(R.NetworkPolicy)] },
  "PATCH /api/v1/network-policies/{id}": { summary: "Change a policy's mode", tag: "Network policies", body: { schema: UpdatePolicyInput, example: { mode: "enforce", version: 2 } }, replies: [ok(R.NetworkPolicy)], conflict: true, ifMatch: true },
  "DELETE /api/v1/network-policies/{id}": { summary: "Delete a policy and its rules", tag: "Network policies", replies: [deleted], conflict: true, ifMatch: true },
  "GET /api/v1/network-policies/{id}/lineage": { summary: "A policy's lineage", description: "Every change to the policy and its rules, oldest first.", tag: "Network policies", query: LineagePageInput, replies: [ok(R.LineagePage)] },
  "GET /api/v1/network-policies/{id}/rules": { summary: "A policy's rules", description: "A page of rules with their conflicts.", tag: "Network policies", query: RuleListInput, replies: [ok(R.NetworkPolicyRulePage)] },
  "POST /api/v1/network-policies/{id}/rules": {
    summary: "Add a rule",
    description: "The value is normalised; the same type, value and action again is a 409 with the existing rule.",
    tag: "Network policies",
    body: { schema: CreateRuleInput, example: { type: "domain", value: "*.pastebin.com", action: "deny", reason: "Paste sites", expiresAt: "2031-06-30T00:00:00Z" } },
    replies: [created(R.NetworkPolicyRule)],
    conflict: true,
  },
  "GET /api/v1/network-policies/{id}/rules/{ruleId}": { summary: "One rule", tag: "Network policies", replies: [ok(R.NetworkPolicyRule)] },
  "PATCH /api/v1/network-policies/{id}/rules/{ruleId}": { summary: "Change a rule", tag: "Network policies", body: { schema: UpdateRuleInput, example: { reason: "Paste sites (reviewed)", version: 1 } }, replies: [ok(R.NetworkPolicyRule)], conflict: true, ifMatch: true },
  "DELETE /api/v1/network-policies/{id}/rules/{ruleId}": { summary: "Delete a rule", tag: "Network policies", replies: [deleted], conflict: true, ifMatch: true },
  "GET /api/v1/rule-sets": { summary: "Detection rule sets", description: "With rule counts, hits and last hit.", tag: "Detection rules", replies: [ok(R.RuleSetList)] },
  "POST /api/v1/rule-sets": {
    summary: "Import rule sets",
    description:
      "A cicd-sensor rule-set document as JSON or YAML (`Content-Type: application/yaml`). Everything is validated first and every error is named (unknown event types and fields, CEL syntax and type errors with line and column, duplicate ids); nothing is saved unless all of it is. A `ruleset_id` the tenant has is replaced, its rules matched by `rule_id`. Admins only.",
    tag: "Detection rules",
    body: { schema: RuleSetDocument, example: RULE_SET_EXAMPLE, media: ["application/json", "application/yaml"] },
    replies: [created(R.RuleSetList, "The imported rule sets")],
    conflict: true,
  },
  "GET /api/v1/rule-sets/{id}": { summary: "One rule set", description: "Its rules with hits per day.", tag: "Detection rules", params: RuleSetIdParams, replies: [ok(R.RuleSetDetail)] },
  "DELETE /api/v1/rule-sets/{id}": { summary: "Delete a rule set and its rules", tag: "Detection rules", params: RuleSetIdParams, replies: [deleted] },
  "GET /api/v1/rule-sets/{id}/export": {
    summary: "Export a rule set",
    description: "As a cicd-sensor document; importing it again gives the same rule set.",
    tag: "Detection rules",
    params: RuleSetIdParams,
    query: ExportRuleSetQuery,
    replies: [DOWNLOAD({ "application/yaml": "format=yaml (the default)", "application/json": "format=json" })],
  },
  "POST /api/v1/rule-sets/{id}/rules": {
    summary: "Add a rule to a rule set",
    description:
      "Validated as an import validates each rule (event type, CEL syntax and types with line and column, fields of the event type); errors name the rule's own fields. A `rule_id` the set already has, or a `version` other than the set's, is a 409. Lineage and audit as for an import. Admins only.",
    tag: "Detection rules",
    params: RuleSetIdParams,
    body: {
      schema: NewRuleInput,
      example: { rule_id: "miner_pool_connect", event_type: "network_connect", condition: "remote_port == 3333 || remote_port == 4444", action: "detect", severity: "critical", tags: ["cryptomining"] },
    },
    replies: [created(R.DetectionRule)],
    conflict: true,
  },
  "PATCH /api/v1/rule-sets/{id}/rules/{ruleId}": {
    summary: "Change, enable or disable a rule",
    description:
      "Any of its fields but `rule_id` (`null` clears severity or description). The changed rule is validated whole; lineage records it before and after. Send the set's `version` to refuse (409) a change made on a stale copy. Admins only.",
    tag: "Detection rules",
    params: RuleParams,
    body: { schema: RuleChange, example: { enabled: false } },
    replies: [ok(R.DetectionRule)],
    conflict: true,
  },
  "DELETE /api/v1/rule-sets/{id}/rules/{ruleId}": {
    summary: "Delete a rule",
    description: "The last rule of a set cannot go (409): delete the rule set instead. `version` as for a change. Admins only.",
    tag: "Detection rules",
    params: RuleParams,
    query: RuleDeleteQuery,
    replies: [deleted],
    conflict: true,
  },
  "GET /api/v1/rule-sets/{id}/rules/{ruleId}/lineage": {
    summary: "A rule's lineage",
    description: "Every change to the rule (created, changed, enabled or disabled, retro-hunts), oldest first, each change with its fields before and after.",
    tag: "Detection rules",
    params: RuleParams,
    query: LineagePageInput,
    replies: [ok(R.LineagePage)],
  },
  "POST /api/v1/rules/test": {
    summary: "Test a draft rule",
    description:
      "Runs a condition, unsaved, over the newest stored events of its event type (`limit`, at most 1,000; at most 50,000 events are read to find them), mapped exactly as ingest maps them, or over one pasted `event` (seed 002's JSON or one event of an ingest format). Answers how many it tested and matched and the newest matches. Nothing is written.",
    tag: "Detection rules",
    body: { schema: RuleTestInput, example: { event_type: "process_exec", condition: 'process.exec_path.endsWith("/curl")', limit: 200 } },
    replies: [ok(R.RuleTestResult)],
  },
  // After the rule sets: the contract test imports a rule set before it starts a hunt on one of its rules.
  "GET /api/v1/retro-hunts": {
    summary: "Retro-hunts",
    description: "The tenant's retro-hunts, newest first (`limit`, default 50), optionally of one rule (`ruleId`, a rule's `id`). A running hunt that stopped reporting progress for 2 minutes is answered as failed (interrupted).",
    tag: "Detection rules",
    query: ListRetroHuntsInput,
    replies: [ok(R.RetroHuntList)],
  },
  "POST /api/v1/retro-hunts": {
    summary: "Run a rule over past events",
    description:
      "Queues a retro-hunt: the rule evaluated on every stored event of the window [`from`, `to`) (ISO-8601, or relative to now like `-24h`, `-7d`; `to` defaults to now; at most 90 days), in the background. What it matches is tagged exactly as ingest tags a match (collect flag; detections with the rule's severity, grouped into issues), and counted in the rule's hits once per event. Poll `GET /api/v1/retro-hunts/{id}` for progress. Admins only.",
    tag: "Detection rules",
    body: { schema: StartRetroHuntInput, example: { ruleId: "3f0e9b1c-5d7a-4c1e-9b2f-0a6d8e4c2b17", from: "-7d", to: "now" } },
    replies: [{ status: 202, description: "Queued", schema: R.RetroHunt }],
    notFound: "the rule is not one of the tenant's",
    conflict: true,
    unprocessable: "The stored rule no longer compiles",
  },
  "GET /api/v1/retro-hunts/{id}": { summary: "One retro-hunt", description: "Its status and progress (`scanned` of `total`, `matched`).", tag: "Detection rules", params: RetroHuntIdParams, replies: [ok(R.RetroHunt)] },
  "POST /api/v1/retro-hunts/{id}/cancel": {
    summary: "Cancel a retro-hunt",
    description: "A queued hunt is cancelled at once; a running one stops after the page it is on (seconds), keeping what it tagged. A hunt that is over is a 409. Admins only.",
    tag: "Detection rules",
    params: RetroHuntIdParams,
    replies: [ok(R.RetroHunt)],
    conflict: true,
  },
  "GET /api/v1/retention": {
    summary: "Data held and retention",
    description:
      "The tenant's events held (exact, from the daily rollups), an estimate of their size on disk (events, raw payloads and their indexes), the oldest and newest event, the retention in days (the tenant's setting, capped by the server's `VIGIL_RETENTION_MAX_DAYS`), and when the oldest event passes it (`nextExpiryAt`; the server removes expired events at start-up and every hour). Admins only.",
    tag: "Retention",
    replies: [ok(R.RetentionFigures)],
  },
  "POST /api/v1/retention/run": {
    summary: "Expire old events now",
    description:
      "Removes the tenant's events that occurred before its retention (`dryRun`: counts them), as the scheduled run does, in batches of 5,000: with their raw payloads, rule hits, assessments and issue memberships; rollups stay equal to the events. Lineage, issues and their counts outlive the events. One run at a time across server processes: a 409 while another holds it. Audited. Admins only.",
    tag: "Retention",
    body: { schema: RunRetentionInput, example: { dryRun: true } },
    replies: [ok(R.RetentionRun)],
    conflict: true,
  },
  "GET /api/v1/saved-searches": { summary: "Saved searches", description: "The caller's and those shared with the tenant.", tag: "Saved searches", replies: [ok(R.SavedSearchList)] },
  "POST /api/v1/saved-searches": { summary: "Save a search", tag: "Saved searches", body: { schema: CreateSavedSearchInput, example: { name: "Miners in prod", query: "q=type:crypto_miner&range=7d", shared: true } }, replies: [created(R.SavedSearch)], conflict: true },
  "PATCH /api/v1/saved-searches/{id}": {
    summary: "Rename or (un)share a saved search",
    tag: "Saved searches",
    body: { schema: SavedSearchChange, example: { name: "Miners in prod (EU)", shared: false } },
    replies: [ok(R.SavedSearch)],
    conflict: true,
  },
  "DELETE /api/v1/saved-searches/{id}": { summary: "Delete a saved search", tag: "Saved searches", replies: [deleted] },
} as const satisfies Record<ApiRouteKey, Operation>;
