import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { GET as detailRoute } from "../../app/api/v1/events/[id]/route";
import { GET as payloadRoute } from "../../app/api/v1/events/[id]/payload/route";
import { GET as dnsRoute } from "../../app/api/v1/events/[id]/dns-chain/route";
import { GET as lineageRoute } from "../../app/api/v1/events/[id]/lineage/route";
import { pool } from "../db";
import { NotFoundError } from "../errors";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { getEvent, getEventPayload, parseEventId } from "./event-detail";
import type { EventDetail } from "./event-detail-types";

withTestDatabase();

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;

async function ingest(t: Tenant, format: string, body: string) {
  const res = await ingestRoute(ingestRequest(format, body, { token: t.agentToken }), routeParams({ format }));
  expect(res.status).toBe(200);
  return res.json();
}

async function eventId(t: Tenant, eventKey: string): Promise<string> {
  const res = await pool().query<{ id: string }>(`SELECT id FROM events WHERE tenant_id = $1 AND event_key = $2`, [t.tenant.id, eventKey]);
  return String(res.rows[0].id);
}

function get(path: string, token?: string) {
  return new NextRequest(`http://vigil.test/api/v1/events/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

// A CNAME chain in Garnet order, a flow and a big number the payload must keep verbatim.
const FLOW_BODY = `{"id":"flow-1","kind":"flows","created_at":"2026-11-20T10:00:00Z","agent":{"id":"agent-1","hostname":"runner-1","kubernetes_context":{"cluster":"prod","namespace":"shop","node":"node-a"}},
  "data":{"metadata":{"name":"flow"},"process":{"exe":"/usr/bin/curl","pid":4242,"ppid":4000,"cmd":"curl -s https://images.unsplash.com/x"},
  "flow":{"proto":"TCP","ip_version":4,"local":{"address":"10.0.0.5","port":51000},"remote":{"address":"146.75.94.208","port":443,
  "names":["146.75.94.208","dualstack.com.imgix.map.fastly.net","unsplash.imgix.net","images.unsplash.com"]},"settings":{"direction":"egress","status":"ended"}}},
  "inode":18446744073709551615}`;

describe("event detail", () => {
  let acme: Tenant;
  let other: Tenant;
  let flowId: string;
  let minerId: string;

  beforeAll(async () => {
    acme = await makeTenantWithCredentials("acme");
    other = await makeTenantWithCredentials("other");
    await ingest(acme, "garnet", FLOW_BODY);
    await ingest(acme, "garnet", JSON.stringify(garnetEvent("miner-1")));
    flowId = await eventId(acme, "garnet:id:flow-1");
    minerId = await eventId(acme, "garnet:id:miner-1");
  });

  it("returns every column with the agent, process JSON and payload size", async () => {
    const e: EventDetail = await getEvent({ ctx: callerIn(acme.tenant.id, "manager"), input: { id: flowId } });
    expect(e).toMatchObject({
      id: flowId, eventKey: "garnet:id:flow-1", kind: "flows", type: "flow", sourceFormat: "garnet",
      cluster: "prod", namespace: "shop", processExe: "/usr/bin/curl", processPid: 4242, processPpid: 4000,
      remoteAddress: "146.75.94.208", remotePort: 443, protocol: "tcp", domain: "images.unsplash.com",
      dnsNames: ["146.75.94.208", "dualstack.com.imgix.map.fastly.net", "unsplash.imgix.net", "images.unsplash.com"],
      payload: { format: "garnet", bytes: Buffer.byteLength(FLOW_BODY) },
    });
    expect(e.agent).toMatchObject({ name: "runner-1", kind: "kubernetes", cluster: "prod", namespace: "shop", node: "node-a", externalKey: "id:agent-1" });
    expect(e.process).toMatchObject({ exe: "/usr/bin/curl", pid: 4242, args: "curl -s https://images.unsplash.com/x" });
    expect(e.flow?.remote).toMatchObject({ address: "146.75.94.208", port: 443 });
    expect(e.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(e.receivedAt).getTime()).toBeGreaterThan(0);

    const miner = await getEvent({ ctx: callerIn(acme.tenant.id, "manager"), input: { id: minerId } });
    expect(miner.process?.parent).toMatchObject({ exe: "/bin/bash", pid: 4000 });
  });

  it("answers 404 for non-numeric, unknown and other tenants' ids", async () => {
    for (const id of ["abc", "0", "-1", "1.5", "99999999999", "9223372036854775808", "1e3"]) {
      await expect(getEvent({ ctx: callerIn(acme.tenant.id, "manager"), input: { id } })).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getEvent({ ctx: callerIn(other.tenant.id, "manager"), input: { id: flowId } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getEventPayload({ ctx: callerIn(other.tenant.id, "manager"), input: { id: flowId } })).rejects.toBeInstanceOf(NotFoundError);
    expect(parseEventId("9223372036854775807")).toBe("9223372036854775807");
  });

  it("serves GET /api/v1/events/{id} to API keys of the tenant only", async () => {
    const ok = await detailRoute(get(flowId, acme.analystKey), routeParams({ id: flowId }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).domain).toBe("images.unsplash.com");

    const foreign = await detailRoute(get(flowId, other.analystKey), routeParams({ id: flowId }));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    const bad = await detailRoute(get("nope", acme.analystKey), routeParams({ id: "nope" }));
    expect(bad.status).toBe(404);
    const agent = await detailRoute(get(flowId, acme.agentToken), routeParams({ id: flowId }));
    expect(agent.status).toBe(403);
    const unknown = await detailRoute(get(flowId, "vgl_key_unknown"), routeParams({ id: flowId }));
    expect(unknown.status).toBe(401);
  });

  it("returns the raw payload byte for byte as JSON", async () => {
    const res = await payloadRoute(get(`${flowId}/payload`, acme.adminKey), routeParams({ id: flowId }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.text()).toBe(FLOW_BODY);
    const foreign = await payloadRoute(get(`${flowId}/payload`, other.adminKey), routeParams({ id: flowId }));
    expect(foreign.status).toBe(404);
  });

  it("draws the DNS chain from the queried domain to the IP, with the flow and verdict", async () => {
    const res = await dnsRoute(get(`${flowId}/dns-chain`, acme.analystKey), routeParams({ id: flowId }));
    expect(res.status).toBe(200);
    const chain = await res.json();
    expect(chain.steps).toEqual([
      { kind: "domain", name: "images.unsplash.com" },
      { kind: "cname", name: "unsplash.imgix.net" },
      { kind: "cname", name: "dualstack.com.imgix.map.fastly.net" },
      { kind: "ip", address: "146.75.94.208" },
    ]);
    expect(chain.flow).toMatchObject({ protocol: "TCP", local: { address: "10.0.0.5", port: 51000 }, remote: { address: "146.75.94.208", port: 443 } });
    expect(chain.verdict).toMatchObject({ decision: "allowed" });
    expect(chain.process).toMatchObject({ pid: 4242, exe: "/usr/bin/curl" });
    const foreign = await dnsRoute(get(`${flowId}/dns-chain`, other.analystKey), routeParams({ id: flowId }));
    expect(foreign.status).toBe(404);
  });

  it("lists the lineage: created, then updated with the changed fields", async () => {
    const changed = garnetEvent("miner-1", {
      data: { head: { name: "crypto_miner_execution", importance: "critical" }, process: { exe: "/tmp/xmrig2", pid: 4242 } },
    });
    await ingest(acme, "garnet", JSON.stringify(changed));
    const res = await lineageRoute(get(`${minerId}/lineage`, acme.analystKey), routeParams({ id: minerId }));
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page.data.map((e: { action: string }) => e.action)).toEqual(["created", "updated"]);
    expect(page.data[0]).toMatchObject({ subjectType: "event", subjectId: minerId, actor: expect.stringMatching(/^agent-token:/) });
    expect(page.data[1].details.changed).toEqual(expect.arrayContaining(["severity", "processExe"]));
    expect(page.nextCursor).toBeNull();

    const first = await (await lineageRoute(get(`${minerId}/lineage?limit=1`, acme.analystKey), routeParams({ id: minerId }))).json();
    expect(first.data).toHaveLength(1);
    const second = await (
      await lineageRoute(get(`${minerId}/lineage?limit=1&cursor=${first.nextCursor}`, acme.analystKey), routeParams({ id: minerId }))
    ).json();
    expect(second.data.map((e: { action: string }) => e.action)).toEqual(["updated"]);

    const foreign = await lineageRoute(get(`${minerId}/lineage`, other.analystKey), routeParams({ id: minerId }));
    expect(foreign.status).toBe(404);
    const badLimit = await lineageRoute(get(`${minerId}/lineage?limit=0`, acme.analystKey), routeParams({ id: minerId }));
    expect(badLimit.status).toBe(400);
    const badCursor = await lineageRoute(get(`${minerId}/lineage?cursor=x`, acme.analystKey), routeParams({ id: minerId }));
    expect(badCursor.status).toBe(400);
  });
});
