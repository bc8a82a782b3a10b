// npm run bench -- rules [--events 20000] [--rounds 2] [--retro-hunt false]: what 100 detection
// rules cost. Evaluation alone (µs per event over generated events of every format), then ingest
// throughput of new events into a tenant without rules and one with the 100 rules, alternating in
// one run; then a retro-hunt of one rule over the preloaded tenant's 1M stored events.
import type { CallerContext } from "../lib/auth/context";
import { createTenant } from "../lib/admin/accounts";
import { closeDb, pool } from "../lib/db";
import { generateRawEvents } from "../lib/generate";
import { toEventRow } from "../lib/ingest/event-row";
import { ADAPTERS } from "../lib/ingest/adapters";
import { parseBody } from "../lib/ingest/parse-body";
import { ingestItems } from "../lib/ingest/pipeline";
import type { SourceFormat } from "../lib/ingest/types";
import { buildEngine, type StoredRule } from "../lib/rules/engine";
import { RULE_EVENT_TYPES, type RuleEventType } from "../lib/rules/event-model";
import { importRuleSets } from "../lib/rules/import-rule-sets";
import { toRuleEvent } from "../lib/rules/map-event";
import { getRetroHunt, startRetroHunt } from "../lib/rules/retro-hunt";
import { retroHuntRunner, runQueuedRetroHunts } from "../lib/rules/retro-hunt-runner";

/** 100 rules over the event types, shaped like seed 002's examples, that rarely match. */
export function benchRuleSet(): { eventType: RuleEventType; condition: string }[] {
  const per: Record<RuleEventType, number> = {
    process_exec: 30, network_connect: 25, domain: 15, file_open: 10, file_remove: 5, file_move: 5, file_link: 5, unix_socket_connect: 5,
  };
  const make: Record<RuleEventType, (i: number) => string> = {
    process_exec: (i) =>
      i % 2 === 0
        ? `(process.exec_path.endsWith("/tool${i}") || process.exec_path.endsWith("/sh${i}")) && process.ancestors.exists(p, p.exec_path.endsWith("/npm") || p.exec_path.endsWith("/pip${i}"))`
        : `process.argv.exists(a, a == "--evil-${i}") || (is_memfd && process.exec_path.startsWith("/tmp/${i}"))`,
    network_connect: (i) => `protocol == "tcp" && remote_port == ${40000 + i} && (inIpRange(remote_ip, "10.${i}.0.0/16") || inIpRange(remote_ip, "192.168.${i}.0/24"))`,
    domain: (i) => `source == "dns" && (domain.endsWith(".evil${i}.example") || domain == "c2-${i}.example.net")`,
    file_open: (i) => `is_read && (path.endsWith("/.secret${i}") || path.startsWith("/etc/vault${i}/"))`,
    file_remove: (i) => `!is_folder && path.endsWith("/.history${i}")`,
    file_move: (i) => `from_path.startsWith("/tmp/${i}/") && to_path.startsWith("/usr/local/bin/")`,
    file_link: (i) => `is_symlink && existing_path == "/etc/shadow${i}"`,
    unix_socket_connect: (i) => `socket_type == "stream" && path == "/run/docker${i}.sock"`,
  };
  return RULE_EVENT_TYPES.flatMap((t) => Array.from({ length: per[t] }, (_, i) => ({ eventType: t, condition: make[t](i) })));
}

export function bodiesOf(count: number, seed: number): { format: SourceFormat; text: string; n: number }[] {
  const byFormat = new Map<SourceFormat, string[]>();
  const out: { format: SourceFormat; text: string; n: number }[] = [];
  for (const { format, item } of generateRawEvents({ count, days: 1, seed })) {
    const buf = byFormat.get(format) ?? [];
    buf.push(JSON.stringify(item));
    byFormat.set(format, buf);
    if (buf.length === 1000) {
      out.push({ format, text: buf.join("\n"), n: buf.length });
      byFormat.set(format, []);
    }
  }
  for (const [format, buf] of byFormat) if (buf.length > 0) out.push({ format, text: buf.join("\n"), n: buf.length });
  return out;
}

/** Ingests `bodies` in-process into a tenant, one after another: the events and the seconds taken. */
export async function ingestTimed(tenantId: string, bodies: { format: SourceFormat; text: string; n: number }[]): Promise<{ n: number; s: number }> {
  const t0 = performance.now();
  for (const b of bodies) await ingestItems({ tenantId, actor: "bench" }, b.format, parseBody(b.text, "ndjson"));
  return { n: bodies.reduce((a, b) => a + b.n, 0), s: (performance.now() - t0) / 1000 };
}

function evaluationAlone(count: number) {
  const rules: StoredRule[] = benchRuleSet().map((r, i) => ({ id: String(i), rulesetId: "bench", ruleId: `r${i}`, action: "collect", severity: null, ...r }));
  const engine = buildEngine(rules);
  const rows = [...generateRawEvents({ count, days: 1, seed: 42 })].flatMap(({ format, item }) => {
    const r = ADAPTERS[format](item);
    return r.ok ? r.events.map((e) => toEventRow(format, e, { eventKey: "k", contentHash: "h", agentKey: "a" })) : [];
  });
  const mappedCount = rows.filter((r) => toRuleEvent(r) !== null).length;
  for (const r of rows.slice(0, 2000)) engine.evaluate(r); // warm-up
  let matches = 0;
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) for (const r of rows) matches += engine.evaluate(r).length;
  const us = ((performance.now() - t0) * 1000) / (3 * rows.length);
  console.log(
    `evaluation alone: ${engine.size} rules, ${rows.length.toLocaleString("en")} events (${mappedCount.toLocaleString("en")} of a rule event type): ` +
      `${us.toFixed(2)} µs per event (mapping included), ${((us * rows.length) / Math.max(1, mappedCount)).toFixed(2)} µs per mapped event; ${matches / 3} matches per pass`,
  );
}

