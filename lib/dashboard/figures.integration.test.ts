import { beforeAll, describe, expect, it } from "vitest";
import type { CallerContext } from "../auth/context";
import { ingestItems } from "../ingest/pipeline";
import { pool } from "../db";
import { blockEvent } from "../policies/block";
import { searchEvents } from "../events/search";
import type { FacetValue } from "../events/types";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { loadAgentFigures } from "./agents";
import { loadBlockFigures } from "./blocks";
import { DESTINATION_FACET, loadEventFigures } from "./event-figures";
import { resolveWindows } from "./range";
import { TOP_FIELDS, type DashboardWindows, type EventFigures } from "./types";

withTestDatabase();

// The event, block and agent figures of two tenants that share agent names and a destination:
// each sees its own. Times are relative to the test's start, as block rules are made at now().

const NOW = new Date();
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const WINDOWS = resolveWindows({ kind: "preset", preset: "7d" }, NOW);

type Agent = { id: string; name: string; github?: boolean };
const EDGE: Agent = { id: "edge-1", name: "edge-1" };
const QUIET: Agent = { id: "quiet-1", name: "quiet-1" };
const CI: Agent = { id: "ci-1", name: "ci-1", github: true };

let seq = 0;
function exec(agent: Agent, minutesAgo: number, severity = "high") {
  return {
    id: `exec-${++seq}`, event_type: "process_exec", action: "detect", severity, rule_id: "miner-rule", timestamp: ago(minutesAgo),
    agent: { id: agent.id, name: agent.name }, ...(agent.github && { github: { repository: "acme/web", workflow: "CI", job: "build", run_id: "7" } }),
    process: { exec_path: "/tmp/xmrig", argv: ["xmrig", "-o", "pool.minexmr.com:4444"] }, payload: {},
  };
}
function connect(agent: Agent, minutesAgo: number, ip = "203.0.113.9") {
  return {
    id: `net-${++seq}`, event_type: "network_connect", timestamp: ago(minutesAgo), agent: { id: agent.id, name: agent.name },
    process: { exec_path: "/usr/bin/curl", argv: ["curl", `https://${ip}/`] }, payload: { remote_ip: ip, remote_port: 443, protocol: "tcp", family: "ipv4" },
  };
}

async function ingest(tenantId: string, items: object[]) {
  const res = await ingestItems({ tenantId, actor: "test" }, "runtime", items.map((value, index) => ({ index, raw: JSON.stringify(value), value })));
  expect(res.rejected).toEqual([]);
}

const analyst = (tenantId: string): CallerContext => ({ ...callerIn(tenantId, "analyst"), origin: { via: "cli", address: null, userAgent: null } });

