import { describe, expect, it } from "vitest";
import {
  aggregatesRequest,
  DEFAULT_COLUMNS,
  DEFAULT_STATE,
  eventHref,
  filterModeOf,
  parseSearchParams,
  parseTerm,
  rowsPageRequest,
  searchKey,
  serializeSearchState,
  toSearchRequest,
  withFilter,
  withoutFilter,
  zoomRange,
  type EventsSearchState,
} from "./search-params";

const NOW = new Date("2026-11-23T12:00:00.000Z");

function parse(qs: string): EventsSearchState {
  return parseSearchParams(new URLSearchParams(qs));
}

describe("parseSearchParams", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parse("")).toEqual(DEFAULT_STATE);
  });

  it("reads every parameter", () => {
    const state = parse(
      "q=exe%3A%2Fusr%2Fbin%2F*+curl&range=7d&f=severity%3Ahigh&f=severity%3Acritical&x=ns%3Akube-system&sort=-severity&cols=time,type,id",
    );
    expect(state).toEqual({
      q: "exe:/usr/bin/* curl",
      range: { kind: "preset", preset: "7d" },
      include: [
        { field: "severity", value: "high" },
        { field: "severity", value: "critical" },
      ],
      exclude: [{ field: "namespace", value: "kube-system" }],
      sort: "-severity",
      cols: ["time", "type", "id"],
    });
  });

  it("accepts Next's searchParams record with single and repeated values", () => {
    const state = parseSearchParams({ q: "curl", f: ["kind:flows", "agent:edge-1"], x: "domain:example.com", range: undefined });
    expect(state.q).toBe("curl");
    expect(state.include).toEqual([
      { field: "kind", value: "flows" },
      { field: "agent", value: "edge-1" },
    ]);
    expect(state.exclude).toEqual([{ field: "domain", value: "example.com" }]);
  });

  it("prefers absolute from/to over a preset, normalizing and ordering them", () => {
    const state = parse("range=1h&from=2026-11-23T10:00:00Z&to=2026-11-22T10:00:00%2B02:00");
    expect(state.range).toEqual({ kind: "absolute", from: "2026-11-22T08:00:00.000Z", to: "2026-11-23T10:00:00.000Z" });
  });

  it("keeps a single absolute bound", () => {
    expect(parse("from=2026-11-20T00:00:00Z").range).toEqual({ kind: "absolute", from: "2026-11-20T00:00:00.000Z", to: null });
  });

  it("falls back to defaults for anything it cannot read, never throwing", () => {
    const state = parse("range=2y&from=yesterday&to=&sort=name&cols=nope,,&f=nofield:x&f=severity&f=:x&f=type:&x=%E2%9C%93");
    expect(state).toEqual(DEFAULT_STATE);
  });

  it("resolves field aliases, keeps colons in values and drops duplicates", () => {
    const state = parse("f=ip%3A2001%3Adb8%3A%3A1&f=dst%3A2001%3Adb8%3A%3A1&f=EXE%3A%2Fbin%2Fsh");
    expect(state.include).toEqual([
      { field: "remoteAddress", value: "2001:db8::1" },
      { field: "processExe", value: "/bin/sh" },
    ]);
  });

  it("drops an exclude that is also an include", () => {
    const state = parse("f=kind:flows&x=kind:flows&x=kind:infos");
    expect(state.include).toEqual([{ field: "kind", value: "flows" }]);
    expect(state.exclude).toEqual([{ field: "kind", value: "infos" }]);
  });

  it("keeps columns in table order whatever the URL order", () => {
    expect(parse("cols=summary,time").cols).toEqual(["time", "summary"]);
  });
});

