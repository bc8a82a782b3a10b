import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/ingest/[format]/route";
import { pool } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";
import { SOURCE_FORMATS, type SourceFormat } from "./types";
import { readCorpus } from "../../test-support/corpus";
import { mulberry32, mutate, pick } from "../../test-support/fuzz";

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

function serialize(items: unknown[], rnd: () => number): { body: string; contentType: string } {
  const r = rnd();
  if (r < 0.4) return { body: items.map((i) => JSON.stringify(i) ?? "null").join("\n"), contentType: "application/x-ndjson" };
  if (r < 0.8) return { body: JSON.stringify(items), contentType: "application/json" };
  if (r < 0.9) return { body: JSON.stringify(items[0]) ?? "null", contentType: "application/json" };
  const text = JSON.stringify(items);
  const cut = Math.floor(rnd() * text.length);
  return { body: text.slice(0, cut) + pick(["\u0000", "}", "]", "\\", '"', ""], rnd) + text.slice(cut + 1), contentType: rnd() < 0.5 ? "application/json" : "application/x-ndjson" };
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
