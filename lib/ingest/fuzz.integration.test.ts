import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/ingest/[format]/route";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { SOURCE_FORMATS, type SourceFormat } from "./types";
import { readCorpus } from "../../test-support/corpus";

withTestDatabase();

const CORPUS_DIRS: Record<SourceFormat, string[]> = {
  garnet: ["garnet/events", "garnet/profiles"],
  datadog: ["datadog-csm"],
  kubearmor: ["kubearmor/json", "kubearmor/otel"],
  runtime: [],
  tetragon: ["tetragon/docs", "tetragon/files"],
  falco: ["falco"],
};
const RUNTIME_SEEDS = [
  { event_type: "process_exec", process: { exec_path: "/usr/bin/curl", argv: ["curl", "-fsSL", "https://example.com/install.sh"], ancestors: [{ exec_path: "/bin/bash", argv: ["bash", "-c", "x"] }] }, payload: { is_memfd: false } },
  { event_type: "network_connect", process: { exec_path: "/usr/bin/curl", argv: ["curl"] }, payload: { remote_ip: "104.16.24.34", remote_port: 443, protocol: "tcp", family: "ipv4" } },
  { event_type: "file_open", process: { exec_path: "/bin/cat", argv: ["cat", "/home/runner/.npmrc"] }, payload: { path: "/home/runner/.npmrc", is_read: true, is_write: false, flags: 0 } },
];

function loadSamples(format: SourceFormat): unknown[] {
  if (format === "runtime") return RUNTIME_SEEDS;
  return CORPUS_DIRS[format].flatMap((dir) => readCorpus(dir).map((c) => c.item));
}

/** Deterministic PRNG so a failure can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Random CJK does not compress: too long for a B-tree entry, unlike "x".repeat(…).
const INCOMPRESSIBLE = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join("");
const NASTY: unknown[] = [
  null, true, false, 0, -1, 2 ** 53, -(2 ** 63), 1e308, NaN, "", " ", "\u0000", "x".repeat(20_000), INCOMPRESSIBLE,
  "2026-13-45T99:99:99Z", "0001-01-01T00:00:00Z", "+010000-01-01T00:00:00Z", 8.64e21, [], {}, [[[]]], { a: { b: { c: {} } } },
  "ünïcødé 🚨", "\ud800", "a\udc00b", ...[255, 511, 1023, 8191].map((cap) => `${"a".repeat(cap)}😀`), "'; DROP TABLE events; --", 4294967296, -2147483649, 99999999999, 1.5,
];

function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  if (depth > 6 || rnd() < 0.08) return pick(NASTY);
  if (Array.isArray(value)) {
    const arr = value.map((v) => (rnd() < 0.3 ? mutate(v, rnd, depth + 1) : v));
    if (rnd() < 0.1) arr.push(pick(NASTY));
    return arr;
  }
  if (value && typeof value === "object") {
    const obj: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(obj)) {
      const r = rnd();
      if (r < 0.1) delete obj[key];
      else if (r < 0.35) obj[key] = mutate(obj[key], rnd, depth + 1);
    }
    if (rnd() < 0.05) obj[pick(["id", "kind", "time", "Timestamp", "event_type", "priority", "process_exec"])] = pick(NASTY);
    return obj;
  }
  return rnd() < 0.5 ? pick(NASTY) : value;
}

function serialize(items: unknown[], rnd: () => number): { body: string; contentType: string } {
  const r = rnd();
  if (r < 0.4) return { body: items.map((i) => JSON.stringify(i) ?? "null").join("\n"), contentType: "application/x-ndjson" };
  if (r < 0.8) return { body: JSON.stringify(items), contentType: "application/json" };
  if (r < 0.9) return { body: JSON.stringify(items[0]) ?? "null", contentType: "application/json" };
  const text = JSON.stringify(items);
  const cut = Math.floor(rnd() * text.length);
  return { body: text.slice(0, cut) + pick(["\u0000", "}", "]", "\\", '"', ""], rnd) + text.slice(cut + 1), contentType: rnd() < 0.5 ? "application/json" : "application/x-ndjson" };
}

function pick<T>(xs: T[], rnd: () => number): T {
  return xs[Math.floor(rnd() * xs.length)];
}

describe("ingest fuzzing", () => {
  it("answers 10,000 mutated bodies without a 5xx and stores nothing from rejected items", async () => {
    const t = await makeTenantWithCredentials("fuzz");
    const samples = Object.fromEntries(SOURCE_FORMATS.map((f) => [f, loadSamples(f)])) as Record<SourceFormat, unknown[]>;
    const rnd = mulberry32(20261123);
    let created = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const format = pick([...SOURCE_FORMATS], rnd);
      const items = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => mutate(pick(samples[format], rnd), rnd));
      const { body, contentType } = serialize(items, rnd);
      const before = created;
      const res = await POST(ingestRequest(format, body, { token: t.agentToken, contentType }), routeParams({ format }));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, `body #${i} (${format}): ${body.slice(0, 300)}`).toBeLessThan(500);
      const json = await res.json();
      if (res.status === 200) created += json.created;
      else expect(created).toBe(before);
    }
    const events = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id]);
    const payloads = await pool().query<{ n: string }>(`SELECT count(*) AS n FROM event_payloads WHERE tenant_id = $1`, [t.tenant.id]);
    expect(Number(events.rows[0].n)).toBe(created);
    expect(Number(payloads.rows[0].n)).toBe(created);
    expect(statuses.get(200)).toBeGreaterThan(1000);
    expect(statuses.get(400)).toBeGreaterThan(100);
  }, 600_000);
});
