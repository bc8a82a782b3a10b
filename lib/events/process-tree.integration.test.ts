import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as ingestRoute } from "../../app/api/v1/ingest/[format]/route";
import { GET as treeRoute } from "../../app/api/v1/events/[id]/process-tree/route";
import { pool } from "../db";
import { NotFoundError } from "../errors";
import { withTestDatabase } from "../../test-support/test-db";
import { callerIn, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import type { ProcessTree, ProcessTreeNode } from "./build-process-tree";
import { getProcessTree } from "./process-tree";

withTestDatabase();

type Tenant = Awaited<ReturnType<typeof makeTenantWithCredentials>>;

const T0 = Date.parse("2026-11-20T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

/** A Garnet detection naming one process by pid/ppid only, like agents that send no ancestry. */
function processEvent(id: string, minutes: number, process: Record<string, unknown>, agentId = "agent-1", extra: Record<string, unknown> = {}) {
  return {
    id,
    kind: "detections",
    created_at: at(minutes),
    agent: { id: agentId, hostname: `${agentId}-host` },
    data: { head: { name: "process_seen", importance: "low", description: `${process.exe}` }, process, ...extra },
  };
}

async function ingest(t: Tenant, items: unknown[]) {
  const res = await ingestRoute(ingestRequest("garnet", JSON.stringify(items), { token: t.agentToken }), routeParams({ format: "garnet" }));
  const body = await res.json();
  expect(body.rejected).toEqual([]);
}

async function idOf(t: Tenant, sourceId: string): Promise<string> {
  const res = await pool().query(`SELECT id FROM events WHERE tenant_id = $1 AND event_key = $2`, [t.tenant.id, `garnet:id:${sourceId}`]);
  return String(res.rows[0].id);
}

function spine(tree: ProcessTree): ProcessTreeNode[] {
  const out: ProcessTreeNode[] = [];
  let node = tree.root;
  while (node) {
    out.push(node);
    const next = tree.path[out.length];
    node = node.children.find((c) => c.key === next) ?? null;
  }
  return out;
}

function find(tree: ProcessTree, pid: number): ProcessTreeNode | undefined {
  const stack = tree.root ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.pid === pid) return n;
    stack.push(...n.children);
  }
  return undefined;
}

