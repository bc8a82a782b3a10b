import { beforeAll, describe, expect, it } from "vitest";
import { loadGeneratedEvents } from "../../scripts/lib/load-events";
import { callerIn, makeTenantWithCredentials } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import { pool } from "../db";
import { ValidationError } from "../errors";
import { parseSearchParams, toSearchRequest } from "../events/search-params";
import { searchEvents } from "../events/search";
import { loadExplorer, type ExplorerInput } from "./explorer";
import { explorerRows } from "./explorer-tree";
import { loadEventSections } from "./event-figures";
import { resolveWindows } from "./range";

withTestDatabase();

// The group-by explorer against the Events search: every row's link opens a search that counts
// exactly the row's events, at every level, for "no value" and "other" rows, and for agents that
// share a name. Generated events over three days, in two tenants.

const NOW = new Date("2026-11-20T12:00:00Z");
const WINDOW = { from: "2026-11-17T13:17:00.000Z", to: "2026-11-20T09:43:30.000Z" };

let a: string;
let b: string;

async function countOf(href: string, tenantId = a): Promise<number> {
  const state = parseSearchParams(new URL(href, "http://vigil.test").searchParams);
  const res = await searchEvents({ ctx: callerIn(tenantId, "manager"), input: { ...toSearchRequest(state), limit: 1 } });
  return res.total;
}

async function checkLinks(input: ExplorerInput, tenantId = a) {
  const result = await loadExplorer({ ctx: callerIn(tenantId, "manager"), input });
  const rows = explorerRows(result, WINDOW);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    if (r.href) expect(await countOf(r.href, tenantId), `${r.path.join(" › ")} (${r.href})`).toBe(r.count);
  }
  return { result, rows };
}

beforeAll(async () => {
  a = (await makeTenantWithCredentials("explorer-a")).tenant.id;
  b = (await makeTenantWithCredentials("explorer-b")).tenant.id;
  await loadGeneratedEvents({ tenantId: a, count: 1500, days: 3, seed: 42, now: NOW });
  await loadGeneratedEvents({ tenantId: b, count: 150, days: 3, seed: 7, now: NOW });
  // Two of a's agents share a name: their buckets must drill by id.
  const agents = await pool().query<{ id: string; name: string }>(
    `SELECT a.id, a.name FROM agents a JOIN events e ON e.agent_id = a.id AND e.tenant_id = a.tenant_id
      WHERE a.tenant_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 GROUP BY a.id, a.name ORDER BY count(*) DESC LIMIT 2`,
    [a, WINDOW.from, WINDOW.to],
  );
  await pool().query("UPDATE agents SET name = $2 WHERE id = $1", [agents.rows[1].id, agents.rows[0].name]);
}, 120_000);

describe("the group-by explorer", () => {
  it("answers the window's tree, each level adding up, events without a value in a bucket of their own", async () => {
    const { result, rows } = await checkLinks({ ...WINDOW, by: ["cluster", "type"], limit: 5 });
    const raw = await pool().query<{ n: string }>("SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3", [a, WINDOW.from, WINDOW.to]);
    expect(result.count).toBe(Number(raw.rows[0].n));
    const top = rows.filter((r) => r.depth === 0);
    expect(top.reduce((s, r) => s + r.count, 0)).toBe(result.count);
    expect(top.some((r) => r.key === null && r.label === "No cluster")).toBe(true);
    for (const parent of top.filter((r) => r.hasChildren)) {
      expect(rows.filter((r) => r.parentId === parent.id).reduce((s, r) => s + r.count, 0)).toBe(parent.count);
    }
  });

  it("drills every row of three levels, with cuts, into a search that counts it", async () => {
    const { rows } = await checkLinks({ ...WINDOW, by: ["severity", "agent", "destination"], limit: 5 });
    expect(rows.some((r) => r.kind === "other" && r.depth === 2)).toBe(true);
    expect(rows.some((r) => r.depth === 2 && r.key === null)).toBe(true);
  });

  it("filters agents by name, and by id where another agent has the same name", async () => {
    const { result, rows } = await checkLinks({ ...WINDOW, by: ["agent"], limit: 20 });
    const shared = await pool().query<{ name: string }>("SELECT name FROM agents WHERE tenant_id = $1 GROUP BY name HAVING count(*) > 1", [a]);
    const sharedName = shared.rows[0].name;
    for (const n of result.buckets.filter((x) => x.key !== null)) expect(n.filter).toBe(n.label === sharedName ? n.key : n.label);
    expect(rows.filter((r) => r.label === sharedName).length).toBe(2);
  });

  it("counts a list field once per value: its buckets drill exactly, its other row has no link", async () => {
    const { rows } = await checkLinks({ ...WINDOW, by: ["flags", "kind"], limit: 5 });
    expect(rows.filter((r) => r.depth === 0 && r.kind === "bucket").length).toBeGreaterThan(0);
    for (const r of rows.filter((x) => x.kind === "other" && x.depth === 0)) expect(r.href).toBeNull();
  });

  it("answers the same tree from the dashboard's one statement as from the statistics API", async () => {
    const windows = resolveWindows({ kind: "absolute", ...WINDOW }, NOW);
    for (const choice of [{ by: ["severity", "type"], limit: 10 }, { by: ["cluster", "flags", "agent"], limit: 5 }] as const) {
      const ctx = callerIn(a, "manager");
      const { tree, figures } = await loadEventSections({ ctx, windows, explorer: { by: [...choice.by], limit: choice.limit } });
      expect(tree).toEqual(await loadExplorer({ ctx, input: { ...windows.current, by: [...choice.by], limit: choice.limit } }));
      expect(figures.total.current).toBe(tree.count);
    }
  });

  it("sees only the caller's tenant", async () => {
    const { result } = await checkLinks({ ...WINDOW, by: ["type"], limit: 20 }, b);
    const raw = await pool().query<{ n: string }>("SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND occurred_at >= $2 AND occurred_at < $3", [b, WINDOW.from, WINDOW.to]);
    expect(result.count).toBe(Number(raw.rows[0].n));
  });

  it("refuses fields outside the allow-list, a fourth level and other limits, naming them", async () => {
    const ctx = callerIn(a, "manager");
    const bad = (input: unknown) => loadExplorer({ ctx, input: input as ExplorerInput });
    await expect(bad({ ...WINDOW, by: ["pod"], limit: 5 })).rejects.toThrow(ValidationError);
    await expect(bad({ ...WINDOW, by: ["type", "agent", "cluster", "kind"], limit: 5 })).rejects.toThrow(/by/);
    await expect(bad({ ...WINDOW, by: ["type"], limit: 7 })).rejects.toThrow(/limit/);
    await expect(bad({ ...WINDOW, by: [], limit: 5 })).rejects.toThrow(/by/);
  });
});
