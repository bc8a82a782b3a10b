import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey, createTenant, createUser } from "../admin/accounts";
import { pool, prisma } from "../db";
import { createPolicy } from "../policies/create-policy";
import { createRule } from "../policies/create-rule";
import { importRuleSets } from "../rules/import-rule-sets";
import { getRuleSet } from "../rules/queries";
import { getRetroHunt, startRetroHunt } from "../rules/retro-hunt";
import { FINISHED_RETRO_HUNT_STATUSES } from "../rules/retro-hunt-schemas";
import { withTestDatabase } from "../../test-support/test-db";
import { SERVER_ACTION_ACCESS, type ServerActionKey } from "./action-access";
import type { ActionResult } from "./action";
import type { CallerContext } from "./context";
import { roleCan, type Permission, type Role } from "./roles";

withTestDatabase();

// The server actions' access table (lib/auth/action-access.ts) against the file system and
// against every kind of caller. An exported action without a row (or a row without an action,
// or an action that names another's row) fails the first tests; every action is then called by
// every caller kind below, through a mocked next-auth session whose user the real currentUser
// looks up in the database, and must answer as its row says: 401 without a live signed-in
// member, 403 without the permission, and neither for a caller that holds it. Another tenant's
// admin gets a 404 for this tenant's ids and changes nothing.