describe("getProcessTree", () => {
  let acme: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    acme = await makeTenantWithCredentials("tree");
    other = await makeTenantWithCredentials("tree-other");
    await ingest(acme, [
      processEvent("init", -50, { exe: "/sbin/init", pid: 1, ppid: 0 }),
      processEvent("sshd", -40, { exe: "/usr/sbin/sshd", pid: 200, ppid: 1 }),
      processEvent("sh", -30, { exe: "/bin/sh", pid: 300, ppid: 200, cmd: "sh -c ./deploy.sh" }),
      processEvent("curl", 0, { exe: "/usr/bin/curl", pid: 400, ppid: 300, uid: 1000 }),
      processEvent("curl-again", 5, { exe: "/usr/bin/curl", pid: 400, ppid: 300 }),
      processEvent("sibling", 1, { exe: "/usr/bin/ls", pid: 301, ppid: 300 }),
      processEvent("child", 2, { exe: "/usr/bin/tee", pid: 401, ppid: 400 }),
      processEvent("grandchild", 3, { exe: "/bin/cat", pid: 402, ppid: 401 }),
      processEvent("late-child", 180, { exe: "/usr/bin/late", pid: 403, ppid: 400 }),
      processEvent("other-agent", 0, { exe: "/usr/bin/ls", pid: 301, ppid: 300 }, "agent-2"),
    ]);
    // The same agent id and pids in another tenant must not leak in.
    await ingest(other, [processEvent("foreign-child", 1, { exe: "/usr/bin/foreign", pid: 405, ppid: 400 })]);
  });

  it("walks ancestors through process nodes and adds siblings, descendants and event badges from the window", async () => {
    const id = await idOf(acme, "curl");
    const tree = await getProcessTree({ ctx: callerIn(acme.tenant.id), input: { id } });
    expect(spine(tree).map((n) => [n.pid, n.exe, n.relation])).toEqual([
      [1, "/sbin/init", "ancestor"],
      [200, "/usr/sbin/sshd", "ancestor"],
      [300, "/bin/sh", "ancestor"],
      [400, "/usr/bin/curl", "self"],
    ]);
    expect(find(tree, 300)?.args).toBe("sh -c ./deploy.sh");
    expect(find(tree, 301)?.relation).toBe("sibling");
    expect(find(tree, 401)?.relation).toBe("descendant");
    expect(find(tree, 402)?.relation).toBe("descendant");
    expect(find(tree, 403)).toBeUndefined(); // outside the ±60 min window
    expect(find(tree, 405)).toBeUndefined(); // another tenant
    const self = find(tree, 400)!;
    expect(self.events.map((e) => e.id)).toEqual([id, await idOf(acme, "curl-again")]);
    expect(self.uid).toBe(1000);
    expect(find(tree, 401)?.events.map((e) => e.id)).toEqual([await idOf(acme, "child")]);
    expect(find(tree, 301)?.events).toHaveLength(1);
    expect(tree.window).toEqual({ from: at(-60), to: at(60) });
  });

  it("widens the window on request", async () => {
    const tree = await getProcessTree({ ctx: callerIn(acme.tenant.id), input: { id: await idOf(acme, "curl"), window: 240 } });
    expect(find(tree, 403)?.relation).toBe("descendant");
  });

  it("draws an event's own deep ancestry (22 levels) without process nodes above it", async () => {
    const ancestry = Array.from({ length: 21 }, (_, i) => ({ pid: 9000 + i, ppid: i === 20 ? 1 : 9000 + i + 1, exe: `/bin/level-${i}`, comm: `level-${i}` }));
    await ingest(acme, [
      processEvent("deep", 0, { exe: "/usr/bin/deep", pid: 8999, ppid: 9000 }, "agent-3", { full_info: { ancestry } }),
    ]);
    const tree = await getProcessTree({ ctx: callerIn(acme.tenant.id), input: { id: await idOf(acme, "deep") } });
    expect(tree.depth).toBe(22);
    expect(spine(tree)[0].exe).toBe("/bin/level-20");
    expect(spine(tree)[21]).toMatchObject({ exe: "/usr/bin/deep", relation: "self" });
  });

  it("answers 404 for unknown, malformed and foreign ids, and through the route", async () => {
    const id = await idOf(acme, "curl");
    await expect(getProcessTree({ ctx: callerIn(other.tenant.id), input: { id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getProcessTree({ ctx: callerIn(acme.tenant.id), input: { id: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    const req = (path: string, token: string) => new NextRequest(`http://vigil.test/api/v1/events/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const ok = await treeRoute(req(`${id}/process-tree`, acme.analystKey), routeParams({ id }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).depth).toBe(4);
    expect((await treeRoute(req(`${id}/process-tree`, other.analystKey), routeParams({ id }))).status).toBe(404);
    expect((await treeRoute(req(`${id}/process-tree?window=0`, acme.analystKey), routeParams({ id }))).status).toBe(400);
    expect((await treeRoute(req(`${id}/process-tree?window=abc`, acme.analystKey), routeParams({ id }))).status).toBe(400);
  });

  it("draws an event whose agent sent pids beyond 32 bits, leaving those pids out", async () => {
    await ingest(acme, [processEvent("huge-pid", 0, { exe: "/bin/huge", pid: 99999999999, ppid: 300 })]);
    const tree = await getProcessTree({ ctx: callerIn(acme.tenant.id), input: { id: await idOf(acme, "huge-pid") } });
    expect(tree.root).not.toBeNull();
  });
});
