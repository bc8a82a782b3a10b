import { describe, expect, it } from "vitest";
import type { ProcessNodeRow } from "@/lib/ingest/process-nodes";
import { ancestryStartOf, completeAncestry, MAX_ANCESTRY_DEPTH, mentionsAncestors, withAncestry, type AncestrySubject } from "./process-ancestry";
import { toRuleEvent } from "./map-event";

// Where an event's chain is continued from the process nodes, and the walk over a batch's own
// nodes (the stored ones are walked in SQL: process-ancestry.integration.test.ts).

const AT = "2026-12-01T10:00:00.000Z";

function subject(over: Partial<AncestrySubject> = {}): AncestrySubject {
  return {
    kind: "infos", type: "process_exec", sourceFormat: "falco", processExe: "/bin/sh", processArgs: "sh -c id",
    process: { exe: "/bin/sh", pid: 200, ppid: 100 }, ancestry: null, protocol: null, remoteAddress: null, remotePort: null,
    flow: null, domain: null, file: null, flags: [], processPid: 200, processPpid: 100, occurredAt: AT, agentKey: "host:web-1", ...over,
  };
}

function node(pid: number, ppid: number | null, exe: string | null, over: Partial<ProcessNodeRow> = {}): ProcessNodeRow {
  return { agentKey: "host:web-1", pid, startKey: 0, ppid, exe, comm: null, args: exe ? `${exe.split("/").pop()} -x` : null, uid: null, startedAt: null, seenAt: AT, ...over };
}

/** A database that must not be asked (the batch answers everything), or that records what it is asked. */
function recordingDb(rows: object[] = []) {
  const calls: { sql: string; requests: unknown[] }[] = [];
  return {
    calls,
    db: {
      query: async (sql: string, values: unknown[]) => {
        calls.push({ sql, requests: JSON.parse(values[1] as string) });
        return { rows };
      },
    } as never,
  };
}

describe("ancestryStartOf", () => {
  it("starts at the ppid of an event that sent no chain", () => {
    expect(ancestryStartOf(subject())).toEqual({ keep: 0, pid: 200, ppid: 100, budget: MAX_ANCESTRY_DEPTH });
  });

  it("replaces a parent that names only its pid (Falco's proc.ppid alone) by the walk from it", () => {
    expect(ancestryStartOf(subject({ ancestry: [{ pid: 100 }] }))).toEqual({ keep: 0, pid: 200, ppid: 100, budget: MAX_ANCESTRY_DEPTH });
  });

  it("continues a chain above its topmost process: by its ppid, else by its pid's node", () => {
    const chain = [{ exe: "/bin/bash", pid: 100, ppid: 50 }, { exe: "/usr/sbin/sshd", pid: 50, ppid: 7 }];
    expect(ancestryStartOf(subject({ ancestry: chain }))).toEqual({ keep: 2, pid: 50, ppid: 7, budget: MAX_ANCESTRY_DEPTH - 2 });
    // KubeArmor: the parent named in `process.parent`, with its pid and no ppid.
    const kubearmor = subject({ process: { exe: "/bin/sh", pid: 200, parent: { args: "/usr/sbin/nginx", pid: 100 } } });
    expect(ancestryStartOf(kubearmor)).toEqual({ keep: 1, pid: 100, ppid: null, budget: MAX_ANCESTRY_DEPTH - 1 });
  });

  it("does not walk above the top of the tree, without a pid, or past the depth bound", () => {
    expect(ancestryStartOf(subject({ ancestry: [{ exe: "/sbin/init", pid: 1, ppid: 0 }] }))).toBeNull();
    expect(ancestryStartOf(subject({ ancestry: [{ exe: "/sbin/init", pid: 1 }] }))).toBeNull();
    expect(ancestryStartOf(subject({ process: { exe: "/bin/sh" }, processPid: null, processPpid: null }))).toBeNull();
    const deep = Array.from({ length: MAX_ANCESTRY_DEPTH }, (_, i) => ({ exe: `/bin/p${i}`, pid: 300 + i, ppid: 301 + i }));
    expect(ancestryStartOf(subject({ ancestry: deep }))).toBeNull();
  });
});