describe("dashboard figures", () => {
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    acme = (await makeTenantWithCredentials("dash-acme")).tenant.id;
    globex = (await makeTenantWithCredentials("dash-globex")).tenant.id;
    await ingest(acme, [
      exec(EDGE, 50), exec(EDGE, 120), connect(EDGE, 26 * 60), exec(CI, 180), connect(QUIET, 5 * 60, "198.51.100.7"),
      // The week before: one detection.
      exec(EDGE, 8 * 24 * 60),
    ]);
    // Globex: the same agent names and destination, more of everything.
    await ingest(globex, [exec(EDGE, 30, "critical"), exec(EDGE, 40, "critical"), connect(EDGE, 60), connect(QUIET, 90), connect(QUIET, 100), exec(QUIET, 9 * 24 * 60)]);
  });

  it("count events, detections and severities in the range and the week before", async () => {
    const f = await loadEventFigures({ ctx: callerIn(acme, "manager"), windows: WINDOWS });
    expect(f.total).toEqual({ current: 5, previous: 1 });
    expect(f.detections).toEqual({ current: 3, previous: 1 });
    expect(f.bySeverity.high).toEqual({ current: 3, previous: 1 });
    expect(f.bySeverity.critical).toEqual({ current: 0, previous: 0 });
    expect(f.histogram.reduce((a, b) => a + b.count, 0)).toBe(5);
    expect(f.detectionInterval).toBe("1d");
    expect(f.detectionSeries.reduce((a, b) => a + b.count, 0)).toBe(3);
  });

  it("list top values with their count the week before, 0 when the complete list lacks them", async () => {
    expect(DESTINATION_FACET).toBe("destination");
    const f = await loadEventFigures({ ctx: callerIn(acme), windows: WINDOWS });
    expect(f.top.type).toEqual([
      { value: "process_exec", count: 3, previous: 1 },
      { value: "flow", count: 2, previous: 0 },
    ]);
    expect(f.top.agent).toEqual([
      { value: "edge-1", count: 3, previous: 1 },
      { value: "ci-1", count: 1, previous: 0 },
      { value: "quiet-1", count: 1, previous: 0 },
    ]);
    expect(f.top.repository).toEqual([{ value: "acme/web", count: 1, previous: 0 }]);
    // Destinations: the remote address where an event names no domain.
    if (f.destinationField === "destination") {
      expect(f.top.destination).toEqual([
        { value: "198.51.100.7", count: 1, previous: 0 },
        { value: "203.0.113.9", count: 1, previous: 0 },
      ]);
    }
    expect(f.activeAgents).toEqual({ current: 3, previous: 1, capped: false });
  });

  it("see only their tenant's events", async () => {
    const f = await loadEventFigures({ ctx: callerIn(globex), windows: WINDOWS });
    expect(f.total).toEqual({ current: 5, previous: 1 });
    expect(f.bySeverity.critical.current).toBe(2);
    expect(f.top.agent).toEqual([
      { value: "edge-1", count: 3, previous: 0 },
      { value: "quiet-1", count: 2, previous: 1 },
    ]);
  });

  it("count blocks and rank blocked destinations by their events in the range, per tenant", async () => {
    const before = await loadBlockFigures({ ctx: callerIn(acme), windows: WINDOWS });
    expect(before).toMatchObject({ created: { current: 0, previous: 0 }, top: [] });
    const source = await pool().query<{ id: string }>(`SELECT id::text FROM events WHERE tenant_id = $1 AND destination = '203.0.113.9'`, [acme]);
    await blockEvent({ ctx: analyst(acme), input: { id: source.rows[0].id, scope: "global", reason: "C2" } });
    const after = await loadBlockFigures({ ctx: callerIn(acme, "manager"), windows: resolveWindows({ kind: "preset", preset: "7d" }) });
    expect(after.created).toEqual({ current: 1, previous: 0 });
    expect(after.series.reduce((a, p) => a + p.count, 0)).toBe(1);
    expect(after.top).toEqual([
      { value: "203.0.113.9", type: "ip", events: { current: 1, previous: 0 }, rules: 1, scopes: ["global"], firstBlockedAt: expect.any(String) },
    ]);
    // Globex sent more events to the same address, but blocked nothing.
    expect(await loadBlockFigures({ ctx: callerIn(globex), windows: WINDOWS })).toMatchObject({ created: { current: 0, previous: 0 }, top: [] });
  });

  it("name agents silent for more than an hour, leaving out CI/CD runs", async () => {
    const a = await loadAgentFigures({ ctx: callerIn(acme, "manager"), windows: WINDOWS });
    // edge-1 reported 50 minutes ago; ci-1 is a CI run; quiet-1 last reported 5 hours ago.
    expect(a.known).toBe(3);
    expect(a.silent).toBe(1);
    expect(a.silentAgents).toEqual([{ id: expect.any(String), name: "quiet-1", kind: "standalone", lastSeenAt: ago(5 * 60) }]);
    const g = await loadAgentFigures({ ctx: callerIn(globex), windows: WINDOWS });
    // Globex's quiet-1 reported 90 minutes ago: silent there too, with its own time.
    expect(g).toMatchObject({ known: 2, silent: 1, silentAgents: [{ name: "quiet-1", lastSeenAt: ago(90) }] });
  });

  it("answer nothing for a new tenant", async () => {
    const empty = (await makeTenantWithCredentials("dash-empty")).tenant.id;
    const ctx = callerIn(empty, "manager");
    const [e, b, a] = await Promise.all([loadEventFigures({ ctx, windows: WINDOWS }), loadBlockFigures({ ctx, windows: WINDOWS }), loadAgentFigures({ ctx, windows: WINDOWS })]);
    expect(e.total).toEqual({ current: 0, previous: 0 });
    expect(e.top.type).toEqual([]);
    expect(e.histogram.every((h) => h.count === 0)).toBe(true);
    expect(b).toMatchObject({ created: { current: 0, previous: 0 }, top: [] });
    expect(b.series.length).toBeGreaterThan(0);
    expect(a).toEqual({ known: 0, silent: 0, silentAgents: [] });
  });
});