const caller = vi.hoisted(() => ({ userId: null as string | null, tenantCookie: undefined as string | undefined }));

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (caller.userId ? { user: { id: caller.userId, signedInAt: Date.now() }, expires: "2099-01-01T00:00:00.000Z" } : null)),
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" }),
  cookies: async () => ({
    get: (name: string) => (name === "vigil_tenant" && caller.tenantCookie ? { name, value: caller.tenantCookie } : undefined),
    set: () => undefined,
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const ROOT = path.join(__dirname, "../..");
const SOURCE_DIRS = ["app", "components", "lib"];
const SOURCE = /\.(ts|tsx)$/;
const MODULE_DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;
const DIRECTIVE_LINE = /^\s*["']use server["'];?\s*$/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === "node_modules" || e.name === "generated" || e.name.startsWith(".")) return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : SOURCE.test(e.name) && !e.name.includes(".test.") ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
/** Files whose first statement is "use server": every export is an action. */
const actionFiles = files.filter((f) => MODULE_DIRECTIVE.test(readFileSync(f, "utf8")));

type Action = (raw: unknown) => Promise<ActionResult<unknown>>;
const actions = new Map<string, Action>();
const exported: { key: string; file: string; name: string; isFunction: boolean }[] = [];

type CallerKind =
  | "no session" | "deleted user" | "disabled admin" | "removed member" | "admin who must change their password"
  | "manager" | "analyst" | "admin" | "demoted admin" | "another tenant's admin";

const KINDS: CallerKind[] = [
  "no session", "deleted user", "disabled admin", "removed member", "admin who must change their password",
  "manager", "analyst", "admin", "demoted admin", "another tenant's admin",
];

/** The exported function's source, from `export async function name` to the next export. */
function actionSource(file: string, name: string): string {
  return readFileSync(file, "utf8").split(/^export /m).find((chunk) => new RegExp(`^async function ${name}\\b`).test(chunk)) ?? "";
}

/** What a caller of this kind gets from an action: "allowed" (neither 401 nor 403), or the status. */
function expected(key: ServerActionKey, kind: CallerKind): "allowed" | 401 | 403 {
  const roleOf: Partial<Record<CallerKind, Role>> = { manager: "manager", analyst: "analyst", admin: "admin", "demoted admin": "analyst", "another tenant's admin": "admin" };
  // After an admin's reset, only the password change itself (authAction's beforePasswordChange) takes the user.
  if (kind === "admin who must change their password") {
    const file = path.join(ROOT, key.split("#")[0]);
    if (/beforePasswordChange:\s*true/.test(actionSource(file, key.split("#")[1]))) roleOf[kind] = "admin";
  }
  const role = roleOf[kind];
  if (!role) return 401;
  return roleCan(role, SERVER_ACTION_ACCESS[key]) ? "allowed" : 403;
}

interface Ids {
  tenantSlug: string;
  policy: string;
  rule: string;
  apiKey: string;
  user: string;
  ruleSet: string;
  detectionRule: string;
  retroHunt: string;
}

const ZERO = "00000000-0000-0000-0000-000000000000";
const NOWHERE: Ids = { tenantSlug: "nowhere", policy: ZERO, rule: ZERO, apiKey: ZERO, user: ZERO, ruleSet: ZERO, detectionRule: ZERO, retroHunt: ZERO };
const DETECTION_RULE = { rule_id: "matrix_rule", event_type: "process_exec", condition: 'process.exec_path.endsWith("/nc")', action: "detect" };

/**
 * Each action's input, naming the given ids. `namesRows`: the input names rows of a tenant (so
 * another tenant's admin must get a 404); false for an action that acts in the caller's own
 * active tenant, naming nothing of it.
 */
const INPUTS: Record<ServerActionKey, { input: (ids: Ids) => unknown; namesRows: boolean }> = {
  "app/(console)/actions.ts#switchTenant": { input: (ids) => ({ slug: ids.tenantSlug }), namesRows: true },
  "app/(console)/admin/actions.ts#createAgentTokenAction": { input: () => ({ name: "matrix token" }), namesRows: false },
  "app/(console)/admin/actions.ts#createApiKeyAction": { input: () => ({ name: "matrix key", role: "manager" }), namesRows: false },
  "app/(console)/admin/actions.ts#revokeCredentialAction": { input: (ids) => ({ kind: "api-key", id: ids.apiKey }), namesRows: true },
  "app/(console)/admin/actions.ts#updateTenantSettingsAction": { input: () => ({ groupingWindowMinutes: 90, retentionDays: 30 }), namesRows: false },
  "app/(console)/admin/actions.ts#resetPasswordAction": { input: (ids) => ({ userId: ids.user }), namesRows: true },
  // The caller's own password: a wrong current one, so nothing changes.
  "app/(account)/account/actions.ts#changeOwnPasswordAction": {
    input: () => ({ currentPassword: "not my password", newPassword: "a brand new passphrase 42", confirmation: "a brand new passphrase 42" }), namesRows: false,
  },
  // A read of the caller's own tenant: it names no rows.
  "app/(console)/dashboard/actions.ts#exploreEventsAction": {
    input: () => ({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z", by: ["severity", "agent"], limit: 10 }), namesRows: false,
  },
  "app/(console)/policies/actions.ts#createPolicyAction": { input: () => ({ scope: "node", scopeRef: "matrix-node" }), namesRows: false },
  "app/(console)/policies/actions.ts#updatePolicyModeAction": { input: (ids) => ({ id: ids.policy, mode: "enforce", version: 1 }), namesRows: true },
  "app/(console)/policies/actions.ts#deletePolicyAction": { input: (ids) => ({ id: ids.policy, version: 1 }), namesRows: true },
  "app/(console)/policies/actions.ts#createRuleAction": {
    input: (ids) => ({ policyId: ids.policy, rule: { type: "domain", value: "matrix.example", action: "deny" } }), namesRows: true,
  },
  "app/(console)/policies/actions.ts#updateRuleAction": { input: (ids) => ({ policyId: ids.policy, ruleId: ids.rule, changes: { reason: "matrix", version: 1 } }), namesRows: true },
  "app/(console)/policies/actions.ts#deleteRulesAction": { input: (ids) => ({ policyId: ids.policy, rules: [{ id: ids.rule, version: 1 }] }), namesRows: true },
  "app/(console)/rules/actions.ts#importRuleSetsAction": {
    input: () => ({ text: JSON.stringify({ rule_sets: [{ ruleset_id: "matrix/import", rules: [DETECTION_RULE] }] }), format: "json" }), namesRows: false,
  },
  "app/(console)/rules/actions.ts#createRuleSetAction": { input: () => ({ rulesetId: "matrix/new", rule: DETECTION_RULE }), namesRows: false },
  "app/(console)/rules/actions.ts#addRuleAction": { input: (ids) => ({ setId: ids.ruleSet, rule: { ...DETECTION_RULE, rule_id: "matrix_added" } }), namesRows: true },
  "app/(console)/rules/actions.ts#updateRuleAction": { input: (ids) => ({ setId: ids.ruleSet, ruleId: ids.detectionRule, changes: { enabled: false, version: 1 } }), namesRows: true },
  "app/(console)/rules/actions.ts#deleteRuleAction": { input: (ids) => ({ setId: ids.ruleSet, ruleId: ids.detectionRule, version: 1 }), namesRows: true },
  "app/(console)/rules/actions.ts#deleteRuleSetAction": { input: (ids) => ({ setId: ids.ruleSet }), namesRows: true },
  // A draft over the caller's own tenant's events: it names no rows.
  "app/(console)/rules/actions.ts#testRuleAction": { input: () => ({ event_type: "process_exec", condition: "true", limit: 10 }), namesRows: false },
  "app/(console)/rules/actions.ts#startRetroHuntAction": { input: (ids) => ({ ruleId: ids.detectionRule, from: "-1h" }), namesRows: true },
  "app/(console)/rules/actions.ts#cancelRetroHuntAction": { input: (ids) => ({ id: ids.retroHunt }), namesRows: true },
  // A list filtered by a rule id: another tenant's id lists nothing (checked below: nothing of acme leaks).
  "app/(console)/rules/actions.ts#listRetroHuntsAction": { input: (ids) => ({ ruleId: ids.detectionRule }), namesRows: false },
};

const sessions = {} as Record<CallerKind, { userId: string | null; tenantCookie?: string }>;
let ids: Ids;
let tenantId: string;

async function footprint() {
  const res = await pool().query(
    `SELECT (SELECT count(*) FROM lineage_entries WHERE tenant_id = $1)::int AS lineage,
            (SELECT count(*) FROM audit_entries WHERE tenant_id = $1)::int AS audit,
            (SELECT count(*) FROM network_policies WHERE tenant_id = $1)::int AS policies,
            (SELECT coalesce(sum(version), 0) FROM network_policies WHERE tenant_id = $1)::int AS policy_versions,
            (SELECT count(*) FROM network_policy_rules WHERE tenant_id = $1)::int AS rules,
            (SELECT coalesce(sum(version), 0) FROM network_policy_rules WHERE tenant_id = $1)::int AS rule_versions,
            (SELECT count(*) FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL)::int AS live_keys,
            (SELECT count(*) FROM agent_tokens WHERE tenant_id = $1)::int AS agent_tokens,
            (SELECT coalesce(sum(version), 0) FROM rule_sets WHERE tenant_id = $1)::int AS rule_set_versions,
            (SELECT count(*) FROM detection_rules WHERE tenant_id = $1)::int AS detection_rules,
            (SELECT count(*) FILTER (WHERE cancel_requested) || '/' || count(*) FROM retro_hunts WHERE tenant_id = $1) AS retro_hunts,
            (SELECT grouping_window_minutes FROM tenants WHERE id = $1) AS grouping_window,
            (SELECT retention_days FROM tenants WHERE id = $1) AS retention_days,
            (SELECT md5(string_agg(u.password_hash, ',' ORDER BY u.id)) FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.tenant_id = $1) AS passwords`,
    [tenantId],
  );
  return res.rows[0];
}

async function callAs(kind: CallerKind, key: string, input: unknown, tenantCookie?: string) {
  caller.userId = sessions[kind].userId;
  caller.tenantCookie = tenantCookie ?? sessions[kind].tenantCookie;
  try {
    return await actions.get(key)!(input);
  } finally {
    caller.userId = null;
    caller.tenantCookie = undefined;
  }
}

beforeAll(async () => {
  for (const file of actionFiles) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      const key = `${rel(file)}#${name}`;
      exported.push({ key, file, name, isFunction: typeof value === "function" });
      if (typeof value === "function") actions.set(key, value as Action);
    }
  }

  const tag = randomBytes(3).toString("hex");
  const acme = await createTenant({ slug: `actions-${tag}`, name: "Acme" });
  const globex = await createTenant({ slug: `actions-foreign-${tag}`, name: "Globex" });
  tenantId = acme.id;
  const person = async (role: Role, label: string, tenant = acme.slug) => {
    const email = `${label}-${tag}@example.test`;
    return createUser({ email, password: `matrix ${randomBytes(9).toString("base64")} passphrase`, name: label, tenant, role });
  };
  const demoted = await person("admin", "dee");
  await prisma.membership.update({ where: { tenantId_userId: { tenantId, userId: demoted.id } }, data: { role: "analyst" } });
  const disabled = await person("admin", "dan");
  await prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  const removed = await person("admin", "rex");
  await prisma.membership.delete({ where: { tenantId_userId: { tenantId, userId: removed.id } } });
  const reset = await person("admin", "pat");
  await prisma.user.update({ where: { id: reset.id }, data: { mustChangePassword: true } });
  const member = await person("analyst", "val");
  const at = (userId: string | null) => ({ userId, tenantCookie: acme.slug });
  Object.assign(sessions, {
    "no session": at(null), "deleted user": at(randomUUID()), "disabled admin": at(disabled.id), "removed member": at(removed.id),
    "admin who must change their password": at(reset.id),
    manager: at((await person("manager", "mia")).id), analyst: at((await person("analyst", "sam")).id), admin: at((await person("admin", "ada")).id),
    "demoted admin": at(demoted.id),
    // Its own tenant's cookie here; the cross-tenant test sends acme's, which must not let it in.
    "another tenant's admin": { userId: (await person("admin", "gus", globex.slug)).id, tenantCookie: globex.slug },
  } satisfies Record<CallerKind, { userId: string | null; tenantCookie?: string }>);

  // One of everything the actions name, in acme.
  const ctx: CallerContext = { tenantId, tenantIds: [tenantId], role: "admin", actor: "test", userId: null };
  const policy = await createPolicy({ ctx, input: { scope: "global" } });
  const rule = await createRule({ ctx, input: { id: policy.id, type: "domain", value: "evil.example", action: "deny" } });
  const key = await createApiKey({ tenant: acme.slug, role: "analyst", name: "live key" });
  const [ruleSet] = (await importRuleSets({ ctx, input: { text: JSON.stringify({ rule_sets: [{ ruleset_id: "matrix/set", rules: [DETECTION_RULE, { ...DETECTION_RULE, rule_id: "second" }] }] }), format: "json" } })).ruleSets;
  const detectionRule = (await getRuleSet({ ctx, input: { id: ruleSet.id } })).rules[0];
  const hunt = await startRetroHunt({ ctx, input: { ruleId: detectionRule.id, from: "-1h" } });
  // It runs in the background: let it finish, so the footprints compared below hold still.
  for (let i = 0; i < 200 && !FINISHED_RETRO_HUNT_STATUSES.includes((await getRetroHunt({ ctx, input: { id: hunt.id } })).status); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  ids = { tenantSlug: acme.slug, policy: policy.id, rule: rule.id, apiKey: key.id, user: member.id, ruleSet: ruleSet.id, detectionRule: detectionRule.id, retroHunt: hunt.id };
});

describe("the server actions' access table", () => {
  it("finds the action files and no inline server action outside them", () => {
    expect(actionFiles.map(rel)).toContain("app/(console)/policies/actions.ts");
    const inline = files.filter((f) => !actionFiles.includes(f) && DIRECTIVE_LINE.test(readFileSync(f, "utf8"))).map(rel);
    // An action declared inside a component or page would escape the table: keep actions in "use server" files.
    expect(inline).toEqual([]);
    expect(actionFiles.map(rel).filter((f) => !f.startsWith("app/")), "server actions live under app/").toEqual([]);
  });

  it("has a row for every exported action, and an action for every row", () => {
    expect(exported.filter((e) => !e.isFunction).map((e) => e.key), "a \"use server\" file exports async functions only").toEqual([]);
    expect(exported.map((e) => e.key).sort()).toEqual(Object.keys(SERVER_ACTION_ACCESS).sort());
  });

  it("has each action name its own row when it calls authAction", () => {
    for (const { key, file, name } of exported) {
      const body = actionSource(file, name);
      const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      expect(new RegExp(`authAction\\(\\s*"${escaped}"`).test(body), `${key} must call authAction("${key}", …)`).toBe(true);
    }
  });

  const rows = Object.entries(SERVER_ACTION_ACCESS) as [ServerActionKey, Permission][];

  it.each(rows)("%s answers each caller kind as its row says", async (key) => {
    for (const kind of KINDS) {
      const want = expected(key, kind);
      const before = want === "allowed" ? null : await footprint();
      const res = await callAs(kind, key, INPUTS[key].input(NOWHERE));
      const shown = `${key} as ${kind}: ${JSON.stringify(res)}`;
      if (want === "allowed") {
        if (!res.ok) expect([401, 403], shown).not.toContain(res.status);
        expect(res, shown).not.toMatchObject({ error: "Something went wrong; it has been logged." });
      } else {
        expect(res, shown).toMatchObject({ ok: false, status: want });
        expect(await footprint(), shown).toEqual(before);
      }
    }
  });

  it.each(rows)("%s: another tenant's admin, even with this tenant's cookie, gets a 404 for its ids and changes nothing here", async (key) => {
    const before = await footprint();
    const res = await callAs("another tenant's admin", key, INPUTS[key].input(ids), ids.tenantSlug);
    if (INPUTS[key].namesRows) expect(res, `${key}: ${JSON.stringify(res)}`).toMatchObject({ ok: false, status: 404 });
    else expect(res, `${key}: ${JSON.stringify(res)}`).not.toMatchObject({ error: "Something went wrong; it has been logged." });
    expect(JSON.stringify(res)).not.toMatch(/evil\.example|live key/);
    expect(await footprint()).toEqual(before);
  });

  it("runs for an admin of the tenant, and the audit entry names them and the request's address", async () => {
    const res = await callAs("admin", "app/(console)/policies/actions.ts#createPolicyAction", { scope: "cluster", scopeRef: "matrix-cluster" });
    expect(res).toMatchObject({ ok: true, data: { scope: "cluster", scopeRef: "matrix-cluster" } });
    const entry = await pool().query(`SELECT actor, via, address, user_agent FROM audit_entries WHERE tenant_id = $1 AND action = 'network_policy.create' ORDER BY id DESC LIMIT 1`, [tenantId]);
    expect(entry.rows[0]).toEqual({ actor: expect.stringMatching(/^user:ada-/), via: "web", address: "203.0.113.9", user_agent: "vitest" });
  });

  it("counts its matrix", () => {
    const byId = rows.filter(([key]) => INPUTS[key].namesRows).length;
    // Recorded in docs/security.md: actions × caller kinds, plus the foreign-tenant checks.
    console.log(`server action matrix: ${rows.length} actions × ${KINDS.length} caller kinds = ${rows.length * KINDS.length} calls, plus ${rows.length} foreign-tenant checks (${byId} naming this tenant's ids)`);
    expect(rows.length).toBeGreaterThan(10);
  });
});
