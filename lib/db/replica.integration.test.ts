import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { callerIn, garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { startReplicatedPair, waitFor, type ReplicatedPair } from "../../test-support/pg-cluster";
import type { CallerContext } from "../auth/context";
import { loadAgentFigures } from "../dashboard/agents";
import { resolveWindows } from "../dashboard/range";
import { closeDb, pool, replicaPool } from "../db";
import { env } from "../env";
import { getEvent } from "../events/event-detail";
import { exportEvents } from "../events/export";
import { facetValues, searchEvents } from "../events/search";
import { listIssueEvents } from "../issues/queries";
import { eventStats } from "../stats/event-stats";
import { issueStats } from "../stats/issue-stats";
import { migrate } from "./migrate";
import { connectRead, resetReplicaState, withPrimaryReads } from "./replica";

// Read replica routing against a real streaming replica: a throwaway primary (initdb) and a
// replica made from it by pg_basebackup -R. With the replica's replay paused, an event written
// on the primary is invisible to searches, facets, statistics, exports and the dashboard (they
// read the replica) and visible to the event page and the issue's events (they read the
// primary). Then the replica is stopped: reads fail over to the primary within seconds.

const DATABASE = "vigil_rep_routing";
const FROM = "2026-11-20T00:00:00Z";
const TO = "2026-11-21T00:00:00Z";
const NOW = new Date("2026-11-20T12:00:00Z");

let pair: ReplicatedPair | null = null;
let ctx: CallerContext;
let agentToken: string;
const saved = { primary: process.env.DATABASE_URL, replica: process.env.DATABASE_REPLICA_URL };

beforeAll(async () => {
  pair = await startReplicatedPair();
  const admin = await pair.primary.connect();
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  await migrate(pair.primary.url(DATABASE));
  await closeDb();
  resetReplicaState();
  process.env.DATABASE_URL = pair.primary.url(DATABASE);
  process.env.DATABASE_REPLICA_URL = pair.replica.url(DATABASE);
  const tenant = await makeTenantWithCredentials("replica");
  ctx = callerIn(tenant.tenant.id, "admin");
  agentToken = tenant.agentToken;
}, 120_000);

afterAll(async () => {
  await closeDb();
  process.env.DATABASE_URL = saved.primary;
  if (saved.replica === undefined) delete process.env.DATABASE_REPLICA_URL;
  else process.env.DATABASE_REPLICA_URL = saved.replica;
  await pair?.destroy();
});

async function ingest(id: string, name: string, host: string): Promise<void> {
  const body = JSON.stringify([garnetEvent(id, { data: { head: { name, description: name, importance: "high" }, process: { exe: `/usr/bin/${name}`, pid: 7, ppid: 1, uid: 0 } }, agent: { id: `agent-${host}`, hostname: host, os: "linux", arch: "amd64", version: "2.1.0" } })]);
  const res = await ingestRoute(ingestRequest("garnet", body, { token: agentToken }), routeParams({ format: "garnet" }));
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ created: 1 });
}

async function eventIdOf(externalId: string): Promise<string> {
  const res = await pool().query<{ id: string }>("SELECT id::text FROM events WHERE tenant_id = $1 AND event_key = $2", [ctx.tenantId, `garnet:id:${externalId}`]);
  expect(res.rows).toHaveLength(1);
  return res.rows[0].id;
}

async function exported(): Promise<string[]> {
  const out = await exportEvents({ ctx, input: { format: "ndjson", from: FROM, to: TO } });
  const text = await new Response(out.body).text();
  return text.trim().split("\n").filter(Boolean);
}

/** What every replica-routed read reports: events, facet values, stats, export, dashboard, issue stats. */
async function replicaReads() {
  const search = await searchEvents({ ctx, input: { from: FROM, to: TO, facets: ["hostname"] } });
  const values = (await facetValues({ ctx, input: { field: "hostname", from: FROM, to: TO } })).values;
  const stats = await eventStats({ ctx, input: { from: FROM, to: TO, groupBy: [{ field: "hostname" }] }, now: NOW });
  const issues = await issueStats({ ctx, input: { from: FROM, to: TO }, now: NOW });
  const agents = await loadAgentFigures({ ctx, windows: resolveWindows({ kind: "absolute", from: FROM, to: TO }, NOW) });
  return {
    total: search.total,
    hosts: search.facets.hostname?.map((f) => f.value).sort(),
    values: values.map((v) => v.value).sort(),
    statsCount: stats.count,
    issueCount: issues.count,
    agents: agents.known,
    exported: (await exported()).length,
  };
}

describe("read replica routing", () => {
  it("reads searches from the replica and the event page from the primary", async () => {
    const read = await connectRead();
    read.client.release();
    expect(read.onReplica).toBe(true);

    await ingest("rep-a", "first_seen_tool", "host-a");
    await pair!.caughtUp();
    const before = await replicaReads();
    expect(before).toMatchObject({ total: 1, hosts: ["host-a"], values: ["host-a"], statsCount: 1, issueCount: 1, agents: 1, exported: 1 });

    // Pause the replica's replay: from here the primary has writes the replica lacks.
    const replica = await pair!.replica.connect(DATABASE);
    try {
      await replica.query("SELECT pg_wal_replay_pause()");
      await ingest("rep-b", "second_tool", "host-b");
      await waitFor("replay to pause", async () => (await replica.query<{ s: string }>("SELECT pg_get_wal_replay_pause_state() AS s")).rows[0].s === "paused");
      const onReplica = (await replica.query<{ n: number }>("SELECT count(*)::int AS n FROM events")).rows[0].n;
      expect(onReplica).toBe(1);

      // Searches, facets, statistics, exports and the dashboard read the replica: no rep-b.
      expect(await replicaReads()).toEqual(before);

      // The event page reads the primary: the new event is there at once.
      const b = await eventIdOf("rep-b");
      expect((await getEvent({ ctx, input: { id: b } })).id).toBe(b);
      // So do the issue's events, though they go through the search engine.
      const issue = await pool().query<{ id: string }>("SELECT issue_id::text AS id FROM issue_events WHERE event_id = $1", [b]);
      const events = await listIssueEvents({ ctx, input: { id: issue.rows[0].id, q: "hostname:host-b" } });
      expect(events.data.map((e) => e.id)).toEqual([b]);
      // And any read inside withPrimaryReads.
      expect((await withPrimaryReads(() => searchEvents({ ctx, input: { from: FROM, to: TO } }))).total).toBe(2);

      await replica.query("SELECT pg_wal_replay_resume()");
    } finally {
      await replica.end();
    }
    await pair!.caughtUp();
    expect(await replicaReads()).toMatchObject({ total: 2, hosts: ["host-a", "host-b"], values: ["host-a", "host-b"], statsCount: 2, issueCount: 2, agents: 2, exported: 2 });
  });

  it("fails over to the primary when the replica goes away", async () => {
    // How long a connect to a dead replica may take is the pool's bound, not something to time here.
    expect((replicaPool() as unknown as { options: { connectionTimeoutMillis: number } }).options.connectionTimeoutMillis).toBe(env().VIGIL_REPLICA_CONNECT_TIMEOUT_MS);
    await pair!.replica.stop();
    const search = await searchEvents({ ctx, input: { from: FROM, to: TO, facets: ["hostname"] } });
    expect(search.total).toBe(2);
    // Marked down: the next reads go straight to the primary.
    const read = await connectRead();
    read.client.release();
    expect(read.onReplica).toBe(false);
    expect((await eventStats({ ctx, input: { from: FROM, to: TO }, now: NOW })).count).toBe(2);
  });
});