// The figures came from three searches (facets, histogram and total per period) before they came
// from the statistics engine's one-statement overview: on generated events, both answer the same.
// The search's facet lists stopped at 100 values, so a previous count it could not know was null.
async function figuresFromSearch(ctx: CallerContext, windows: DashboardWindows) {
  const facets = ["severity", "kind", ...TOP_FIELDS];
  const [current, previous, detections] = await Promise.all([
    searchEvents({ ctx, input: { ...windows.current, limit: 1, facets, facetLimit: 100, histogram: { interval: "auto" } } }),
    searchEvents({ ctx, input: { ...windows.previous, limit: 1, facets, facetLimit: 100 } }),
    searchEvents({
      ctx,
      input: { ...windows.current, limit: 1, filters: [{ field: "kind", values: ["detections"] }], histogram: { interval: windows.bucket === "1d" ? "1d" : "auto" } },
    }),
  ]);
  const countOf = (values: FacetValue[] | undefined, v: string) => values?.find((x) => x.value === v)?.count ?? 0;
  return { current, previous, detections, countOf };
}

describe("dashboard figures from the overview", () => {
  it("equal the searches' on a week of generated events", async () => {
    const tenantId = (await makeTenantWithCredentials("dash-compare")).tenant.id;
    const now = new Date();
    await loadGeneratedEvents({ tenantId, count: 2000, days: 14, seed: 11, now });
    for (const preset of ["7d", "24h"] as const) {
      const windows = resolveWindows({ kind: "preset", preset }, now);
      const ctx = callerIn(tenantId, "manager");
      const f: EventFigures = await loadEventFigures({ ctx, windows });
      const { current, previous, detections, countOf } = await figuresFromSearch(ctx, windows);
      expect(f.total).toEqual({ current: current.total, previous: previous.total });
      expect(f.detections).toEqual({ current: countOf(current.facets.kind, "detections"), previous: countOf(previous.facets.kind, "detections") });
      for (const s of ["low", "medium", "high", "critical"] as const) {
        expect(f.bySeverity[s]).toEqual({ current: countOf(current.facets.severity, s), previous: countOf(previous.facets.severity, s) });
      }
      expect([f.histogramInterval, f.histogram]).toEqual([current.interval, current.histogram]);
      expect([f.detectionInterval, f.detectionSeries]).toEqual([detections.interval, detections.histogram.map((b) => ({ t: b.t, count: b.count }))]);
      expect(f.activeAgents).toEqual({ current: current.facets.agent!.length, previous: previous.facets.agent!.length, capped: false });
      for (const field of TOP_FIELDS) {
        const facet = current.facets[field] ?? [];
        const items = f.top[field];
        expect(items.length, field).toBe(Math.min(10, facet.length));
        // The same values and counts, ties at the cut aside.
        expect(items.map((i) => i.count), field).toEqual(facet.slice(0, 10).map((v) => v.count));
        const last = items[items.length - 1]?.count ?? 0;
        for (const item of items.filter((i) => i.count > last)) {
          const before = previous.facets[field]?.find((v) => v.value === item.value);
          expect(facet.find((v) => v.value === item.value)?.count, `${field} ${item.value}`).toBe(item.count);
          if (before || (previous.facets[field]?.length ?? 0) < 100) expect(item.previous, `${field} ${item.value}`).toBe(before?.count ?? 0);
        }
      }
    }
  }, 120_000);
});
