// Compiles a parsed query and facet filters into SQL predicates with numbered parameters.
// The same predicate text runs against `events` and against the hourly rollup, whose dimension
// columns carry the same names; `rollupEligible` says when the rollup can answer.
import { FREE_TEXT_FIELDS, fieldByName, fitsIntField, intFieldRule, type FieldDef } from "./fields";
import type { QueryNode, TermOp } from "./parse-query";
import type { FieldFilter } from "./types";
import { ValidationError } from "@/lib/errors";

/** Collects parameter values; `add` returns the placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `value` matched literally by LIKE/ILIKE (its %, _ and \\ escaped). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const COMPARATORS: Record<"gt" | "gte" | "lt" | "lte", string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

/** The SQL type of an int field; numbers go as text cast to it, so a bigint id keeps every digit. */
function intType(field: FieldDef): "bigint" | "int" {
  return field.bigint ? "bigint" : "int";
}

/** SQL for one field condition; NULL columns never match (negation handles them, see `not`). */
export function termSql(field: FieldDef, op: TermOp, value: string, params: Params, tenantParam: string): string {
  const col = field.column;
  if (field.type === "issue") return issueInSql(op === "exists" ? null : [value], params, tenantParam);
  if (field.type === "assessment") return assessedSql(op === "exists" ? null : [value], params, tenantParam);
  if (op === "exists") {
    if (field.type === "array") return `cardinality(${col}) > 0`;
    return `${col} IS NOT NULL`;
  }
  if (field.type === "int") {
    const n = `${params.add(value)}::${intType(field)}`;
    return op === "eq" ? `${col} = ${n}` : `${col} ${COMPARATORS[op as keyof typeof COMPARATORS]} ${n}`;
  }
  const pattern = op === "prefix" ? params.add(`${escapeLike(value)}%`) : null;
  const exact = op === "prefix" ? null : params.add(value);
  switch (field.type) {
    case "array":
      return pattern ? `EXISTS (SELECT 1 FROM unnest(${col}) AS f(v) WHERE f.v LIKE ${pattern})` : `${col} @> ARRAY[${exact}]::text[]`;
    case "agent":
      return `${col} IN (SELECT a.id FROM agents a WHERE a.tenant_id = ${tenantParam} AND ${
        pattern ? `a.name LIKE ${pattern}` : `(a.name = ${exact} OR a.id::text = ${exact})`
      })`;
    default:
      return pattern ? `${col} LIKE ${pattern}` : `${col} = ${exact}`;
  }
}

/**
 * The searchable text of an event as its trigram index (migration 20261205110000_free_text_index)
 * is built: the free-text columns joined in FREE_TEXT_FIELDS order.
 */
export const SEARCH_TEXT_SQL = `events_search_text(${FREE_TEXT_FIELDS.map((f) => f.column).join(", ")})`;

/** A trigram index finds nothing shorter: such terms are matched column by column alone. */
const MIN_INDEXED_TERM_LENGTH = 3;

// The per-column ILIKEs are the match; the joined text, which can only match more (a term across
// two columns' boundary), narrows the rows to check through the trigram index first.
function freeTextSql(value: string, params: Params): string {
  const p = params.add(`%${escapeLike(value)}%`);
  const exact = `(${FREE_TEXT_FIELDS.map((f) => `${f.column} ILIKE ${p}`).join(" OR ")})`;
  return [...value].length < MIN_INDEXED_TERM_LENGTH ? exact : `(${SEARCH_TEXT_SQL} ILIKE ${p} AND ${exact})`;
}

export function querySql(node: QueryNode, params: Params, tenantParam: string): string {
  switch (node.type) {
    case "and":
      return `(${node.children.map((c) => querySql(c, params, tenantParam)).join(" AND ")})`;
    case "or":
      return `(${node.children.map((c) => querySql(c, params, tenantParam)).join(" OR ")})`;
    // IS NOT TRUE: "-domain:x" keeps events without a domain, where NOT (NULL = 'x') would drop them.
    case "not":
      return `((${querySql(node.child, params, tenantParam)}) IS NOT TRUE)`;
    case "text":
      return freeTextSql(node.value, params);
    case "term":
      return termSql(fieldByName(node.field)!, node.op, node.value, params, tenantParam);
  }
}

