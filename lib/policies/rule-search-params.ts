import { z } from "zod";
import { pgText } from "@/lib/events/pg-limits";

// Which of a policy's rules to list: a text filter, a sort, a page, conflicts only. The input of
// listRules and GET …/rules, and the policy page's URL state (?q=&sort=-created&page=2&conflicts=1).
// Pure: the page's client parses its URL with it too.

export const RULE_SORT_FIELDS = ["value", "type", "action", "created", "expires"] as const;
export type RuleSortField = (typeof RULE_SORT_FIELDS)[number];
export const RULE_SORTS = RULE_SORT_FIELDS.flatMap((f) => [f, `-${f}`] as const);
export type RuleSort = RuleSortField | `-${RuleSortField}`;

export const DEFAULT_RULE_SORT: RuleSort = "type";
/** The API's page when the caller names none; the policy page asks for RULE_PAGE_SIZE. */
export const DEFAULT_RULE_LIMIT = 500;
export const MAX_RULE_LIMIT = 1000;
export const RULE_PAGE_SIZE = 50;
export const RULE_FILTER_MAX = 200;

const Flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")], {
  error: "must be true or false",
});

export const RuleListInput = z.object({
  /** Part of the value or the reason, any case. */
  q: pgText(z.string({ error: "must be text" })).trim().max(RULE_FILTER_MAX, `at most ${RULE_FILTER_MAX} characters`).optional(),
  sort: z.enum(RULE_SORTS as unknown as [RuleSort, ...RuleSort[]], { error: `must be one of ${RULE_SORTS.join(", ")}` }).optional(),
  page: z.coerce.number({ error: "must be a page number" }).int("must be a whole number").min(1, "pages start at 1").max(1_000_000).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "at least 1").max(MAX_RULE_LIMIT, `at most ${MAX_RULE_LIMIT}`).optional(),
  /** Only the rules findConflicts flags. */
  conflicts: Flag.optional(),
});
export type RuleListInput = z.input<typeof RuleListInput>;

/** The policy page's state, from its URL. */
export interface RuleListState {
  q: string;
  sort: RuleSort;
  page: number;
  conflicts: boolean;
}

type Raw = Record<string, string | string[] | undefined>;

const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** Like the API's input, but a value it cannot use is dropped rather than refused. */
export function parseRuleSearchParams(raw: Raw): RuleListState {
  const state: RuleListState = { q: "", sort: DEFAULT_RULE_SORT, page: 1, conflicts: false };
  for (const key of ["q", "sort", "page", "conflicts"] as const) {
    const value = last(raw[key]);
    if (value === undefined) continue;
    const one = RuleListInput.safeParse({ [key]: value });
    if (one.success && one.data[key] !== undefined) Object.assign(state, { [key]: one.data[key] });
  }
  return state;
}

/** The URL query of a state, defaults left out, in a stable order. */
export function ruleSearchToParams(s: Partial<RuleListState>): URLSearchParams {
  const params = new URLSearchParams();
  if (s.q) params.set("q", s.q);
  if (s.sort && s.sort !== DEFAULT_RULE_SORT) params.set("sort", s.sort);
  if (s.conflicts) params.set("conflicts", "1");
  if (s.page && s.page > 1) params.set("page", String(s.page));
  return params;
}
