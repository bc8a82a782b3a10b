import { describe, expect, it } from "vitest";
import { at } from "../../test-support/json-path";
import { answer } from "./domains";
import { AGENTS, generateRawEvents, type Format, type RawEvent } from "./index";

type Rec = Record<string, unknown>;

const NOW = new Date("2026-11-20T12:00:00Z");
const DAY = 86_400_000;

function generate(count: number, seed = 1, days = 14): RawEvent[] {
  return [...generateRawEvents({ count, days, seed, now: NOW })];
}

/** The occurrence time each format carries. */
function timeOf(e: RawEvent): string {
  const key: Record<Format, string> = {
    garnet: "created_at", datadog: "date", kubearmor: "UpdatedTime", runtime: "timestamp", tetragon: "time", falco: "time",
  };
  return e.item[key[e.format]] as string;
}

function idOf(e: RawEvent): string | undefined {
  if (e.format === "garnet" || e.format === "runtime") return e.item.id as string;
  if (e.format === "falco") return e.item.uuid as string;
  return undefined;
}

const sample = generate(20_000);
const garnet = sample.filter((e) => e.format === "garnet").map((e) => e.item);

describe("generateRawEvents", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = JSON.stringify(generate(3000, 99));
    expect(JSON.stringify(generate(3000, 99))).toBe(a);
    expect(JSON.stringify(generate(3000, 100))).not.toBe(a);
  });

  it("respects count", () => {
    expect(generate(0)).toHaveLength(0);
    expect(generate(1)).toHaveLength(1);
    expect(generate(1234)).toHaveLength(1234);
  });

  it("mixes all six formats", () => {
    const formats = new Set(generate(5000).map((e) => e.format));
    expect([...formats].sort()).toEqual(["datadog", "falco", "garnet", "kubearmor", "runtime", "tetragon"]);
  });

  it("spreads times over the requested window, mostly in working hours", () => {
    const times = sample.map((e) => Date.parse(timeOf(e)));
    expect(times.every((t) => t >= NOW.getTime() - 14 * DAY && t <= NOW.getTime())).toBe(true);
    const days = new Set(times.map((t) => Math.floor(t / DAY)));
    expect(days.size).toBeGreaterThanOrEqual(14);
    const working = times.filter((t) => new Date(t).getUTCHours() >= 8 && new Date(t).getUTCHours() < 18).length;
    expect(working / times.length).toBeGreaterThan(0.55);
    const short = generate(500, 3, 0.5).map((e) => Date.parse(timeOf(e)));
    expect(short.every((t) => t >= NOW.getTime() - DAY / 2 && t <= NOW.getTime())).toBe(true);
  });

  it("gives every event with an id field a unique id, replayed identically", () => {
    const ids = sample.map(idOf).filter((id): id is string => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(generate(2000).map(idOf)).toEqual(sample.slice(0, 2000).map(idOf));
  });

  it("writes DNS chains in Garnet order: [IP, CNAME_N, …, CNAME_1, original_domain]", () => {
    expect(answer("pool.minexmr.com", 0).names).toEqual(["203.0.113.44", "lb-3.minexmr-pool.net", "pool-eu.minexmr.com", "pool.minexmr.com"]);
    const remotes = garnet.map((g) => at(g, "data", "flow", "remote") as Rec | undefined).filter((r): r is Rec => r !== undefined);
    const chained = remotes.filter((r) => (r.names as string[]).length > 2);
    expect(chained.length).toBeGreaterThan(0);
    for (const r of chained) {
      const names = r.names as string[];
      expect(names[0]).toBe(r.address);
      expect(names[names.length - 1]).toBe(r.name);
      expect(answer(r.name as string, 0).names.slice(1)).toEqual(names.slice(1));
    }
    const pool = remotes.find((r) => r.name === "pool.minexmr.com");
    expect(pool?.names).toEqual([pool?.address, "lb-3.minexmr-pool.net", "pool-eu.minexmr.com", "pool.minexmr.com"]);
  });

  it("builds CI process trees at least six deep: Runner.Worker → bash → npm → node → sh → curl", () => {
    const curls = garnet.filter((g) => at(g, "agent", "kind") === "github" && at(g, "data", "process", "comm") === "curl");
    const deep = curls.map((g) => (at(g, "data", "full_info", "ancestry") as Rec[]).map((p) => p.comm));
    const chain = ["Runner.Worker", "bash", "npm", "node", "sh", "curl"];
    const match = deep.find((names) => names.slice(-6).join(">") === chain.join(">"));
    expect(match).toBeDefined();
    expect((match as unknown[]).length - 1).toBeGreaterThanOrEqual(6);
  });

  it("reuses agents so process trees join up by pid/ppid", () => {
    expect(AGENTS.length).toBeGreaterThanOrEqual(38);
    expect(AGENTS.length).toBeLessThanOrEqual(42);
    const agents = new Set(sample.map((e) => at(e.item, "agent", "id") ?? at(e.item, "HostName") ?? at(e.item, "node_name") ?? at(e.item, "hostname")));
    expect(agents.size).toBeLessThanOrEqual(AGENTS.length);
    const exeByPid = new Map<string, string>();
    for (const g of garnet) {
      const chain = at(g, "data", "full_info", "ancestry") as Rec[];
      chain.forEach((p, i) => {
        if (i > 0) expect(p.ppid).toBe(chain[i - 1].pid);
        const key = `${at(g, "agent", "id") as string}/${p.pid as number}`;
        const seen = exeByPid.get(key);
        if (seen) expect(p.args).toBe(seen);
        else exeByPid.set(key, p.args as string);
      });
    }
  });

  it("keeps detections a minority and includes blocked and audited actions", () => {
    const kinds = garnet.map((g) => g.kind);
    expect(kinds.filter((k) => k === "detections").length / kinds.length).toBeLessThan(0.3);
    expect(kinds).toContain("netpolicy");
    const items = sample.map((e) => e.item);
    expect(items.some((i) => i.Action === "Block")).toBe(true);
    expect(items.some((i) => i.Action === "Audit")).toBe(true);
    expect(items.some((i) => at(i, "process_kprobe", "action") === "KPROBE_ACTION_SIGKILL")).toBe(true);
  });

  it("generates 100k events in memory quickly", () => {
    let n = 0;
    for (const e of generateRawEvents({ count: 100_000, days: 30, seed: 5, now: NOW })) if (e.item) n++;
    expect(n).toBe(100_000);
  });

  it("rejects bad options", () => {
    expect(() => generate(-1)).toThrow(RangeError);
    expect(() => generate(10, 1, 0)).toThrow(RangeError);
  });

  describe("in time order", () => {
    const ordered = [...generateRawEvents({ count: 20_000, days: 14, seed: 1, now: NOW, inTimeOrder: true })];
    const ms = ordered.map((e) => Date.parse(timeOf(e)));

    it("emits exactly count events, never going back in time", () => {
      expect(ordered).toHaveLength(20_000);
      expect(ms.every((t, i) => i === 0 || t >= ms[i - 1])).toBe(true);
      const again = () => JSON.stringify([...generateRawEvents({ count: 3000, days: 2, seed: 3, now: NOW, inTimeOrder: true })]);
      expect(again() === again()).toBe(true);
    });

    it("spreads them over the window with the same working-hours shape", () => {
      expect(Math.min(...ms)).toBeGreaterThanOrEqual(NOW.getTime() - 14 * DAY);
      expect(Math.max(...ms)).toBeLessThanOrEqual(NOW.getTime());
      const share = (list: number[]) => list.filter((t) => new Date(t).getUTCHours() >= 8 && new Date(t).getUTCHours() < 18).length / list.length;
      const random = sample.map((e) => Date.parse(timeOf(e)));
      expect(Math.abs(share(ms) - share(random))).toBeLessThan(0.05);
      const days = new Set(ms.map((t) => Math.floor(t / DAY)));
      expect(days.size).toBeGreaterThanOrEqual(14);
    });
  });
});
