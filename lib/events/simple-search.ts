// GET /api/v1/events: the simple search of Argus (seed 004) as URL parameters. Every allow-listed
// field may repeat; its values are OR-ed, different fields AND-ed. Pure.
import { fieldByName } from "./fields";
import type { FieldFilter, SearchRequest } from "./types";
import { ValidationError } from "@/lib/errors";

const CONTROL_PARAMS = new Set(["q", "from", "to", "limit", "cursor", "sort"]);

export function simpleSearchRequest(params: URLSearchParams): SearchRequest {
  const filters = new Map<string, FieldFilter>();
  for (const [name, value] of params) {
    if (CONTROL_PARAMS.has(name)) continue;
    const field = fieldByName(name);
    if (!field) throw new ValidationError(`Unknown parameter "${name}"`, { field: name });
    const filter = filters.get(field.name) ?? { field: field.name, values: [] };
    filter.values.push(value);
    filters.set(field.name, filter);
  }
  const limit = params.get("limit");
  if (limit !== null && !/^\d{1,4}$/.test(limit)) throw new ValidationError("limit must be a whole number from 1 to 1000", { field: "limit" });
  const one = (name: string) => {
    const all = params.getAll(name);
    if (all.length > 1) throw new ValidationError(`${name} may be given once`, { field: name });
    return all[0] || undefined;
  };
  return {
    query: one("q"),
    from: one("from"),
    to: one("to"),
    cursor: one("cursor"),
    sort: one("sort") as SearchRequest["sort"],
    limit: limit === null ? undefined : Number(limit),
    filters: [...filters.values()],
    total: true,
  };
}
