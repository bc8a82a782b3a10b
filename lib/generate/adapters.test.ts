import { describe, expect, it } from "vitest";
import { at } from "../../test-support/json-path";
import { ADAPTERS } from "@/lib/ingest/adapters";
import type { NormalizedEvent } from "@/lib/ingest/types";
import { generateRawEvents, type Format, type RawEvent } from "./index";

// Generated items must be accepted by their format's adapter, and the facts the generator put in
// (cluster, ancestry depth, remote address) must come out the other side.


function len(v: unknown): number | undefined {
  return Array.isArray(v) ? v.length : undefined;
}

interface Expected {
  cluster?: unknown;
  ancestors?: number;
  remote?: unknown;
}

/** What each raw item says, read straight from the format's own fields. */
function expected(e: RawEvent): Expected {
  const i = e.item;
  switch (e.format) {
    case "garnet": {
      const chain = len(at(i, "data", "full_info", "ancestry"));
      return {
        cluster: at(i, "agent", "kubernetes_context", "cluster"),
        ancestors: chain === undefined ? undefined : chain - 1,
        remote: at(i, "data", "flow", "remote", "address") ?? at(i, "data", "dropped", "remote", "address"),
      };
    }
    case "datadog":
      return {
        cluster: /kube_cluster_name:([^,]+)/.exec(String(i.ddtags))?.[1],
        ancestors: len(at(i, "process", "ancestors")),
        remote: at(i, "network", "destination", "ip"),
      };
    case "kubearmor":
      return { cluster: i.ClusterName, remote: at(i, "EventData", "Sin_addr") };
    case "runtime":
      return { ancestors: len(at(i, "process", "ancestors")), remote: at(i, "payload", "remote_ip") };
    case "tetragon": {
      const extra = len(at(i, "process_exec", "ancestors")) ?? 0;
      return {
        cluster: i.cluster_name,
        ancestors: at(i, "process_exec", "parent") ? 1 + extra : undefined,
        remote: at(i, "process_kprobe", "args", 0, "sock_arg", "daddr"),
      };
    }
    case "falco":
      return { remote: at(i, "output_fields", "fd.rip") };
  }
}

const items = [...generateRawEvents({ count: 5000, days: 7, seed: 2026, now: new Date("2026-11-20T12:00:00Z") })];

describe("generated items through the ingest adapters", () => {
  it("are all accepted", () => {
    const rejected = items
      .map((e, index) => ({ index, format: e.format, result: ADAPTERS[e.format](e.item) }))
      .filter((r) => !r.result.ok)
      .map((r) => `${r.index} ${r.format}: ${"error" in r.result ? r.result.error : ""}`);
    expect(rejected).toEqual([]);
  });

  it("keep cluster, ancestry depth and remote address", () => {
    const checked: Record<string, number> = {};
    for (const e of items) {
      const result = ADAPTERS[e.format](e.item);
      if (!result.ok) continue;
      const ev: NormalizedEvent = result.events[0];
      const want = expected(e);
      if (want.cluster !== undefined) {
        expect(ev.agent.cluster, `${e.format} cluster`).toBe(want.cluster);
        checked[`${e.format}:cluster`] = (checked[`${e.format}:cluster`] ?? 0) + 1;
      }
      if (want.ancestors !== undefined) {
        expect(ev.ancestors?.length ?? 0, `${e.format} ancestors`).toBe(want.ancestors);
        checked[`${e.format}:ancestors`] = (checked[`${e.format}:ancestors`] ?? 0) + 1;
      }
      if (want.remote !== undefined) {
        expect(ev.flow?.remote?.address, `${e.format} remote`).toBe(want.remote);
        checked[`${e.format}:remote`] = (checked[`${e.format}:remote`] ?? 0) + 1;
      }
    }
    const formats: Format[] = ["garnet", "datadog", "kubearmor", "runtime", "tetragon", "falco"];
    for (const f of formats) expect(checked[`${f}:remote`] ?? 0, `${f} remote checks`).toBeGreaterThan(0);
    for (const f of ["garnet", "datadog", "kubearmor", "tetragon"]) expect(checked[`${f}:cluster`] ?? 0).toBeGreaterThan(0);
    for (const f of ["garnet", "datadog", "runtime", "tetragon"]) expect(checked[`${f}:ancestors`] ?? 0).toBeGreaterThan(0);
  });

  it("carry the DNS chain into the normalized event", () => {
    const flows = items.filter((e) => e.format === "garnet" && ((at(e.item, "data", "flow", "remote", "names") as unknown[] | undefined)?.length ?? 0) > 2);
    expect(flows.length).toBeGreaterThan(0);
    for (const e of flows) {
      const result = ADAPTERS.garnet(e.item);
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(result.events[0].dnsNames).toEqual(at(e.item, "data", "flow", "remote", "names"));
      expect(result.events[0].domain).toBe(at(e.item, "data", "flow", "remote", "name"));
    }
  });
});