/** The retro-hunt's rule: rare, as a hunt for something found elsewhere is. Disabled: ingest into the tenant ignores it. */
const RETRO_HUNT_RULE = {
  rule_id: "sudo_or_base64_from_shell",
  event_type: "process_exec",
  condition: 'process.exec_path.endsWith("/sudo") || (process.exec_path.endsWith("/base64") && process.ancestors.exists(p, p.exec_path.endsWith("/sh")))',
  action: "collect" as const,
  enabled: false,
};

/** One retro-hunt over every stored event of the preloaded tenant (1M events over 30 days). */
async function benchRetroHunt(tenant: { id: string }): Promise<void> {
  const admin: CallerContext = { tenantId: tenant.id, tenantIds: [tenant.id], role: "admin", actor: "cli:bench", userId: null };
  const doc = { rule_sets: [{ ruleset_id: "bench/retro-hunt", rules: [RETRO_HUNT_RULE] }] };
  await importRuleSets({ ctx: admin, input: { text: JSON.stringify(doc), format: "json" } });
  const rule = await pool().query<{ id: string }>(
    `SELECT r.id FROM detection_rules r JOIN rule_sets s ON s.id = r.rule_set_id WHERE s.tenant_id = $1 AND s.ruleset_id = 'bench/retro-hunt'`,
    [tenant.id],
  );
  const span = await pool().query<{ first: Date; last: Date }>(`SELECT min(occurred_at) AS first, max(occurred_at) AS last FROM events WHERE tenant_id = $1`, [tenant.id]);
  retroHuntRunner.autostart = false;
  const queued = await startRetroHunt({
    ctx: admin,
    input: { ruleId: rule.rows[0].id, from: span.rows[0].first.toISOString(), to: new Date(span.rows[0].last.getTime() + 1).toISOString() },
  });
  const t0 = performance.now();
  await runQueuedRetroHunts();
  const s = (performance.now() - t0) / 1000;
  const done = await getRetroHunt({ ctx: admin, input: { id: queued.id } });
  const tagged = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event' AND details->>'retroHuntId' = $2`,
    [tenant.id, queued.id],
  );
  console.log(
    `retro-hunt, 1 rule over ${done.total.toLocaleString("en")} stored events: ${done.status} in ${s.toFixed(1)} s = ` +
      `${Math.round(done.scanned / s).toLocaleString("en")} events/s; ${done.matched.toLocaleString("en")} matched, ${tagged.rows[0].n.toLocaleString("en")} newly tagged [< 60 s for 1M]`,
  );
}

export async function benchRules(flags: Record<string, string>, preloaded?: () => Promise<{ id: string }>): Promise<void> {
  const count = Number(flags.events ?? 20_000);
  const rounds = Math.max(1, Number(flags.rounds ?? 2));
  evaluationAlone(count);
  const stamp = Date.now().toString(36);
  const off = await createTenant({ slug: `bench-rules-off-${stamp}`, name: "Benchmark rules off" });
  const on = await createTenant({ slug: `bench-rules-on-${stamp}`, name: "Benchmark rules on" });
  const admin: CallerContext = { tenantId: on.id, tenantIds: [on.id], role: "admin", actor: "cli:bench", userId: null };
  const doc = { rule_sets: [{ ruleset_id: "bench/100", rules: benchRuleSet().map((r, i) => ({ rule_id: `r${i}`, event_type: r.eventType, condition: r.condition, action: "collect" as const })) }] };
  await importRuleSets({ ctx: admin, input: { text: JSON.stringify(doc), format: "json" } });

  const bodies = bodiesOf(count * 2 * rounds, Date.now() % 1_000_000_000);
  const share = Math.floor(bodies.length / (2 * rounds));
  const totals = { off: { n: 0, s: 0 }, on: { n: 0, s: 0 } };
  let phase = 0;
  // Warm-up of both paths (compiles the rules, opens connections).
  for (const t of [off, on]) await ingestItems({ tenantId: t.id, actor: "bench" }, bodies[0].format, parseBody(bodies[0].text, "ndjson"));
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
      const tenant = which === "on" ? on : off;
      const { n, s } = await ingestTimed(tenant.id, bodies.slice(1 + phase * share, 1 + (phase + 1) * share));
      totals[which].n += n;
      totals[which].s += s;
      console.log(`new events, rules ${which.padEnd(3)}: ${n.toLocaleString("en")} in ${s.toFixed(1)} s = ${Math.round(n / s).toLocaleString("en")} events/s`);
      phase += 1;
    }
  }
  const rateOff = totals.off.n / totals.off.s;
  const rateOn = totals.on.n / totals.on.s;
  console.log(
    `100 rules: ${Math.round(rateOn).toLocaleString("en")} vs ${Math.round(rateOff).toLocaleString("en")} events/s without = ${(100 * (1 - rateOn / rateOff)).toFixed(1)} % of ingest throughput [< 15 %]`,
  );
  if (preloaded && flags["retro-hunt"] !== "false") await benchRetroHunt(await preloaded());
  await closeDb();
}