describe("withAncestry and the mapping", () => {
  it("the rule sees the kept chain then the nodes' processes, nearest-first, with descendants", () => {
    const e = withAncestry(subject({ ancestry: [{ pid: 100 }] }), 0, [{ exe: "/usr/sbin/nginx", args: "nginx -g daemon", pid: 100, ppid: 1 }, { exe: "/sbin/init", pid: 1 }]);
    expect(toRuleEvent(e)?.process.ancestors).toEqual([
      { exec_path: "/usr/sbin/nginx", argv: ["nginx", "-g", "daemon"], descendants: [] },
      { exec_path: "/sbin/init", argv: [], descendants: [{ exec_path: "/usr/sbin/nginx", argv: ["nginx", "-g", "daemon"] }] },
    ]);
  });

  it("leaves the event as it is when the nodes add nothing", () => {
    const e = subject({ ancestry: [{ pid: 100 }] });
    expect(withAncestry(e, 0, [])).toBe(e);
  });
});

describe("completeAncestry over a batch's own nodes", () => {
  it("walks a parent and grandparent named in the same batch without asking the database", async () => {
    const { db, calls } = recordingDb();
    const nodes = [node(200, 100, "/bin/sh"), node(100, 1, "/usr/sbin/nginx"), node(1, 0, "/sbin/init")];
    const [e] = await completeAncestry(db, "t", [subject()], nodes);
    expect((e.ancestry as { exe: string }[]).map((a) => a.exe)).toEqual(["/usr/sbin/nginx", "/sbin/init"]);
    expect(calls).toHaveLength(0);
  });

  it("hands the walk to the stored nodes where the batch's end, in one query for all events", async () => {
    const { db, calls } = recordingDb([{ ref: 0, pid: 50, ppid: 1, exe: "/usr/sbin/sshd", comm: null, args: null }]);
    // 100 is in the batch without its exe (a child named it): the stored nodes may know more.
    const nodes = [node(100, 50, "/bin/bash"), node(300, 20, null)];
    const events = [subject(), subject({ processPid: 400, processPpid: 300, process: { pid: 400, ppid: 300 } }), subject({ agentKey: null, agentId: null })];
    const out = await completeAncestry(db, "t", events, nodes);
    expect(calls).toHaveLength(1);
    expect(calls[0].requests).toEqual([
      { ref: 0, agent_id: null, agent_key: "host:web-1", pid: 100, ppid: 50, at: AT, budget: MAX_ANCESTRY_DEPTH - 1 },
      { ref: 1, agent_id: null, agent_key: "host:web-1", pid: 400, ppid: 300, at: AT, budget: MAX_ANCESTRY_DEPTH },
    ]);
    expect((out[0].ancestry as { exe: string }[]).map((a) => a.exe)).toEqual(["/bin/bash", "/usr/sbin/sshd"]);
    expect(out[1]).toBe(events[1]);
    expect(out[2]).toBe(events[2]);
  });

  it("picks, among nodes of a reused pid, the one started last before the event", async () => {
    const { db } = recordingDb();
    const before = Date.parse(AT) - 60_000;
    const nodes = [
      node(100, 0, "/usr/sbin/nginx", { startKey: before }),
      node(100, 0, "/usr/bin/later", { startKey: Date.parse(AT) + 60_000 }),
      node(100, 0, "/usr/bin/older", { startKey: before - 60_000 }),
    ];
    const [e] = await completeAncestry(db, "t", [subject()], nodes);
    expect((e.ancestry as { exe: string }[]).map((a) => a.exe)).toEqual(["/usr/sbin/nginx"]);
  });
});

it("mentionsAncestors: the cheap test on a condition", () => {
  expect(mentionsAncestors('process.ancestors.exists(a, a.exec_path.endsWith("/nginx"))')).toBe(true);
  expect(mentionsAncestors('process.exec_path.endsWith("/sh")')).toBe(false);
});
