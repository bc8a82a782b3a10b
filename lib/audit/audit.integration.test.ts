import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import { NextRequest } from "next/server";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentToken, createApiKey, createTenant, createUser, revokeCredential } from "../admin/accounts";
import { updateTenantSettings } from "../admin/tenant-settings";
import type { CallerContext } from "../auth/context";
import { hashSecret } from "../auth/secrets";
import { pool } from "../db";
import { GET as auditRoute } from "../../app/api/v1/audit/route";
import { NASTY } from "../../test-support/fuzz";
import { callRoute } from "../../test-support/route-call";
import { routeParams } from "../../test-support/ingest-fixtures";
import { withTestDatabase } from "../../test-support/test-db";
import type { AuditActor } from "./write";

const db = withTestDatabase();

// The audit log: every administrative act writes one entry (who, what, from where, the changed
// fields, never a secret) in the transaction of the act; PostgreSQL refuses to change or remove
// entries; admins read it through GET /api/v1/audit with filters, pages and a CSV export.

const tag = () => randomBytes(3).toString("hex");
const ada: AuditActor = { actor: "user:ada@acme.test", userId: null, via: "web", address: "203.0.113.7", userAgent: "Firefox/140" };

async function entries(tenantId: string) {
  const res = await pool().query(`SELECT *, row_to_json(a)::text AS text FROM audit_entries a WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
  return res.rows as { id: string; actor: string; action: string; subject_type: string; subject_id: string | null; subject_label: string | null; via: string; address: string | null; user_agent: string | null; before: unknown; after: unknown; text: string }[];
}

/** Runs the act and returns the entries it added (it must add exactly `count`). */
async function act(tenantId: string, fn: () => Promise<unknown>, count = 1) {
  const before = (await entries(tenantId)).length;
  await fn();
  const after = await entries(tenantId);
  expect(after.length - before, "entries written").toBe(count);
  return after.slice(before);
}

describe("administrative acts", () => {
  it("each write one entry with who, what, from where and the changed fields, and never a secret", async () => {
    const slug = `audit-${tag()}`;
    const tenantId = (await createTenant({ slug, name: "Audit SOC" }, ada)).id;
    const [created] = await entries(tenantId);
    expect(created).toMatchObject({
      actor: "user:ada@acme.test", via: "web", address: "203.0.113.7", user_agent: "Firefox/140",
      action: "tenant.create", subject_type: "tenant", subject_id: tenantId, subject_label: slug, before: null, after: { slug, name: "Audit SOC" },
    });

    const [renamed] = await act(tenantId, () => createTenant({ slug, name: "Audit Ops" }, ada));
    expect(renamed).toMatchObject({ action: "tenant.rename", before: { name: "Audit SOC" }, after: { name: "Audit Ops" } });
    await act(tenantId, () => createTenant({ slug }, ada), 0);

    const email = `ana-${tag()}@acme.test`;
    const [userCreated] = await act(tenantId, () => createUser({ email, password: "first-password-1", name: "Ana", tenant: slug, role: "analyst" }, ada));
    expect(userCreated).toMatchObject({ action: "user.create", subject_type: "user", subject_label: email, before: null, after: { email, name: "Ana", role: "analyst" } });
    const [promoted] = await act(tenantId, () => createUser({ email, password: "second-password-2", tenant: slug, role: "admin" }, ada));
    expect(promoted).toMatchObject({
      action: "user.update", subject_id: userCreated.subject_id,
      before: { role: "analyst", passwordChanged: false }, after: { role: "admin", passwordChanged: true },
    });
    // The same password and role again change nothing, so there is nothing to record.
    await act(tenantId, () => createUser({ email, password: "second-password-2", tenant: slug, role: "admin" }, ada), 0);

    let keySecret = "";
    const [keyCreated] = await act(tenantId, async () => {
      keySecret = (await createApiKey({ tenant: slug, role: "analyst", name: "ci", userEmail: email }, ada)).secret;
    });
    expect(keyCreated).toMatchObject({ action: "api_key.create", subject_type: "api_key", subject_label: "ci", after: { name: "ci", role: "analyst", owner: email, prefix: keySecret.slice(0, 14) } });

    let tokenSecret = "";
    let tokenId = "";
    const [tokenCreated] = await act(tenantId, async () => {
      const t = await createAgentToken({ tenant: slug, name: "edge" }, ada);
      tokenSecret = t.secret;
      tokenId = t.id;
    });
    expect(tokenCreated).toMatchObject({ action: "agent_token.create", subject_type: "agent_token", subject_id: tokenId, after: { name: "edge" } });

    const [keyRevoked] = await act(tenantId, () => revokeCredential("api-key", tenantId, keyCreated.subject_id!, ada));
    expect(keyRevoked).toMatchObject({ action: "api_key.revoke", subject_label: "ci", before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    const [tokenRevoked] = await act(tenantId, () => revokeCredential("agent-token", tenantId, tokenId, ada));
    expect(tokenRevoked).toMatchObject({ action: "agent_token.revoke", subject_label: "edge" });
    // A second revocation is a 404 and records nothing.
    await act(tenantId, () => expect(revokeCredential("agent-token", tenantId, tokenId, ada)).rejects.toThrow(/not found/), 0);

    const ctx: CallerContext = {
      tenantId, tenantIds: [tenantId], role: "admin", actor: "user:ada@acme.test", userId: null,
      origin: { via: "web", address: "2001:db8::5", userAgent: "Safari" },
    };
    const [settings] = await act(tenantId, () => updateTenantSettings({ ctx, input: { groupingWindowMinutes: 60 } }));
    expect(settings).toMatchObject({
      action: "tenant.settings.update", subject_type: "tenant", subject_id: tenantId, address: "2001:db8::5", user_agent: "Safari",
      before: { groupingWindowMinutes: 1440 }, after: { groupingWindowMinutes: 60 },
    });
    await act(tenantId, () => updateTenantSettings({ ctx, input: { groupingWindowMinutes: 60 } }), 0);

    const stored = (await entries(tenantId)).map((e) => e.text).join("\n");
    const hashes = await pool().query(`SELECT password_hash FROM users WHERE email = $1`, [email]);
    for (const secret of [keySecret, hashSecret(keySecret), tokenSecret, hashSecret(tokenSecret), "first-password-1", "second-password-2", hashes.rows[0].password_hash]) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toMatch(/"(secret|secretHash|password|passwordHash)"/);
  });

  it("write nothing when the act fails, and name the CLI's operator when no caller is given", async () => {
    const t = await createTenant({ slug: `audit-${tag()}` });
    const [created] = await entries(t.id);
    expect(created).toMatchObject({ actor: `cli:${userInfo().username}`, via: "cli", address: null, user_agent: null, action: "tenant.create" });
    await act(t.id, () => expect(createApiKey({ tenant: t.slug, role: "admin", name: "x", userEmail: "nobody@acme.test" })).rejects.toThrow(/not found/), 0);
    await act(t.id, () => expect(updateTenantSettings({ ctx: { tenantId: t.id, tenantIds: [t.id], role: "analyst", actor: "user:x", userId: null }, input: { groupingWindowMinutes: 5 } })).rejects.toThrow(/role/), 0);
  });
});

describe("append-only in PostgreSQL", () => {
  let client: Client;
  const role = `vigil_app_${tag()}`;
  beforeAll(async () => {
    client = new Client({ connectionString: db.url() });
    await client.connect();
    await createTenant({ slug: `append-${tag()}` });
    await client.query(`INSERT INTO lineage_entries (tenant_id, subject_type, subject_id, action, actor) VALUES (gen_random_uuid(), 'event', '1', 'created', 'test')`);
  });
  afterAll(async () => {
    await client.query(`RESET ROLE`).catch(() => undefined);
    await client.query(`DROP OWNED BY "${role}"`).catch(() => undefined);
    await client.query(`DROP ROLE IF EXISTS "${role}"`).catch(() => undefined);
    await client.end();
  });

  it.each(["audit_entries", "lineage_entries"])("%s refuses UPDATE, DELETE and TRUNCATE, even from its owner", async (table) => {
    await expect(client.query(`UPDATE ${table} SET actor = 'someone else'`)).rejects.toThrow(/append-only \(UPDATE refused\)/);
    await expect(client.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only \(DELETE refused\)/);
    await expect(client.query(`TRUNCATE ${table}`)).rejects.toThrow(/append-only \(TRUNCATE refused\)/);
    expect(Number((await client.query(`SELECT count(*) FROM ${table}`)).rows[0].count)).toBeGreaterThan(0);
  });

  it("a separate app role set up by vigil_grant_app_role holds no UPDATE, DELETE or TRUNCATE on them", async () => {
    await client.query(`CREATE ROLE "${role}" NOLOGIN`);
    await client.query(`SELECT vigil_grant_app_role($1)`, [role]);
    await client.query(`SET ROLE "${role}"`);
    try {
      for (const table of ["audit_entries", "lineage_entries"]) {
        await expect(client.query(`UPDATE ${table} SET actor = 'x'`)).rejects.toThrow(/permission denied/);
        await expect(client.query(`DELETE FROM ${table}`)).rejects.toThrow(/permission denied/);
        await expect(client.query(`TRUNCATE ${table}`)).rejects.toThrow(/permission denied/);
        await client.query(`SELECT count(*) FROM ${table}`);
      }
      // It still appends, and changes the other tables as the app does.
      await client.query(`INSERT INTO audit_entries (tenant_id, actor, action, subject_type, via) VALUES (NULL, 'test', 'tenant.create', 'tenant', 'cli')`);
      await client.query(`UPDATE tenants SET name = name`);
      await expect(client.query(`DELETE FROM _prisma_migrations`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.query(`RESET ROLE`);
    }
  });

  it("does not stand in the way of deleting a tenant: its rows cascade away, its audit entries stay", async () => {
    const t = await createTenant({ slug: `gone-${tag()}` });
    await createApiKey({ tenant: t.slug, role: "admin", name: "k" });
    await client.query(`DELETE FROM tenants WHERE id = $1`, [t.id]);
    expect((await client.query(`SELECT count(*)::int AS n FROM api_keys WHERE tenant_id = $1`, [t.id])).rows[0].n).toBe(0);
    expect((await entries(t.id)).map((e) => e.action)).toEqual(["tenant.create", "api_key.create"]);
  });
});

describe("GET /api/v1/audit", () => {
  const keys = {} as Record<"admin" | "analyst" | "manager" | "foreign", string>;
  const bob: AuditActor = { actor: "user:bob@acme.test", userId: null, via: "web", address: null, userAgent: null };

  beforeAll(async () => {
    const t = await createTenant({ slug: `read-${tag()}`, name: "Read SOC" });
    for (const role of ["admin", "analyst", "manager"] as const) keys[role] = (await createApiKey({ tenant: t.slug, role, name: `${role} key` })).secret;
    const other = await createTenant({ slug: `other-${tag()}` });
    keys.foreign = (await createApiKey({ tenant: other.slug, role: "admin", name: "foreign admin" })).secret;
    await createAgentToken({ tenant: other.slug, name: "foreign token" }, ada);
    // Five acts by Ada, two by Bob, and two old entries on fixed days.
    for (const name of ["a1", "a2", "a3"]) await createAgentToken({ tenant: t.slug, name }, ada);
    await createApiKey({ tenant: t.slug, role: "manager", name: "=HYPERLINK(\"http://evil.example\")" }, ada);
    await createTenant({ slug: t.slug, name: "Read Ops" }, ada);
    for (const name of ["b1", "b2"]) await createAgentToken({ tenant: t.slug, name }, bob);
    for (const at of ["2026-01-15T10:00:00Z", "2026-01-16T23:59:59Z"]) {
      await pool().query(
        `INSERT INTO audit_entries (tenant_id, at, actor, action, subject_type, subject_id, subject_label, via, "after") VALUES ($1, $2, 'cli:root', 'user.create', 'user', 'u', 'old@acme.test', 'cli', '{"role":"admin"}')`,
        [t.id, at],
      );
    }
  });

  const get = (query: string, token = keys.admin) => callRoute(auditRoute, "GET", `/audit${query}`, { token });

  it("is for admins of the tenant only", async () => {
    for (const role of ["analyst", "manager"] as const) expect((await get("", keys[role])).status).toBe(403);
    expect((await callRoute(auditRoute, "GET", "/audit", {})).status).toBe(401);
    const foreign = await get("", keys.foreign);
    expect(foreign.status).toBe(200);
    expect(foreign.body.entries.map((e: { subjectLabel: string }) => e.subjectLabel)).not.toContain("a1");
  });

  it("answers the newest first, in pages, with the count of matches", async () => {
    const all = await get("");
    expect(all.status).toBe(200);
    const ats = all.body.entries.map((e: { at: string }) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect(all.body.total).toBe(all.body.entries.length);
    expect(all.body.entries[0]).toMatchObject({ actor: "user:bob@acme.test", action: "agent_token.create", subjectLabel: "b2", via: "web" });
    expect(all.body.entries.slice(-2).map((e: { at: string }) => e.at)).toEqual(["2026-01-16T23:59:59.000Z", "2026-01-15T10:00:00.000Z"]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(`?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.body.entries.length).toBeLessThanOrEqual(4);
      expect(page.body.total).toBe(all.body.total);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.entries.map((e: { id: string }) => e.id));
  });

  it("filters by actor, action, subject type and time range", async () => {
    const labels = async (q: string) => {
      const res = await get(q);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(res.body.entries.length);
      return res.body.entries.map((e: { subjectLabel: string }) => e.subjectLabel);
    };
    expect(await labels("?actor=user:bob@acme.test")).toEqual(["b2", "b1"]);
    expect(await labels("?actor=user:ada@acme.test&subjectType=agent_token")).toEqual(["a3", "a2", "a1"]);
    expect(await labels("?action=tenant.rename")).toHaveLength(1);
    expect(await labels("?action=user.create&from=2026-01-15&to=2026-01-15")).toEqual(["old@acme.test"]);
    expect(await labels("?from=2026-01-16T00:00:00Z&to=2026-01-17")).toEqual(["old@acme.test"]);
    expect(await labels("?from=2026-01-01&to=2026-01-31")).toHaveLength(2);
    expect(await labels("?actor=&action=&subjectType=")).toHaveLength((await get("")).body.total);
  });

  it("refuses filters it cannot apply with a 400 naming the parameter", async () => {
    for (const [q, field] of [
      ["?action=user.delete", "action"], ["?subjectType=event", "subjectType"], ["?cursor=abc", "cursor"], ["?cursor=12", "cursor"], ["?cursor=1.99999999999999999999", "cursor"], ["?cursor=999999999999999.1", "cursor"],
      ["?from=yesterday", "from"], ["?from=2026-02-01&to=2026-01-01", "from"], ["?limit=1000", "limit"], ["?actor=%00", "actor"], ["?acter=x", ""],
    ]) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(JSON.stringify(res.body), q).toContain(field);
    }
  });

  it("answers hostile values of every parameter with a 200 or a 400, never a 5xx", async () => {
    const params = ["actor", "action", "subjectType", "from", "to", "cursor", "limit", "format"];
    for (const name of params) {
      for (const value of NASTY) {
        const text = typeof value === "string" ? value : JSON.stringify(value) ?? "undefined";
        const res = await get(`?${name}=${encodeURIComponent(text.toWellFormed())}`);
        expect([200, 400], `${name}=${text.slice(0, 40)}: ${JSON.stringify(res.body).slice(0, 200)}`).toContain(res.status);
      }
    }
    // A lone surrogate cannot be sent percent-encoded as UTF-8; its raw bytes decode as U+FFFD.
    expect((await get("?actor=%ED%A0%80")).status).toBe(200);
  });

  it("exports every match as CSV, safe to open in a spreadsheet and without secrets", async () => {
    const res = await auditRoute(
      new NextRequest(`http://vigil.test/api/v1/audit?format=csv&actor=${encodeURIComponent("user:ada@acme.test")}&limit=2`, { headers: { authorization: `Bearer ${keys.admin}` } }),
      routeParams({}),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="vigil-audit-\d{8}-\d{6}\.csv"$/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,subjectType,subjectId,subject,changes,via,address,userAgent,before,after");
    // Paging parameters do not limit an export: all five of Ada's entries, newest first.
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toContain("tenant.rename");
    expect(lines[1]).toContain("name: Read SOC → Read Ops");
    expect(lines.find((l) => l.includes("api_key.create"))).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    // A key's prefix (its first 14 characters) is shown as in the Admin page; the secret never is.
    expect(lines.join("\n")).not.toMatch(/vgl_(key|agent)_[\w-]{15,}/);

    const refused = await auditRoute(new NextRequest(`http://vigil.test/api/v1/audit?format=csv`, { headers: { authorization: `Bearer ${keys.analyst}` } }), routeParams({}));
    expect(refused.status).toBe(403);
  });
});
