import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wideTreeInput } from "../../test-support/wide-tree";
import { ADAPTERS } from "../ingest/adapters";
import { toEventRow } from "../ingest/event-row";
import type { NormalizedEvent, SourceFormat } from "../ingest/types";
import { adaptOne, CORPUS_DIR } from "../../test-support/corpus";
import {
  ancestorsOf,
  buildProcessTree,
  EMPTY_PROCESS,
  processRecordOf,
  type ProcessRecord,
  type ProcessTree,
  type ProcessTreeInput,
  type ProcessTreeNode,
  type WindowEvent,
} from "./build-process-tree";

const WINDOW = { from: "2026-11-20T09:00:00.000Z", to: "2026-11-20T11:00:00.000Z" };
const AT = "2026-11-20T10:00:00.000Z";

function corpusItem(rel: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(CORPUS_DIR, rel), "utf8"));
}

/** The input the server builds from an event as ingest stored it (process and ancestry JSON). */
function inputFrom(format: SourceFormat, e: NormalizedEvent, extra: Partial<ProcessTreeInput> = {}): ProcessTreeInput {
  const row = toEventRow(format, e, { eventKey: "k", contentHash: "h", agentKey: "a" });
  const self = processRecordOf(row.process);
  return {
    event: { id: "1", occurredAt: e.occurredAt, type: e.type, severity: e.severity, title: e.title ?? null, process: self, ancestors: ancestorsOf(row.process, row.ancestry) },
    lineage: [],
    processes: [],
    events: [],
    window: WINDOW,
    ...extra,
  };
}

function proc(pid: number, ppid: number | null, exe: string, more: Partial<ProcessRecord> = {}): ProcessRecord {
  return { ...EMPTY_PROCESS, pid, ppid, exe, comm: exe.split("/").pop()!, ...more };
}

function spine(tree: ProcessTree): ProcessTreeNode[] {
  const out: ProcessTreeNode[] = [];
  let node = tree.root;
  for (const key of tree.path) {
    if (!node || node.key !== key) throw new Error(`path broken at ${key}`);
    out.push(node);
    const next = tree.path[out.length];
    node = node.children.find((c) => c.key === next) ?? null;
  }
  return out;
}

function findNode(tree: ProcessTree, pred: (n: ProcessTreeNode) => boolean): ProcessTreeNode | undefined {
  const stack = tree.root ? [tree.root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (pred(n)) return n;
    stack.push(...n.children);
  }
  return undefined;
}

function windowEvent(id: string, p: ProcessRecord, occurredAt = AT): WindowEvent {
  return { id, occurredAt, type: "process_exec", severity: "low", title: null, process: p };
}

describe("buildProcessTree on the corpus", () => {
  it("draws the Datadog exec-25 fixture's six ancestors from systemd down to uwsgi", () => {
    const e = adaptOne(ADAPTERS.datadog, corpusItem("datadog-csm/exec-25_input_event.json"));
    const tree = buildProcessTree(inputFrom("datadog", e));
    expect(tree.depth).toBe(7);
    expect(spine(tree).map((n) => [n.pid, n.exe])).toEqual([
      [1, "/bin/systemd"], [11, "/dash"], [12, "/bash"], [13, "/ddtrace"], [14, "/tools"], [15, "/utils"], [16, "/uwsgi"],
    ]);
    expect(spine(tree).map((n) => n.relation)).toEqual(["ancestor", "ancestor", "ancestor", "ancestor", "ancestor", "ancestor", "self"]);
    expect(tree.selfKey).toBe(tree.path[6]);
    expect(findNode(tree, (n) => n.key === tree.selfKey)?.events.map((b) => b.id)).toEqual(["1"]);
  });

  it("keeps the Garnet profile's ten levels even where ancestors share a name and have no pid", () => {
    const out = ADAPTERS.garnet(corpusItem("garnet/profiles/record-workload-egress.json"));
    if (!out.ok) throw new Error(out.error);
    const curl = out.events.find((e) => e.process?.comm === "curl" && e.domain === "httpbin.org")!;
    const tree = buildProcessTree(inputFrom("garnet", curl));
    expect(tree.depth).toBe(10);
    expect(spine(tree).map((n) => n.comm)).toEqual([
      "systemd", "hosted-compute-agent", "Runner.Listener", "Runner.Worker", "bash", "node", "dash", "node", "dash", "curl",
    ]);
    expect(new Set(tree.path).size).toBe(10);
    expect(spine(tree)[9]).toMatchObject({ exe: "/usr/bin/curl", args: "curl -s https://httpbin.org/json", pid: 2397 });
  });

  it("draws the Jibril detection's ancestry with pids down to curl", () => {
    const dir = "garnet/events";
    const file = fs.readdirSync(path.join(CORPUS_DIR, dir)).find((f) => f.endsWith(".json"))!;
    const e = adaptOne(ADAPTERS.garnet, corpusItem(`${dir}/${file}`));
    const tree = buildProcessTree(inputFrom("garnet", e));
    expect(spine(tree).map((n) => n.pid)).toEqual([1, 684, 3043552, 3043555, 3043556, 3044971]);
    expect(spine(tree)[0].exe).toBe("/usr/lib/systemd/systemd");
  });

  it("draws seed 000's Kubernetes detection: containerd-shim → sh → xmrig", () => {
    const seed = {
      id: "0f8e0c55-5d59-4d1c-9a43-7d0e1d1c2b11",
      agent: { id: "agt_123", hostname: "worker-1", kind: "kubernetes", kubernetes_context: { cluster: "prod-eu", namespace: "payments", node: "ip-10-0-1-7" } },
      kind: "detections",
      data: {
        timestamp: "2025-06-01T10:00:00Z",
        metadata: { kind: "detections", name: "crypto_miner_execution", importance: "high" },
        process: { pid: 900, ppid: 800, comm: "xmrig", exe: "/tmp/xmrig", args: "/tmp/xmrig -o pool:3333", start: "2025-06-01T09:59:59Z" },
        background: {
          ancestry: [
            { pid: 1, ppid: 0, comm: "containerd-shim", exe: "/usr/bin/containerd-shim" },
            { pid: 800, ppid: 1, comm: "sh", exe: "/bin/sh", args: "sh -c ./run.sh" },
            { pid: 900, ppid: 800, comm: "xmrig", exe: "/tmp/xmrig" },
          ],
        },
      },
    };
    const tree = buildProcessTree(inputFrom("garnet", adaptOne(ADAPTERS.garnet, seed)));
    expect(spine(tree).map((n) => n.exe)).toEqual(["/usr/bin/containerd-shim", "/bin/sh", "/tmp/xmrig"]);
    expect(spine(tree)[2].start).toBe("2025-06-01T09:59:59.000Z");
  });
});