export interface ResolvedFilter {
  field: FieldDef;
  values: string[];
  exclude: boolean;
}

/** Checks filters against the allow-list; unknown fields are a 400 naming them. */
export function resolveFilters(filters: FieldFilter[] | undefined): ResolvedFilter[] {
  const out: ResolvedFilter[] = [];
  for (const [i, f] of (filters ?? []).entries()) {
    const field = fieldByName(f.field);
    if (!field) throw new ValidationError(`Unknown filter field "${f.field}"`, { field: `filters.${i}.field` });
    for (const v of f.values) {
      if ((field.type === "int" || field.type === "issue") && !fitsIntField(field, v)) {
        throw new ValidationError(`${intFieldRule(field)}, not "${v}"`, { field: `filters.${i}.values` });
      }
    }
    const values = field.type === "enum" ? f.values.map((v) => v.toLowerCase()) : f.values;
    if (values.length > 0) out.push({ field, values, exclude: f.exclude ?? false });
  }
  return out;
}

export function filterSql(filter: ResolvedFilter, params: Params, tenantParam: string): string {
  const { field, values } = filter;
  let match: string;
  if (field.type === "array") match = `${field.column} && ${params.add(values)}::text[]`;
  else if (field.type === "issue") match = issueInSql(values, params, tenantParam);
  else if (field.type === "assessment") match = assessedSql(values, params, tenantParam);
  else if (field.type === "agent") match = agentInSql(values, params, tenantParam);
  else if (field.type === "int") match = `${field.column} = ANY(${params.add(values)}::${intType(field)}[])`;
  else match = `${field.column} = ANY(${params.add(values)}::text[])`;
  return filter.exclude ? `((${match}) IS NOT TRUE)` : match;
}

/** Events of these issues (or of any issue, for null). */
function issueInSql(ids: string[] | null, params: Params, tenantParam: string): string {
  if (!ids) return `id IN (SELECT ie.event_id FROM issue_events ie WHERE ie.tenant_id = ${tenantParam})`;
  // The issues' event ids as one array, computed first: the planner then fetches those events by
  // id instead of scanning the time range for them (0.4 s → ms for an issue over 30 days).
  return `id = ANY(ARRAY(SELECT ie.event_id FROM issue_events ie WHERE ie.tenant_id = ${tenantParam} AND ie.issue_id = ANY(${params.add(ids)}::bigint[])))`;
}

/** Events carrying one of these assessment flags (or any), on themselves or through their issue. */
function assessedSql(flags: string[] | null, params: Params, tenantParam: string): string {
  const own = flags ? `ea.flags && ${params.add(flags)}::text[]` : "cardinality(ea.flags) > 0";
  const viaIssue = flags ? `i.flags && ${params.add(flags)}::text[]` : "cardinality(i.flags) > 0";
  return `(id IN (SELECT ea.event_id FROM event_assessments ea WHERE ea.tenant_id = ${tenantParam} AND ${own})
    OR id IN (SELECT ie.event_id FROM issue_events ie JOIN issues i ON i.id = ie.issue_id WHERE i.tenant_id = ${tenantParam} AND ${viaIssue}))`;
}

function agentInSql(values: string[], params: Params, tenantParam: string): string {
  const p = params.add(values);
  return `agent_id IN (SELECT a.id FROM agents a WHERE a.tenant_id = ${tenantParam} AND (a.name = ANY(${p}::text[]) OR a.id::text = ANY(${p}::text[])))`;
}

/** True when every field the query and filters touch is a rollup dimension, with no free text or numbers. */
export function rollupEligible(query: QueryNode | null, filters: ResolvedFilter[]): boolean {
  const ok = (n: QueryNode): boolean => {
    switch (n.type) {
      case "text":
        return false;
      case "term":
        return fieldByName(n.field)!.rollup;
      case "not":
        return ok(n.child);
      default:
        return n.children.every(ok);
    }
  };
  return (query === null || ok(query)) && filters.every((f) => f.field.rollup);
}
