// The queue's URL state, shared by the page (server and client) and GET /api/v1/issues:
// lists are comma-separated or repeated (`?status=open,in_progress&assignee=me`). Pure.
import { IssueSearchInput, LIST_FILTER_KEYS } from "./schemas";

type Raw = Record<string, string | string[] | undefined>;

const SCALAR_KEYS = ["q", "from", "to", "openedFrom", "openedTo", "sort", "cursor"] as const;

/** The request the parameters spell, unvalidated: IssueSearchInput names what is wrong with it. */
export function issueSearchRequestFromParams(raw: Raw): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if ((LIST_FILTER_KEYS as readonly string[]).includes(key)) {
      if (values.length) out[key] = values;
    } else if (key === "limit") {
      out.limit = /^\d+$/.test(String(value)) ? Number(value) : value;
    } else {
      out[key] = Array.isArray(value) ? value[value.length - 1] : value;
    }
  }
  return out;
}

/** URLSearchParams as a record of repeated values. */
export function paramsRecord(params: URLSearchParams): Raw {
  const out: Raw = {};
  for (const key of new Set(params.keys())) out[key] = params.getAll(key);
  return out;
}

/** The page's state: like the API's, but a value it cannot use is dropped rather than refused. */
export function parseIssueSearchParams(raw: Raw): IssueSearchInput {
  const request = issueSearchRequestFromParams(raw);
  delete request.cursor;
  delete request.limit;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    const one = IssueSearchInput.safeParse({ [key]: value });
    if (one.success) out[key] = (one.data as Record<string, unknown>)[key];
    else if (Array.isArray(value)) {
      const kept = value.filter((v) => IssueSearchInput.safeParse({ [key]: [v] }).success);
      if (kept.length) out[key] = kept;
    }
  }
  return out as IssueSearchInput;
}

/** The URL query of a queue state (without cursor and limit), in a stable order. */
export function issueSearchToParams(s: IssueSearchInput): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LIST_FILTER_KEYS) {
    const v = s[key];
    if (v && v.length) params.set(key, v.join(","));
  }
  for (const key of SCALAR_KEYS) {
    const v = s[key];
    if (key !== "cursor" && v) params.set(key, String(v));
  }
  return params;
}