describe("buildProcessTree from process nodes and window events", () => {
  const self = proc(400, 300, "/usr/bin/curl", { start: "2026-11-20T09:59:00.000Z" });
  const base = (extra: Partial<ProcessTreeInput>): ProcessTreeInput => ({
    event: { id: "e1", occurredAt: AT, type: "network_connect", severity: "high", title: "curl", process: self, ancestors: [] },
    lineage: [],
    processes: [],
    events: [],
    window: WINDOW,
    ...extra,
  });

  it("walks process nodes by ppid when the event carries only a ppid", () => {
    const lineage = [self, proc(300, 200, "/bin/sh"), proc(200, 1, "/usr/sbin/sshd"), proc(1, 0, "/sbin/init")];
    const tree = buildProcessTree(base({ lineage }));
    expect(spine(tree).map((n) => n.pid)).toEqual([1, 200, 300, 400]);
  });

  it("stops a walk that loops", () => {
    const lineage = [self, proc(300, 200, "/bin/sh"), proc(200, 300, "/bin/bash")];
    const tree = buildProcessTree(base({ lineage }));
    expect(spine(tree).map((n) => n.pid)).toEqual([200, 300, 400]);
  });

  it("extends an event's own ancestry above its topmost ancestor", () => {
    const tree = buildProcessTree(
      base({
        event: { id: "e1", occurredAt: AT, type: "t", severity: "low", title: null, process: self, ancestors: [proc(300, 200, "/bin/sh")] },
        lineage: [proc(400, 300, "/usr/bin/curl"), proc(300, 200, "/bin/sh", { uid: 0 }), proc(200, 1, "/usr/sbin/sshd"), proc(1, 0, "/sbin/init")],
      }),
    );
    expect(spine(tree).map((n) => n.pid)).toEqual([1, 200, 300, 400]);
    expect(spine(tree)[2].uid).toBe(0);
  });

  it("places children, siblings and relatives and attaches events as badges", () => {
    const lineage = [self, proc(300, 200, "/bin/sh"), proc(200, 1, "/usr/sbin/sshd")];
    const processes = [
      proc(401, 400, "/usr/bin/tee"), // child of the event's process
      proc(402, 401, "/bin/cat"), // grandchild
      proc(301, 300, "/usr/bin/ls"), // sibling
      proc(201, 200, "/usr/bin/top"), // relative (child of the grandparent)
      proc(999, 998, "/orphan"), // not connected: dropped
    ];
    const events = [
      windowEvent("e1", self),
      windowEvent("e2", proc(401, 400, "/usr/bin/tee")),
      windowEvent("e3", proc(500, 402, "/usr/bin/nc")), // unknown process under a known one: added
      windowEvent("e4", proc(777, 776, "/nowhere")), // unrelated: ignored
    ];
    const tree = buildProcessTree(base({ lineage, processes, events }));
    const rel = (pid: number) => findNode(tree, (n) => n.pid === pid)?.relation;
    expect([rel(401), rel(402), rel(500), rel(301), rel(201)]).toEqual(["descendant", "descendant", "descendant", "sibling", "relative"]);
    expect(findNode(tree, (n) => n.pid === 999)).toBeUndefined();
    expect(findNode(tree, (n) => n.pid === 777)).toBeUndefined();
    expect(findNode(tree, (n) => n.pid === 401)?.events.map((e) => e.id)).toEqual(["e2"]);
    expect(findNode(tree, (n) => n.pid === 500)?.events.map((e) => e.id)).toEqual(["e3"]);
    expect(findNode(tree, (n) => n.pid === 400)?.events.map((e) => e.id)).toEqual(["e1"]);
    expect(tree.nodeCount).toBe(8);
  });

  it("tells reused pids apart by start time", () => {
    const parentOld = proc(300, 1, "/old", { start: "2026-11-20T08:00:00.000Z" });
    const parentNew = proc(300, 1, "/bin/sh", { start: "2026-11-20T09:58:00.000Z" });
    const tree = buildProcessTree(
      base({
        event: { id: "e1", occurredAt: AT, type: "t", severity: "low", title: null, process: self, ancestors: [parentNew] },
        lineage: [proc(1, 0, "/sbin/init")],
        processes: [parentOld, proc(310, 300, "/child-of-new", { start: "2026-11-20T09:59:30.000Z" })],
        events: [windowEvent("old", parentOld)],
      }),
    );
    const olds = findNode(tree, (n) => n.exe === "/old")!;
    expect(olds.relation).toBe("relative");
    expect(olds.events.map((e) => e.id)).toEqual(["old"]);
    expect(findNode(tree, (n) => n.exe === "/bin/sh")!.children.map((c) => c.exe).sort()).toEqual(["/child-of-new", "/usr/bin/curl"]);
  });

  it("caps badges per node but counts them all and keeps the event itself", () => {
    const events = Array.from({ length: 30 }, (_, i) => windowEvent(`x${i}`, self, new Date(Date.parse(AT) - (30 - i) * 1000).toISOString()));
    events.push(windowEvent("e1", self));
    const tree = buildProcessTree(base({ events, limits: { maxBadges: 5 } }));
    const node = findNode(tree, (n) => n.key === tree.selfKey)!;
    expect(node.eventCount).toBe(31);
    expect(node.events).toHaveLength(5);
    expect(node.events.map((e) => e.id)).toContain("e1");
    expect(tree.truncated).toBe(true);
  });

  it("answers an empty tree for an event without any process", () => {
    const tree = buildProcessTree(base({ event: { id: "e1", occurredAt: AT, type: "t", severity: "low", title: null, process: null, ancestors: [] } }));
    expect(tree).toMatchObject({ root: null, selfKey: null, depth: 0, nodeCount: 0 });
  });
});

