// The group-by explorer's choice in the dashboard's URL, next to the range, so a link shares it:
//   by=<field>,<field>,<field>  (1–3 fields of the facet allow-list, top level first)
//   top=<n>                     (buckets kept per level)
// Defaults are left out of the URL. Pure: shared by the server page and the browser.
import { FACET_FIELDS, fieldByName } from "@/lib/events/fields";
import type { RawSearchParams } from "@/lib/events/search-params";

export const EXPLORER_MAX_LEVELS = 3;
/**
 * Buckets kept per level. At most 20: an "other" row drills into the search that excludes its
 * kept siblings, and a search takes at most 50 filter terms.
 */
export const EXPLORER_LIMITS = [5, 10, 20] as const;
export type ExplorerLimit = (typeof EXPLORER_LIMITS)[number];

export interface ExplorerState {
  by: string[];
  limit: ExplorerLimit;
}

export const DEFAULT_EXPLORER: ExplorerState = { by: ["severity", "type"], limit: 10 };

/** The fields the explorer groups by: the statistics API's allow-list (the facets), with their labels. */
export const EXPLORER_FIELDS: readonly { name: string; label: string }[] = FACET_FIELDS.map((name) => ({ name, label: fieldByName(name)!.label }));

export function explorerFieldLabel(name: string): string {
  return fieldByName(name)?.label ?? name;
}

/** The explorer's state in the URL; anything it cannot read falls back to the default. */
export function parseExplorerParams(raw: RawSearchParams): ExplorerState {
  const first = (key: string): string | undefined => (raw instanceof URLSearchParams ? raw.get(key) ?? undefined : [raw[key]].flat()[0]);
  const by: string[] = [];
  for (const part of (first("by") ?? "").split(",")) {
    // Aliases ("ns", "exe") read as the field they stand for.
    const name = fieldByName(part.trim())?.name;
    if (name && FACET_FIELDS.includes(name) && !by.includes(name) && by.length < EXPLORER_MAX_LEVELS) by.push(name);
  }
  const top = Number(first("top"));
  const limit = (EXPLORER_LIMITS as readonly number[]).includes(top) ? (top as ExplorerLimit) : DEFAULT_EXPLORER.limit;
  return { by: by.length ? by : [...DEFAULT_EXPLORER.by], limit };
}

/** The explorer's URL parameters, without those at their default. */
export function explorerParams(state: ExplorerState): [string, string][] {
  const out: [string, string][] = [];
  if (state.by.join(",") !== DEFAULT_EXPLORER.by.join(",")) out.push(["by", state.by.join(",")]);
  if (state.limit !== DEFAULT_EXPLORER.limit) out.push(["top", String(state.limit)]);
  return out;
}

/** `query` (the range's, no "?") with the explorer's parameters set as `state` says. */
export function withExplorerParams(query: string, state: ExplorerState): string {
  const p = new URLSearchParams(query);
  p.delete("by");
  p.delete("top");
  for (const [k, v] of explorerParams(state)) p.set(k, v);
  return p.toString();
}

/**
 * Sets level `index` (at most one past the last) to `field`; null drops that level and those below
 * (the first level stays). A field is grouped by once: chosen where another level has it, the two
 * levels swap fields.
 */
export function setLevel(by: readonly string[], index: number, field: string | null): string[] {
  if (field === null) return index === 0 ? [...by] : by.slice(0, index);
  if (index >= by.length) return [...by.filter((f) => f !== field), field].slice(0, EXPLORER_MAX_LEVELS);
  const next = [...by];
  const j = next.indexOf(field);
  if (j >= 0) next[j] = next[index];
  next[index] = field;
  return next;
}
