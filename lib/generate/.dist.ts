import { generateRawEvents } from "@/lib/generate";
import { ADAPTERS } from "@/lib/ingest/adapters";
const fmt: Record<string, number> = {}; const types: Record<string, number> = {}; const kinds: Record<string, number> = {};
const ns: Record<string, number> = {}; const cl: Record<string, number> = {}; const repo: Record<string, number> = {};
let n = 0;
for (const e of generateRawEvents({ count: 50000, days: 14, seed: 3, now: new Date("2026-11-20T12:00:00Z") })) {
  n++; fmt[e.format] = (fmt[e.format] ?? 0) + 1;
  const r = ADAPTERS[e.format](e.item); if (!r.ok) { console.log("REJECT", e.format, r.error); continue; }
  for (const ev of r.events) {
    kinds[ev.kind] = (kinds[ev.kind] ?? 0) + 1;
    if (ev.kind === "detections" || ev.kind === "netpolicy") types[`${e.format}:${ev.type}`] = (types[`${e.format}:${ev.type}`] ?? 0) + 1;
    if (ev.agent.namespace) ns[ev.agent.namespace] = (ns[ev.agent.namespace] ?? 0) + 1;
    if (ev.agent.cluster) cl[ev.agent.cluster] = (cl[ev.agent.cluster] ?? 0) + 1;
    if (ev.agent.repository) repo[ev.agent.repository] = (repo[ev.agent.repository] ?? 0) + 1;
  }
}
const pct = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(100 * v / n).toFixed(1)]));
console.log("formats", pct(fmt)); console.log("kinds", pct(kinds)); console.log("ns", pct(ns)); console.log("clusters", pct(cl)); console.log("repos", pct(repo));
console.log("detection types", Object.entries(types).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join("  "));
