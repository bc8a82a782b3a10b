import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "../../app/api/v1/saved-searches/route";
import { DELETE, PATCH } from "../../app/api/v1/saved-searches/[id]/route";
import { createApiKey, createTenant, createUser } from "../admin/accounts";
import { withTestDatabase } from "../../test-support/test-db";
import { routeParams } from "../../test-support/ingest-fixtures";

withTestDatabase();

const URL_BASE = "http://vigil.test/api/v1/saved-searches";

function request(method: string, token: string, path = "", body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const init = { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) };
  return new NextRequest(`${URL_BASE}${path}`, init);
}

async function json(res: Response) {
  return { status: res.status, type: res.headers.get("content-type"), body: res.status === 204 ? null : await res.json() };
}

const list = async (token: string) => json(await GET(request("GET", token), routeParams({})));
const create = async (token: string, body: unknown) => json(await POST(request("POST", token, "", body), routeParams({})));
const patch = async (token: string, id: string, body: unknown) => json(await PATCH(request("PATCH", token, `/${id}`, body), routeParams({ id })));
const remove = async (token: string, id: string) => json(await DELETE(request("DELETE", token, `/${id}`), routeParams({ id })));

/** A user with a role in a tenant and an API key acting as them. */
async function member(tenant: string, role: "admin" | "analyst" | "manager", name: string) {
  const email = `${name.toLowerCase()}-${randomBytes(3).toString("hex")}@example.test`;
  await createUser({ email, password: "test-passphrase-123", name, tenant, role });
  const key = await createApiKey({ tenant, role, name: `${name} key`, userEmail: email });
  return key.secret;
}

let ana = "";
let max = "";
let other = "";
let userless = "";

beforeAll(async () => {
  const acme = await createTenant({ slug: `acme-${randomBytes(3).toString("hex")}` });
  const globex = await createTenant({ slug: `globex-${randomBytes(3).toString("hex")}` });
  ana = await member(acme.slug, "analyst", "Ana");
  max = await member(acme.slug, "manager", "Max");
  other = await member(globex.slug, "admin", "Olga");
  userless = (await createApiKey({ tenant: acme.slug, role: "admin", name: "ci" })).secret;
});

describe("saved searches", () => {
  it("lists one's own searches and the tenant's shared ones, never another user's private ones", async () => {
    const mine = await create(ana, { name: "  Miners last day ", query: "?q=exe%3A%2Ftmp%2F*&range=24h" });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: "Miners last day", query: "q=exe%3A%2Ftmp%2F*&range=24h", shared: false, mine: true, owner: { name: "Ana" } });
    const team = await create(ana, { name: "Team: blocked", query: "f=outcome%3Ablocked", shared: true });
    expect(team.status).toBe(201);

    const anaList = await list(ana);
    expect(anaList.body.data.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(["Miners last day", "Team: blocked"]));

    const maxList = await list(max);
    expect(maxList.status).toBe(200);
    const names = maxList.body.data.map((s: { name: string }) => s.name);
    expect(names).toContain("Team: blocked");
    expect(names).not.toContain("Miners last day");
    expect(maxList.body.data.find((s: { name: string }) => s.name === "Team: blocked")).toMatchObject({
      mine: false, shared: true, owner: { id: mine.body.owner.id, name: "Ana" }, query: "f=outcome%3Ablocked",
    });
    expect((await list(other)).body.data).toEqual([]);
  });

  it("lets only the owner rename, share and delete: others get 403 on shared, 404 on private or foreign", async () => {
    const priv = (await create(ana, { name: "private one", query: "q=curl" })).body;
    const pub = (await create(ana, { name: "public one", query: "q=wget", shared: true })).body;

    expect((await patch(max, priv.id, { name: "stolen" })).status).toBe(404);
    expect((await remove(max, priv.id)).status).toBe(404);
    const forbidden = await patch(max, pub.id, { name: "stolen" });
    expect(forbidden.status).toBe(403);
    expect(forbidden.type).toBe("application/problem+json");
    expect((await remove(max, pub.id)).status).toBe(403);

    for (const id of [priv.id, pub.id]) {
      expect((await patch(other, id, { shared: false })).status).toBe(404);
      expect((await remove(other, id)).status).toBe(404);
    }
    expect((await patch(ana, "not-a-uuid", { name: "x" })).status).toBe(404);
    expect((await remove(ana, "00000000-0000-4000-8000-000000000000")).status).toBe(404);

    const renamed = await patch(ana, priv.id, { name: "renamed", shared: true });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: priv.id, name: "renamed", shared: true, query: "q=curl", mine: true });
    expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(priv.updatedAt));
    expect((await list(max)).body.data.map((s: { name: string }) => s.name)).toContain("renamed");

    const unshared = await patch(ana, pub.id, { shared: false });
    expect(unshared.body).toMatchObject({ name: "public one", shared: false });
    expect((await list(max)).body.data.map((s: { name: string }) => s.name)).not.toContain("public one");

    expect((await remove(ana, pub.id)).status).toBe(204);
    expect((await remove(ana, pub.id)).status).toBe(404);
    expect((await list(ana)).body.data.map((s: { id: string }) => s.id)).not.toContain(pub.id);
  });

  it("answers 409 for a duplicate name of the same user, on create and on rename", async () => {
    expect((await create(ana, { name: "dup", query: "q=a" })).status).toBe(201);
    const again = await create(ana, { name: " dup ", query: "q=b" });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/dup/);
    expect((await create(max, { name: "dup", query: "q=a" })).status).toBe(201);
    const second = (await create(ana, { name: "dup 2", query: "q=c" })).body;
    expect((await patch(ana, second.id, { name: "dup" })).status).toBe(409);
  });

  it("answers 400 naming the field for bad input", async () => {
    const cases: [unknown, string][] = [
      [{ query: "q=x" }, "name"],
      [{ name: "   ", query: "q=x" }, "name"],
      [{ name: "x".repeat(101), query: "q=x" }, "name"],
      [{ name: "long", query: `q=${"a".repeat(4000)}` }, "query"],
      [{ name: "no query" }, "query"],
      [{ name: "bad shared", query: "", shared: "yes" }, "shared"],
      [{ name: "nul\u0000name", query: "q=x" }, "name"],
      [{ name: "nul query", query: "q=\u0000" }, "query"],
    ];
    for (const [body, field] of cases) {
      const res = await create(ana, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const malformed = await create(ana, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ field: "body" });
    expect((await create(ana, [1, 2])).status).toBe(400);

    const item = (await create(ana, { name: "to patch", query: "q=x" })).body;
    const empty = await patch(ana, item.id, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe("name");
    expect((await patch(ana, item.id, { shared: 1 })).status).toBe(400);
    const nul = await patch(ana, item.id, { name: "\u0000x" });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0]).toEqual({ field: "name", message: "must not contain a NUL character" });
  });

  it("refuses an API key that has no user with a clear 403", async () => {
    const res = await list(userless);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/belong to a user/);
    expect((await create(userless, { name: "ci", query: "" })).status).toBe(403);
  });
});
