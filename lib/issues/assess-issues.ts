import "server-only";
import type { PoolClient } from "pg";
import type { CallerContext } from "@/lib/auth/context";
import { Params } from "@/lib/events/compile";
import { lineageInsertFrom } from "@/lib/lineage/write";
import { assessFlagsArgs } from "./assessment";
import type { AssessmentInput } from "./schemas";

// One statement assesses one issue or every issue of a search: assess_flags() gives each its
// flags, the severity override follows newSeverity, the version is bumped, and each issue gets
// one "assessed" lineage entry with its flags before and after — in the same statement.

export interface IssueSelection {
  /** SQL selecting issue ids (aliased `i`), and its parameters ($1 is the tenant). */
  idsSql: string;
  params: Params;
  /** Only change an issue still at this version (a single assessment with If-Match). */
  version?: number;
}

export interface AssessedIssue {
  id: string;
  version: number;
}

export async function assessIssuesWhere(
  client: PoolClient,
  ctx: CallerContext,
  selection: IssueSelection,
  a: AssessmentInput,
  now: string,
): Promise<AssessedIssue[]> {
  const p = selection.params;
  const [enable, disable, handled, severityChange, commented] = assessFlagsArgs(a);
  const e = p.add(enable), d = p.add(disable), h = p.add(handled), sc = p.add(severityChange), c = p.add(commented);
  const sev = p.add(a.newSeverity ?? null);
  const at = p.add(now);
  const actor = p.add(ctx.actor);
  const details = p.add(JSON.stringify({
    ...(a.comment?.trim() && { comment: a.comment.trim() }),
    ...(a.handledByAnalyst && { handledByAnalyst: true }),
    ...(selection.version === undefined && { bulk: true }),
  }));
  const versionCond = selection.version !== undefined ? ` AND i.version = ${p.add(selection.version)}` : "";
  const res = await client.query<{ id: string; version: number }>(
    `WITH assessed AS (
       UPDATE issues i SET
         flags = assess_flags(i.flags, ${e}::text[], ${d}::text[], ${h}::boolean, ${sc}::text, ${c}::boolean),
         severity_override = CASE ${sc}::text WHEN 'set' THEN ${sev}::text WHEN 'clear' THEN NULL ELSE i.severity_override END,
         acknowledged_at = CASE WHEN 'acknowledged' = ANY(${e}::text[]) THEN ${at}::timestamptz
                                WHEN 'acknowledged' = ANY(${d}::text[]) THEN NULL ELSE i.acknowledged_at END,
         version = i.version + 1,
         updated_at = ${at}::timestamptz
         FROM issues prev
        WHERE prev.id = i.id AND i.tenant_id = $1 AND i.id IN (${selection.idsSql})${versionCond}
       RETURNING i.id, i.version, prev.flags AS before_flags, i.flags AS after_flags, prev.severity AS before_severity,
                 coalesce(${sev}::text, i.event_severity) AS after_severity
     ), logged AS (
       ${lineageInsertFrom(`SELECT $1, 'issue', x.id::text, 'assessed', ${actor},
              ${details}::jsonb || jsonb_build_object(
                'enableFlags', (SELECT coalesce(jsonb_agg(f), '[]') FROM unnest(x.after_flags) f WHERE NOT f = ANY(x.before_flags)),
                'disableFlags', (SELECT coalesce(jsonb_agg(f), '[]') FROM unnest(x.before_flags) f WHERE NOT f = ANY(x.after_flags)))
              || CASE WHEN ${sc}::text IS NULL THEN '{}'::jsonb
                      ELSE jsonb_build_object('severity', jsonb_build_object('before', x.before_severity, 'after', x.after_severity)) END
         FROM assessed x ORDER BY x.id`)}
     )
     SELECT id, version FROM assessed ORDER BY id`,
    p.values,
  );
  return res.rows.map((r) => ({ id: String(r.id), version: r.version }));
}
