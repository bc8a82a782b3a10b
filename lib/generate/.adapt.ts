import { generateRawEvents } from "@/lib/generate";
import { ADAPTERS } from "@/lib/ingest/adapters";
const rejects: Record<string, { n: number; ex: string[] }> = {};
const stats: Record<string, Record<string, number>> = {};
let n = 0;
for (const e of generateRawEvents({ count: 20000, days: 14, seed: 7, now: new Date("2026-11-20T12:00:00Z") })) {
  n++;
  const r = ADAPTERS[e.format](e.item);
  if (!r.ok) {
    const x = (rejects[`${e.format}: ${r.error}`] ??= { n: 0, ex: [] });
    x.n++;
    if (x.ex.length < 1) x.ex.push(JSON.stringify(e.item).slice(0, 600));
    continue;
  }
  const s = (stats[e.format] ??= {});
  for (const ev of r.events) {
    s.events = (s.events ?? 0) + 1;
    s[`kind:${ev.kind}`] = (s[`kind:${ev.kind}`] ?? 0) + 1;
    s[`sev:${ev.severity}`] = (s[`sev:${ev.severity}`] ?? 0) + 1;
    if (ev.agent.cluster) s.cluster = (s.cluster ?? 0) + 1;
    if (ev.agent.repository) s.repo = (s.repo ?? 0) + 1;
    if (ev.agent.pod) s.pod = (s.pod ?? 0) + 1;
    if (ev.agent.namespace) s.ns = (s.ns ?? 0) + 1;
    if (ev.agent.hostname) s.host = (s.host ?? 0) + 1;
    if (ev.flow?.remote?.address) s.remote = (s.remote ?? 0) + 1;
    if (ev.dnsNames && ev.dnsNames.length > 2) s.cnameChain = (s.cnameChain ?? 0) + 1;
    if (ev.domain) s.domain = (s.domain ?? 0) + 1;
    if (ev.file) s.file = (s.file ?? 0) + 1;
    if ((ev.ancestors?.length ?? 0) >= 6) s.deep6 = (s.deep6 ?? 0) + 1;
    if (ev.action) s[`action:${ev.action}`] = (s[`action:${ev.action}`] ?? 0) + 1;
    if (ev.sourceId) s.sourceId = (s.sourceId ?? 0) + 1;
    if (ev.process?.pid !== undefined) s.pid = (s.pid ?? 0) + 1;
  }
}
console.log(n, JSON.stringify(rejects, null, 1));
for (const [f, s] of Object.entries(stats)) console.log(f, JSON.stringify(s));