describe("serializeSearchState", () => {
  it("writes nothing for the default state", () => {
    expect(serializeSearchState(DEFAULT_STATE)).toBe("");
  });

  it("round-trips through parseSearchParams", () => {
    const states: EventsSearchState[] = [
      {
        q: 'domain:"a b" OR -exe:/tmp/*',
        range: { kind: "absolute", from: "2026-11-22T00:00:00.000Z", to: "2026-11-23T00:00:00.000Z" },
        include: [{ field: "remoteAddress", value: "::1" }],
        exclude: [{ field: "flags", value: "memfd" }, { field: "agent", value: "runner & co" }],
        sort: "severity",
        cols: ["time", "type", "flags"],
      },
      { ...DEFAULT_STATE, range: { kind: "preset", preset: "15m" }, cols: [...DEFAULT_COLUMNS, "id"] },
    ];
    for (const state of states) expect(parse(serializeSearchState(state))).toEqual(state);
  });

  it("leaves columns out of the search key", () => {
    const a = { ...DEFAULT_STATE, q: "curl" };
    const b = { ...a, cols: ["time" as const] };
    expect(searchKey(a)).toBe(searchKey(b));
    expect(searchKey(a)).not.toBe(searchKey(DEFAULT_STATE));
  });
});

describe("toSearchRequest", () => {
  it("turns a preset into absolute bounds ending now", () => {
    expect(toSearchRequest(DEFAULT_STATE, NOW)).toEqual({
      from: "2026-11-22T12:00:00.000Z",
      to: "2026-11-23T12:00:00.000Z",
      sort: "-time",
    });
  });

  it("groups terms into one filter per field and mode", () => {
    const state = parse("q=curl&f=severity:high&f=kind:flows&f=severity:critical&x=severity:low&x=domain:a.test&from=2026-11-01T00:00:00Z");
    expect(toSearchRequest(state, NOW)).toEqual({
      query: "curl",
      filters: [
        { field: "severity", values: ["high", "critical"] },
        { field: "kind", values: ["flows"] },
        { field: "severity", values: ["low"], exclude: true },
        { field: "domain", values: ["a.test"], exclude: true },
      ],
      from: "2026-11-01T00:00:00.000Z",
      sort: "-time",
    });
  });
});

describe("first page requests", () => {
  const state = parse("q=curl&range=30d");

  it("asks for rows alone, without total, facets or histogram", () => {
    const rows = rowsPageRequest(state, NOW);
    expect(rows).toMatchObject({ query: "curl", from: "2026-10-24T12:00:00.000Z", to: NOW.toISOString(), limit: 100, total: false });
    expect(rows).not.toHaveProperty("facets");
    expect(rows).not.toHaveProperty("histogram");
  });

  it("asks for the aggregates over the rows' effective range, whatever the clock says later", () => {
    const range = { from: "2026-10-24T12:00:00.000Z", to: "2026-11-23T12:00:00.000Z" };
    const agg = aggregatesRequest(state, range, ["severity", "kind"]);
    expect(agg).toMatchObject({ query: "curl", ...range, limit: 1, facets: ["severity", "kind"], facetLimit: 11, histogram: { interval: "auto" } });
    expect(agg).not.toHaveProperty("total");
  });
});

describe("filters", () => {
  const high = { field: "severity", value: "high" };

  it("moves a term between include and exclude", () => {
    const included = withFilter(DEFAULT_STATE, high, "include");
    expect(filterModeOf(included, high)).toBe("include");
    const excluded = withFilter(included, high, "exclude");
    expect(excluded.include).toEqual([]);
    expect(filterModeOf(excluded, high)).toBe("exclude");
    expect(filterModeOf(withoutFilter(excluded, high), high)).toBeNull();
  });

  it("parses a single term", () => {
    expect(parseTerm("host:web-1")).toEqual({ field: "hostname", value: "web-1" });
    expect(parseTerm("web-1")).toBeNull();
  });
});

describe("zoomRange", () => {
  it("covers both buckets whichever way the drag went", () => {
    expect(zoomRange("2026-11-23T11:00:00.000Z", "2026-11-23T08:00:00.000Z", "1h")).toEqual({
      kind: "absolute",
      from: "2026-11-23T08:00:00.000Z",
      to: "2026-11-23T12:00:00.000Z",
    });
  });
});

describe("eventHref", () => {
  it("links to the event with the search to go back to", () => {
    const state = withFilter(DEFAULT_STATE, { field: "kind", value: "flows" }, "include");
    expect(eventHref("42", state)).toBe(`/events/42?back=${encodeURIComponent("f=kind%3Aflows")}`);
    expect(eventHref("42", DEFAULT_STATE)).toBe("/events/42");
  });
});
