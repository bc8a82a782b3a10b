import { EMPTY_PROCESS, type ProcessRecord, type ProcessTreeInput } from "../lib/events/build-process-tree";

// A 1,000-process tree (a root task with ten children each, breadth first): the size the
// process-tree view must stay fast at. Tests check what is built; the benchmark times it.

const WINDOW = { from: "2026-11-20T09:00:00.000Z", to: "2026-11-20T11:00:00.000Z" };

const proc = (pid: number, ppid: number, exe: string): ProcessRecord => ({ ...EMPTY_PROCESS, pid, ppid, exe, comm: exe.split("/").pop()! });

export function wideTreeInput(): ProcessTreeInput {
  const processes: ProcessRecord[] = [];
  for (let i = 0; i < 1000; i++) processes.push(proc(5000 + i, i < 10 ? 400 : 5000 + Math.floor(i / 10) - 1, `/bin/p${i}`));
  return {
    event: { id: "e", occurredAt: "2026-11-20T10:00:00.000Z", type: "t", severity: "low", title: null, process: proc(400, 1, "/bin/root-task"), ancestors: [] },
    lineage: [], processes, events: [], window: WINDOW,
  };
}
