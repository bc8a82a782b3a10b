import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/ingest/[format]/route";
import { PUT } from "../../app/api/v1/events/route";
import { NextRequest } from "next/server";
import { pool } from "../db";
import { revokeCredential } from "../admin/accounts";
import { withTestDatabase } from "../../test-support/test-db";
import { garnetEvent, ingestRequest, makeTenantWithCredentials, routeParams } from "../../test-support/ingest-fixtures";

withTestDatabase();

async function post(format: string, body: unknown, opts: { token?: string; contentType?: string } = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const res = await POST(ingestRequest(format, text, opts), routeParams({ format }));
  return { status: res.status, json: await res.json() };
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const res = await pool().query<{ n: string }>(sql, params);
  return Number(res.rows[0].n);
}

describe("POST /api/v1/ingest/{format}", () => {
  it("stores the good items of a partial batch, names the bad ones, keeps payloads verbatim", async () => {
    const t = await makeTenantWithCredentials("partial");
    const body = `[ ${JSON.stringify(garnetEvent("p-1"))},\n  {"kind": "nonsense"} ,{"id":"p-2","kind":"flows","created_at":"2026-11-20T11:00:00Z","agent":{"hostname":"h"},"data":{"head":{"name":"flow"},"flow":{"proto":"TCP","remote":{"address":"1.2.3.4","port":443}}},"big":18446744073709551615} ]`;
    const { status, json } = await post("garnet", body, { token: t.agentToken });
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 2, created: 2, updated: 0, unchanged: 0 });
    expect(json.rejected).toHaveLength(1);
    expect(json.rejected[0].index).toBe(1);
    expect(json.rejected[0].error).toMatch(/data is required/);

    const rows = await pool().query(
      `SELECT e.event_key, e.remote_address, e.remote_port, e.protocol, p.body FROM events e
         JOIN event_payloads p ON p.event_id = e.id WHERE e.tenant_id = $1 ORDER BY e.event_key`,
      [t.tenant.id],
    );
    expect(rows.rows.map((r) => r.event_key)).toEqual(["garnet:id:p-1", "garnet:id:p-2"]);
    expect(rows.rows[1]).toMatchObject({ remote_address: "1.2.3.4", remote_port: 443, protocol: "tcp" });
    expect(rows.rows[1].body).toContain('"big":18446744073709551615');
    expect(await count(`SELECT count(*) AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event' AND action = 'created'`, [t.tenant.id])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM agents WHERE tenant_id = $1`, [t.tenant.id])).toBe(2);
  });

  it("treats a resend as unchanged and a changed event as an update with the changed fields in lineage", async () => {
    const t = await makeTenantWithCredentials("resend");
    const first = await post("garnet", [garnetEvent("r-1"), garnetEvent("r-2")], { token: t.agentToken });
    expect(first.json).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const again = await post("garnet", [garnetEvent("r-1"), garnetEvent("r-2")], { token: t.agentToken });
    expect(again.json).toMatchObject({ accepted: 2, created: 0, updated: 0, unchanged: 2 });
    const changed = garnetEvent("r-1", { data: { head: { name: "crypto_miner_execution", importance: "critical" }, process: { exe: "/tmp/xmrig2", pid: 4242 } } });
    const update = await post("garnet", [changed, garnetEvent("r-2")], { token: t.agentToken });
    expect(update.json).toMatchObject({ created: 0, updated: 1, unchanged: 1 });

    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(2);
    const lineage = await pool().query(
      `SELECT l.action, l.details FROM lineage_entries l JOIN events e ON e.id::text = l.subject_id
        WHERE e.tenant_id = $1 AND e.event_key = 'garnet:id:r-1' ORDER BY l.id`,
      [t.tenant.id],
    );
    expect(lineage.rows.map((r) => r.action)).toEqual(["created", "updated"]);
    expect(lineage.rows[1].details.changed).toEqual(expect.arrayContaining(["severity", "processExe"]));
    expect(lineage.rows[1].details.before.processExe).toBe("/tmp/xmrig");
    expect(lineage.rows[1].details.after.processExe).toBe("/tmp/xmrig2");
    const payload = await pool().query(
      `SELECT p.body FROM event_payloads p JOIN events e ON e.id = p.event_id WHERE e.tenant_id = $1 AND e.event_key = 'garnet:id:r-1'`,
      [t.tenant.id],
    );
    expect(payload.rows[0].body).toContain("/tmp/xmrig2");
  });

  it("accepts NDJSON and names bad lines", async () => {
    const t = await makeTenantWithCredentials("ndjson");
    const body = [JSON.stringify(garnetEvent("n-1")), "{oops", JSON.stringify(garnetEvent("n-2"))].join("\n");
    const { status, json } = await post("garnet", body, { token: t.agentToken, contentType: "application/x-ndjson" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 2, created: 2 });
    expect(json.rejected).toEqual([{ index: 1, error: "line 2 is not valid JSON" }]);
  });

  it("recognises a byte-identical resend before adapting it, and still applies an older version sent again", async () => {
    const t = await makeTenantWithCredentials("replay");
    const nd = { token: t.agentToken, contentType: "application/x-ndjson" };
    const v1 = JSON.stringify(garnetEvent("rp-1"));
    const v2 = JSON.stringify(garnetEvent("rp-1", { data: { head: { name: "crypto_miner_execution", importance: "critical" } } }));
    const other = JSON.stringify(garnetEvent("rp-2"));
    expect((await post("garnet", [v1, other].join("\n"), nd)).json).toMatchObject({ created: 2 });
    const lineageBefore = await count(
      `SELECT count(*) AS n FROM lineage_entries WHERE tenant_id = $1`,
      [t.tenant.id],
    );
    // Same bytes, plus a bad line: the known lines are unchanged, the bad one is still named.
    const replay = await post("garnet", [v1, "{oops", other].join("\n"), nd);
    expect(replay.json).toMatchObject({ accepted: 2, created: 0, updated: 0, unchanged: 2 });
    expect(replay.json.rejected).toEqual([{ index: 1, error: "line 2 is not valid JSON" }]);
    expect(await count(`SELECT count(*) AS n FROM lineage_entries WHERE tenant_id = $1`, [t.tenant.id])).toBe(lineageBefore);
    // A newer version replaces the row's raw hash, so the older bytes are an update again.
    expect((await post("garnet", v2, nd)).json).toMatchObject({ updated: 1 });
    expect((await post("garnet", v1, nd)).json).toMatchObject({ updated: 1, unchanged: 0 });
    expect((await post("garnet", v1, nd)).json).toMatchObject({ updated: 0, unchanged: 1 });
    // Another tenant sending the same bytes creates its own event.
    const u = await makeTenantWithCredentials("replay-other");
    expect((await post("garnet", v1, { token: u.agentToken, contentType: "application/x-ndjson" })).json).toMatchObject({ created: 1 });
  });

  it("answers 400 when every item is bad, and stores nothing", async () => {
    const t = await makeTenantWithCredentials("allbad");
    const res = await POST(ingestRequest("garnet", JSON.stringify([{ kind: "nope" }, 42, null]), { token: t.agentToken }), routeParams({ format: "garnet" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const json = await res.json();
    expect(json.detail).toMatch(/^all 3 items were rejected; item 0: /);
    expect(json.accepted).toBe(0);
    expect(json.rejected).toHaveLength(3);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(0);
  });

  it("refuses bad requests with the right 4xx", async () => {
    const t = await makeTenantWithCredentials("errors");
    expect((await post("garnet", "{", { token: t.agentToken })).status).toBe(400);
    expect((await post("garnet", "[]", { token: t.agentToken })).status).toBe(400);
    expect((await post("garnet", garnetEvent("x"), { token: t.agentToken, contentType: "text/plain" })).status).toBe(415);
    const tooMany = Array.from({ length: 5001 }, (_, i) => garnetEvent(`many-${i}`));
    expect((await post("garnet", tooMany, { token: t.agentToken })).status).toBe(413);
    const huge = JSON.stringify([garnetEvent("huge", { pad: "x".repeat(10 * 1024 * 1024) })]);
    expect((await post("garnet", huge, { token: t.agentToken })).status).toBe(413);
    const unknown = await post("syslog", garnetEvent("x"), { token: t.agentToken });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toMatch(/^format: /);
    expect(unknown.json.errors).toEqual([{ field: "format", message: expect.stringContaining("garnet") }]);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(0);
  });

  it("needs an agent token or an admin API key", async () => {
    const t = await makeTenantWithCredentials("auth");
    expect((await post("garnet", garnetEvent("a-1"))).status).toBe(401);
    expect((await post("garnet", garnetEvent("a-1"), { token: "vgl_agent_unknown" })).status).toBe(401);
    expect((await post("garnet", garnetEvent("a-1"), { token: t.analystKey })).status).toBe(403);
    expect((await post("garnet", garnetEvent("a-1"), { token: t.adminKey })).json.created).toBe(1);
    const tokenRow = await pool().query(`SELECT id FROM agent_tokens WHERE tenant_id = $1`, [t.tenant.id]);
    await revokeCredential("agent-token", t.tenant.id, tokenRow.rows[0].id);
    expect((await post("garnet", garnetEvent("a-2"), { token: t.agentToken })).status).toBe(401);
  });

  it("writes an agent token's events into its own tenant only", async () => {
    const a = await makeTenantWithCredentials("iso-a");
    const b = await makeTenantWithCredentials("iso-b");
    await post("garnet", [garnetEvent("same-id")], { token: a.agentToken });
    const inB = await post("garnet", [garnetEvent("same-id")], { token: b.agentToken });
    expect(inB.json.created).toBe(1);
    const withTenantField = await post("garnet", [garnetEvent("sneaky", { tenant_id: a.tenant.id, tenant: a.tenant.slug })], { token: b.agentToken });
    expect(withTenantField.json.created).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [a.tenant.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [b.tenant.id])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM agents WHERE tenant_id = $1`, [a.tenant.id])).toBe(1);
  });

  it("keeps exactly 1,000 events when 16 clients send the same 1,000 ids three times", async () => {
    const t = await makeTenantWithCredentials("concurrent");
    const batch = JSON.stringify(Array.from({ length: 1000 }, (_, i) => garnetEvent(`c-${i}`)));
    const sends = Array.from({ length: 16 * 3 }, () => post("garnet", batch, { token: t.agentToken }));
    const results = await Promise.all(sends);
    expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.json).slice(0, 300)}`)).toEqual([]);
    const created = results.reduce((s, r) => s + r.json.created, 0);
    const unchanged = results.reduce((s, r) => s + r.json.unchanged, 0);
    expect(created).toBe(1000);
    expect(created + unchanged).toBe(48_000);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(1000);
    expect(await count(`SELECT count(*) AS n FROM event_payloads WHERE tenant_id = $1`, [t.tenant.id])).toBe(1000);
    expect(await count(`SELECT count(*) AS n FROM lineage_entries WHERE tenant_id = $1 AND subject_type = 'event'`, [t.tenant.id])).toBe(1000);
  }, 120_000);

  it("upserts process nodes from the event's process and parent", async () => {
    const t = await makeTenantWithCredentials("procs");
    await post("garnet", [garnetEvent("pn-1")], { token: t.agentToken });
    const nodes = await pool().query(`SELECT pid, ppid, exe FROM process_nodes WHERE tenant_id = $1 ORDER BY pid`, [t.tenant.id]);
    expect(nodes.rows).toEqual([
      { pid: 4000, ppid: 1, exe: "/bin/bash" },
      { pid: 4242, ppid: 4000, exe: "/tmp/xmrig" },
    ]);
  });
});

describe("PUT /api/v1/events", () => {
  async function put(body: unknown, token: string) {
    const req = new NextRequest("http://vigil.test/api/v1/events", {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const res = await PUT(req, routeParams({}));
    return { status: res.status, json: await res.json() };
  }

  it("creates, then updates, never duplicates", async () => {
    const t = await makeTenantWithCredentials("put");
    const created = await put(garnetEvent("put-1"), t.agentToken);
    expect(created.status).toBe(201);
    expect(created.json.status).toBe("created");
    expect(created.json.id).toMatch(/^\d+$/);
    const same = await put(garnetEvent("put-1"), t.agentToken);
    expect(same.json).toMatchObject({ status: "unchanged", id: created.json.id });
    const updated = await put(garnetEvent("put-1", { kind: "infos" }), t.agentToken);
    expect(updated.json).toMatchObject({ status: "updated", id: created.json.id });
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(1);
  });

  it("refuses arrays and invalid events with a 400", async () => {
    const t = await makeTenantWithCredentials("put-bad");
    expect((await put([garnetEvent("x")], t.agentToken)).status).toBe(400);
    expect((await put({ id: "x", kind: "bogus", data: {} }, t.agentToken)).status).toBe(400);
  });

  it("answers 400, not an unchanged 200, for an event the pipeline cannot store", async () => {
    const t = await makeTenantWithCredentials("put-far");
    const far = await put({ id: "far-1", kind: "flows", data: { timestamp: "+010000-01-01T00:00:00Z" } }, t.agentToken);
    expect(far.status).toBe(400);
    expect(far.json.detail).toMatch(/outside 1970–9999/);
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1`, [t.tenant.id])).toBe(0);
  });
});