describe("buildProcessTree on generated shapes", () => {
  it("keeps a 25-level chain", () => {
    const chain = Array.from({ length: 25 }, (_, i) => proc(1000 + i, i === 24 ? 1 : 1000 + i + 1, `/bin/level-${i}`));
    const tree = buildProcessTree({
      event: { id: "e", occurredAt: AT, type: "t", severity: "low", title: null, process: chain[0], ancestors: chain.slice(1) },
      lineage: [], processes: [], events: [], window: WINDOW,
    });
    expect(tree.depth).toBe(25);
    expect(spine(tree)[0].exe).toBe("/bin/level-24");
    expect(spine(tree)[24].relation).toBe("self");
  });

  it("holds 500 siblings and bounds the node count", () => {
    const parent = proc(2, 1, "/usr/bin/make");
    const siblings = Array.from({ length: 500 }, (_, i) => proc(10_000 + i, 2, `/usr/bin/cc-${i}`));
    const input: ProcessTreeInput = {
      event: { id: "e", occurredAt: AT, type: "t", severity: "low", title: null, process: siblings[250], ancestors: [parent] },
      lineage: [], processes: siblings, events: [], window: WINDOW,
    };
    const tree = buildProcessTree(input);
    expect(tree.root!.children).toHaveLength(500);
    expect(tree.root!.children.filter((c) => c.relation === "sibling")).toHaveLength(499);
    const bounded = buildProcessTree({ ...input, limits: { maxNodes: 100 } });
    expect(bounded.nodeCount).toBe(100);
    expect(bounded.truncated).toBe(true);
  });

  it("builds a 1,000-node tree (its time is measured by npm run bench -- process-tree)", () => {
    expect(buildProcessTree(wideTreeInput()).nodeCount).toBe(1001);
  });
});