describe("ingest edge cases", () => {
  it("strips NUL characters instead of failing, and refuses times PostgreSQL cannot store", async () => {
    const t = await makeTenantWithCredentials("edge");
    const nul = garnetEvent("nul-1", { agent: { hostname: "host\u0000name" } });
    const far = garnetEvent("far-1", { created_at: "+275760-01-01T00:00:00Z", updated_at: undefined });
    const res = await POST(ingestRequest("garnet", JSON.stringify([nul, far]), { token: t.agentToken }), routeParams({ format: "garnet" }));
    const json = await res.json();
    expect(res.status).toBe(200);
    expect(json.created).toBe(1);
    expect(json.rejected).toHaveLength(1);
    const row = await pool().query(`SELECT hostname FROM events WHERE tenant_id = $1`, [t.tenant.id]);
    expect(row.rows[0].hostname).toBe("hostname");
  });

  it("stores an unpaired surrogate escape as U+FFFD instead of failing the batch, and keeps the payload verbatim", async () => {
    const t = await makeTenantWithCredentials("surrogate");
    // JSON.stringify would escape the lone surrogate as \ud800; write the escapes as an agent would.
    const lone = '{"event_type":"process_exec","id":"s-\\ud800","process":{"exec_path":"/bin/\\udc00x","argv":["x\\ud83d\\ude00"]}}';
    const good = JSON.stringify({ event_type: "process_exec", id: "s-2", process: { exec_path: "/bin/ok" } });
    const { status, json } = await post("runtime", `[${lone},${good}]`, { token: t.agentToken });
    expect(status).toBe(200);
    expect(json).toMatchObject({ created: 2, rejected: [] });
    const rows = await pool().query(
      `SELECT e.event_key, e.process_exe, e.process_args, p.body FROM events e JOIN event_payloads p ON p.event_id = e.id
        WHERE e.tenant_id = $1 ORDER BY e.event_key`,
      [t.tenant.id],
    );
    expect(rows.rows[0]).toMatchObject({ event_key: "runtime:id:s-2" });
    expect(rows.rows[1]).toMatchObject({ event_key: "runtime:id:s-\ufffd", process_exe: "/bin/\ufffdx", process_args: "x\u{1F600}" });
    expect(rows.rows[1].body).toBe(lone);
    // The same item again is the same event.
    expect((await post("runtime", lone, { token: t.agentToken })).json).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("cuts long text at its cap without splitting an emoji, which PostgreSQL would refuse", async () => {
    const t = await makeTenantWithCredentials("emoji-cut");
    const long = "a".repeat(8190) + "😀";
    const items = [
      { event_type: "process_exec", id: "cut-1", agent: { id: "a".repeat(1020) + "😀" }, process: { exec_path: `/${long}`, argv: [`${long}x`] } },
      { event_type: "process_exec", id: "cut-2", process: { exec_path: "/bin/ok" } },
    ];
    const { status, json } = await post("runtime", items.map((i) => JSON.stringify(i)).join("\n"), { token: t.agentToken, contentType: "application/x-ndjson" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ created: 2, rejected: [] });
    const row = await pool().query(`SELECT process_exe FROM events WHERE tenant_id = $1 AND event_key = 'runtime:id:cut-1'`, [t.tenant.id]);
    expect(row.rows[0].process_exe).toBe(`/${"a".repeat(8190)}`);
  });

  it("keeps a process whose start is after 9999 without its start time", async () => {
    const t = await makeTenantWithCredentials("far-start");
    const event = garnetEvent("far-start-1", {
      data: {
        head: { name: "process_seen", importance: "low" },
        process: { exe: "/bin/x", pid: 4242, ppid: 1, start: "+010000-01-01T00:00:00Z" },
      },
    });
    const { status, json } = await post("garnet", [event], { token: t.agentToken });
    expect(status).toBe(200);
    expect(json).toMatchObject({ created: 1, rejected: [] });
    const node = await pool().query(`SELECT start_key, started_at FROM process_nodes WHERE tenant_id = $1 AND pid = 4242`, [t.tenant.id]);
    expect(node.rows[0]).toMatchObject({ start_key: "0", started_at: null });
  });

  it("indexes ids and agent ids too long for a B-tree by their SHA-256, and still recognises them", async () => {
    const t = await makeTenantWithCredentials("long-id");
    // Random CJK does not compress: 3,000 characters are 9,000 bytes, past the index's 2,704.
    const cjk = (n: number, seed: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919 + seed) % 20000))).join("");
    const items = [
      { event_type: "process_exec", id: cjk(3000, 1), process: { exec_path: "/bin/a" } },
      { event_type: "process_exec", id: "short-id", agent: { id: cjk(1500, 2) }, process: { exec_path: "/bin/b" } },
    ];
    const first = await post("runtime", items, { token: t.agentToken });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ created: 2, rejected: [] });
    const changed = [{ ...items[0], process: { exec_path: "/bin/a2" } }, items[1]];
    expect((await post("runtime", changed, { token: t.agentToken })).json).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const keys = await pool().query(`SELECT event_key FROM events WHERE tenant_id = $1 ORDER BY event_key`, [t.tenant.id]);
    expect(keys.rows.map((r) => r.event_key)).toEqual(["runtime:id:short-id", expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    const agents = await pool().query(`SELECT external_key FROM agents WHERE tenant_id = $1`, [t.tenant.id]);
    expect(agents.rows.map((r) => r.external_key)).toContainEqual(expect.stringMatching(/^sha256:[0-9a-f]{64}$/));
  });
});

describe("stored values", () => {
  it("stores tabs, newlines, backslashes, quotes and braces exactly as sent", async () => {
    const t = await makeTenantWithCredentials("copy");
    const cmd = 'sh -c "printf \'a\\tb\\n\' > /tmp/x"\tnext\nline \\N {x,"y"} \\\\share';
    const event = garnetEvent("copy-1", {
      agent: { id: "a-ü", hostname: "hôst\t1", os: "linux" },
      data: {
        head: { name: "crypto_miner_execution", description: 'weird,{name} "quoted" \\', importance: "high" },
        process: { exe: "/usr/bin/sh", cmd, pid: 77, ppid: 1 },
      },
    });
    const body = JSON.stringify(event);
    const { json } = await post("garnet", body, { token: t.agentToken });
    expect(json).toMatchObject({ created: 1, rejected: [] });
    const row = await pool().query(
      `SELECT e.process_args, e.hostname, e.title, e.process, p.body FROM events e JOIN event_payloads p ON p.event_id = e.id
        WHERE e.tenant_id = $1`,
      [t.tenant.id],
    );
    expect(row.rows[0].process_args).toBe(cmd);
    expect(row.rows[0].hostname).toBe("hôst\t1");
    expect(row.rows[0].title).toBe('weird,{name} "quoted" \\');
    expect(JSON.stringify(row.rows[0].process)).toContain(JSON.stringify(cmd));
    expect(row.rows[0].body).toBe(body);
  });
});

describe("PUT /api/v1/events validation", () => {
  it("requires the CreateOrUpdateEventV2 id", async () => {
    const t = await makeTenantWithCredentials("put-id");
    const { id: _omit, ...withoutId } = garnetEvent("ignored");
    void _omit;
    const req = new NextRequest("http://vigil.test/api/v1/events", {
      method: "PUT",
      headers: { authorization: `Bearer ${t.agentToken}`, "content-type": "application/json" },
      body: JSON.stringify(withoutId),
    });
    const res = await PUT(req, routeParams({}));
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toBe("id is required");
  });
});
