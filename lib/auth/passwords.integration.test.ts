import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { changeOwnPasswordAction } from "../../app/(account)/account/actions";
import { resetPasswordAction, updateTenantSettingsAction } from "../../app/(console)/admin/actions";
import { POST as authRoute } from "../../app/api/auth/[...nextauth]/route";
import { createApiKey, createTenant, createUser } from "../admin/accounts";
import { resetPasswordByEmail } from "../admin/reset-password";
import { listAuditEntries } from "../audit/queries";
import { pool, prisma } from "../db";
import { withTestDatabase } from "../../test-support/test-db";
import { principalFromBearer } from "./bearer";
import { requestAuthOptions } from "./options";
import { bcryptCost, verifyPassword } from "./passwords";
import { contextOf, currentUser, signedInUser } from "./session";
import { recordSignInFailure } from "./sign-in-throttle";

withTestDatabase();

// Passwords and sign-in (issue 15, section 3): a user's own change, an admin's reset that makes
// the user change it at the next sign-in, sessions that end when the password changes, and every
// sign-in attempt in the audit log. Real PostgreSQL; next-auth's session is stubbed with the
// user and sign-in time a cookie would carry.

const session = vi.hoisted(() => ({ userId: null as string | null, signedInAt: 0 }));

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(async () => (session.userId ? { user: { id: session.userId, signedInAt: session.signedInAt }, expires: "2099-01-01T00:00:00.000Z" } : null)),
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "203.0.113.5", "user-agent": "vitest-browser" }),
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const tag = () => randomBytes(3).toString("hex");

/** A session of this user, signed in now (or at the given time). */
function signInAs(userId: string | null, at = Date.now()) {
  session.userId = userId;
  session.signedInAt = at;
}

async function auditRows(where: string, params: unknown[]) {
  const res = await pool().query(`SELECT *, row_to_json(a)::text AS text FROM audit_entries a WHERE ${where} ORDER BY id`, params);
  return res.rows as { tenant_id: string | null; actor: string; actor_user_id: string | null; action: string; subject_id: string | null; subject_label: string | null; via: string; address: string | null; user_agent: string | null; before: unknown; after: unknown; text: string }[];
}

const userRow = (id: string) =>
  prisma.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true, mustChangePassword: true, passwordChangedAt: true } });

let acme: { id: string; slug: string };
let beta: { id: string; slug: string };
let ada: { id: string; email: string };
let ana: { id: string; email: string };
let bob: { id: string; email: string };

beforeAll(async () => {
  acme = await createTenant({ slug: `acme-${tag()}`, name: "Acme" });
  beta = await createTenant({ slug: `beta-${tag()}`, name: "Beta" });
  ada = await createUser({ email: `ada-${tag()}@acme.test`, password: "ada-passphrase-1", tenant: acme.slug, role: "admin" });
  // Ana belongs to both tenants; Ada administers only Acme.
  ana = await createUser({ email: `ana-${tag()}@acme.test`, password: "ana-passphrase-1", tenant: acme.slug, role: "analyst" });
  await createUser({ email: ana.email, password: "ana-passphrase-1", tenant: beta.slug, role: "analyst" });
  bob = await createUser({ email: `bob-${tag()}@acme.test`, password: "bob-passphrase-1", tenant: acme.slug, role: "analyst" });
});

beforeEach(() => signInAs(null));

describe("a user's own password change", () => {
  it("refuses a wrong current password or a weak new one as field errors, changing nothing", async () => {
    signInAs(ana.id);
    const before = await userRow(ana.id);
    const wrong = await changeOwnPasswordAction({ currentPassword: "not-my-passphrase", newPassword: "ana-new-passphrase-2", confirmation: "ana-new-passphrase-2" });
    expect(wrong).toMatchObject({ ok: false, status: 400, fieldErrors: { currentPassword: "this is not your current password" } });
    const weak = await changeOwnPasswordAction({ currentPassword: "ana-passphrase-1", newPassword: "Password1234", confirmation: "Password1234" });
    expect(weak).toMatchObject({ ok: false, fieldErrors: { newPassword: "this is a commonly used password: choose another" } });
    const mismatch = await changeOwnPasswordAction({ currentPassword: "ana-passphrase-1", newPassword: "ana-new-passphrase-2", confirmation: "ana-new-passphrase-3" });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { confirmation: "does not match the new password" } });
    expect(await userRow(ana.id)).toEqual(before);
    expect(await auditRows(`subject_id = $1 AND action LIKE 'user.password%'`, [ana.id])).toEqual([]);
  });

  it("sets the new password, ends older sessions, and writes one entry in each of the user's tenants without a secret", async () => {
    signInAs(ana.id, Date.now() - 60_000);
    const res = await changeOwnPasswordAction({ currentPassword: "ana-passphrase-1", newPassword: "ana-new-passphrase-2", confirmation: "ana-new-passphrase-2" });
    expect(res).toMatchObject({ ok: true, data: { email: ana.email } });
    const row = await userRow(ana.id);
    expect(await verifyPassword("ana-new-passphrase-2", row.passwordHash)).toBe(true);
    expect(await verifyPassword("ana-passphrase-1", row.passwordHash)).toBe(false);
    expect(bcrypt.getRounds(row.passwordHash)).toBe(bcryptCost());

    // The session that made the change was signed in before it: over. A new sign-in is not.
    expect(await currentUser()).toBeNull();
    signInAs(ana.id);
    expect((await currentUser())?.email).toBe(ana.email);

    const entries = await auditRows(`subject_id = $1 AND action = 'user.password_change'`, [ana.id]);
    expect(entries.map((e) => e.tenant_id).sort()).toEqual([acme.id, beta.id].sort());
    for (const e of entries) {
      expect(e).toMatchObject({
        actor: `user:${ana.email}`, actor_user_id: ana.id, via: "web", address: "203.0.113.5", user_agent: "vitest-browser",
        subject_label: ana.email, before: { passwordChanged: false }, after: { passwordChanged: true },
      });
      for (const secret of ["ana-passphrase-1", "ana-new-passphrase-2", row.passwordHash]) expect(e.text).not.toContain(secret);
    }
  });
});

describe("an admin's password reset", () => {
  it("sets a temporary password shown once, ends the member's sessions and makes them change it before anything else", async () => {
    const key = await createApiKey({ tenant: acme.slug, role: "analyst", name: `bob-key-${tag()}`, userEmail: bob.email });
    signInAs(ada.id);
    const res = await resetPasswordAction({ userId: bob.id });
    if (!res.ok) throw new Error(res.error);
    const temporary = res.data.temporaryPassword;
    expect(temporary).toMatch(/^[\w]{4}(-\w{4}){3}$/);
    const row = await userRow(bob.id);
    expect(row.mustChangePassword).toBe(true);
    expect(await verifyPassword(temporary, row.passwordHash)).toBe(true);
    expect(await verifyPassword("bob-passphrase-1", row.passwordHash)).toBe(false);

    const [entry] = await auditRows(`subject_id = $1 AND action = 'user.password_reset'`, [bob.id]);
    expect(entry).toMatchObject({
      tenant_id: acme.id, actor: `user:${ada.email}`, via: "web", subject_label: bob.email,
      before: { passwordChanged: false, mustChangePassword: false }, after: { passwordChanged: true, mustChangePassword: true },
    });
    expect(entry.text).not.toContain(temporary);

    // A session Bob had before the reset is over; his API key goes on working.
    signInAs(bob.id, Date.now() - 60_000);
    expect(await signedInUser()).toBeNull();
    expect(await principalFromBearer(key.secret)).toMatchObject({ kind: "apiKey", tenantId: acme.id });

    // Signed in with the temporary password: nothing but the password change takes him.
    signInAs(bob.id);
    expect(await currentUser()).toBeNull();
    expect(await signedInUser()).toMatchObject({ mustChangePassword: true, user: { email: bob.email } });
    expect(await updateTenantSettingsAction({ groupingWindowMinutes: 90 })).toMatchObject({ ok: false, status: 401 });
    const same = await changeOwnPasswordAction({ currentPassword: temporary, newPassword: temporary, confirmation: temporary });
    expect(same).toMatchObject({ ok: false, fieldErrors: { newPassword: "choose a password other than the current one" } });
    const changed = await changeOwnPasswordAction({ currentPassword: temporary, newPassword: "bob-own-passphrase-2", confirmation: "bob-own-passphrase-2" });
    expect(changed).toMatchObject({ ok: true });
    expect((await userRow(bob.id)).mustChangePassword).toBe(false);
    const [change] = await auditRows(`subject_id = $1 AND action = 'user.password_change'`, [bob.id]);
    expect(change).toMatchObject({ tenant_id: acme.id, before: { mustChangePassword: true }, after: { mustChangePassword: false } });
    signInAs(bob.id);
    expect((await currentUser())?.email).toBe(bob.email);
  });

  it("is refused for oneself, for a member of a tenant the admin does not run, across tenants, and to analysts", async () => {
    const before = await userRow(ana.id);
    signInAs(ada.id);
    expect(await resetPasswordAction({ userId: ada.id })).toMatchObject({ ok: false, status: 400, fieldErrors: { userId: "change your own password on your account page" } });
    expect(await resetPasswordAction({ userId: ana.id })).toMatchObject({ ok: false, status: 403, error: expect.stringContaining("npm run vigil -- user reset-password") });
    const stranger = await createUser({ email: `eve-${tag()}@beta.test`, password: "eve-passphrase-1", tenant: beta.slug, role: "analyst" });
    expect(await resetPasswordAction({ userId: stranger.id })).toMatchObject({ ok: false, status: 404 });
    expect(await resetPasswordAction({ userId: "not-a-uuid" })).toMatchObject({ ok: false, fieldErrors: { userId: "not a user id" } });
    signInAs(ana.id);
    expect(await resetPasswordAction({ userId: bob.id })).toMatchObject({ ok: false, status: 403 });
    expect(await userRow(ana.id)).toEqual(before);
  });

  it("is open to an operator from the CLI for anyone, audited in each of the user's tenants", async () => {
    const { temporaryPassword } = await resetPasswordByEmail(ana.email, { actor: "cli:root", userId: null, via: "cli", address: null, userAgent: null });
    expect(await verifyPassword(temporaryPassword, (await userRow(ana.id)).passwordHash)).toBe(true);
    const entries = await auditRows(`subject_id = $1 AND action = 'user.password_reset'`, [ana.id]);
    expect(entries.map((e) => [e.tenant_id, e.actor]).sort()).toEqual([[acme.id, "cli:root"], [beta.id, "cli:root"]].sort());
  });
});

describe("sign-in attempts in the audit log", () => {
  type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
  let authorize: Authorize;
  const req = { headers: { "x-forwarded-for": "198.51.100.23, 10.0.0.1", "user-agent": "Firefox/141" } };
  let carl: { id: string; email: string };

  beforeAll(async () => {
    const options = await requestAuthOptions();
    authorize = (options.providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;
    carl = await createUser({ email: `carl-${tag()}@acme.test`, password: "carl-passphrase-1", tenant: acme.slug, role: "manager" });
    await createUser({ email: carl.email, password: "carl-passphrase-1", tenant: beta.slug, role: "analyst" });
  });

  const rowsFor = (label: string) => auditRows(`subject_label = $1 AND action LIKE 'auth.%'`, [label]);

  it("record a success in each of the user's tenants, as the user, from the client's address", async () => {
    expect(await authorize({ email: ` ${carl.email.toUpperCase()} `, password: "carl-passphrase-1" }, req)).toMatchObject({ id: carl.id });
    const entries = await rowsFor(carl.email);
    expect(entries.map((e) => e.tenant_id).sort()).toEqual([acme.id, beta.id].sort());
    for (const e of entries) {
      expect(e).toMatchObject({ action: "auth.sign_in", actor: `user:${carl.email}`, actor_user_id: carl.id, subject_id: carl.id, via: "web", address: "198.51.100.23", user_agent: "Firefox/141" });
    }
  });

  it("record failures with why, never the password: wrong password and disabled accounts in their tenants, unknown emails in none", async () => {
    const dan = await createUser({ email: `dan-${tag()}@acme.test`, password: "dan-passphrase-1", tenant: acme.slug, role: "analyst" });
    expect(await authorize({ email: dan.email, password: "guess-passphrase-9" }, req)).toBeNull();
    await prisma.user.update({ where: { id: dan.id }, data: { disabledAt: new Date() } });
    expect(await authorize({ email: dan.email, password: "dan-passphrase-1" }, req)).toBeNull();
    const unknown = `nobody-${tag()}@acme.test`;
    expect(await authorize({ email: unknown, password: "guess-passphrase-9" }, req)).toBeNull();
    expect(await authorize({ email: "not an email", password: "guess-passphrase-9" }, req)).toBeNull();

    const dans = await rowsFor(dan.email);
    expect(dans.map((e) => [e.tenant_id, e.action, e.actor, e.after])).toEqual([
      [acme.id, "auth.sign_in_failed", "anonymous", { reason: "wrong password" }],
      [acme.id, "auth.sign_in_failed", "anonymous", { reason: "account disabled" }],
    ]);
    expect(await rowsFor(unknown)).toMatchObject([{ tenant_id: null, subject_id: null, action: "auth.sign_in_failed", after: { reason: "unknown account" }, address: "198.51.100.23" }]);
    expect(await rowsFor("not an email")).toMatchObject([{ tenant_id: null, after: { reason: "not an email address" } }]);
    for (const e of [...dans, ...(await rowsFor(unknown))]) expect(e.text).not.toMatch(/passphrase/);
  });

  it("record an attempt the back-off refused, with the wait it was told", async () => {
    const address = "192.0.2.77";
    for (let i = 0; i < 6; i++) await recordSignInFailure(carl.email, address);
    const body = new URLSearchParams({ email: carl.email, password: "carl-passphrase-1", csrfToken: "x", json: "true" });
    const res = await authRoute(
      new Request("http://localhost/api/auth/callback/credentials", {
        method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": address, "user-agent": "curl/8" },
      }),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    expect(res.status).toBe(429);
    const locked = (await rowsFor(carl.email)).filter((e) => e.action === "auth.sign_in_locked");
    expect(locked.map((e) => e.tenant_id).sort()).toEqual([acme.id, beta.id].sort());
    expect(locked[0]).toMatchObject({ actor: "anonymous", address, user_agent: "curl/8", after: { retryAfterSeconds: Number(res.headers.get("retry-after")) } });
  });

  it("show in the tenant's audit list for its admins, and unknown emails in no tenant's", async () => {
    signInAs(ada.id);
    const ctx = contextOf((await currentUser())!);
    const page = await listAuditEntries({ ctx, input: { action: "auth.sign_in_failed", limit: 200 } });
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.every((e) => !e.subjectLabel?.startsWith("nobody-"))).toBe(true);
  });

  it("rehash a password of a lower cost on its next sign-in, and start the session's clock", async () => {
    const eve = await createUser({ email: `eve-${tag()}@acme.test`, password: "eve-passphrase-1", tenant: acme.slug, role: "analyst" });
    await prisma.user.update({ where: { id: eve.id }, data: { passwordHash: bcrypt.hashSync("eve-passphrase-1", 4) } });
    // The suite hashes at cost 4 (vitest.config.mts): raise it by one, as a deployment raises its cost.
    const configured = process.env.VIGIL_BCRYPT_COST;
    process.env.VIGIL_BCRYPT_COST = "5";
    try {
      expect(await authorize({ email: eve.email, password: "eve-passphrase-1" }, req)).toMatchObject({ id: eve.id });
    } finally {
      if (configured === undefined) delete process.env.VIGIL_BCRYPT_COST;
      else process.env.VIGIL_BCRYPT_COST = configured;
    }
    const rehashed = (await userRow(eve.id)).passwordHash;
    expect(bcrypt.getRounds(rehashed)).toBe(5);
    expect(await verifyPassword("eve-passphrase-1", rehashed)).toBe(true);

    const { callbacks } = await requestAuthOptions();
    const before = Date.now();
    const token = (await callbacks!.jwt!({ token: {}, user: { id: eve.id }, account: null } as never)) as { sub: string; signedInAt: number };
    expect(token.sub).toBe(eve.id);
    expect(token.signedInAt).toBeGreaterThanOrEqual(before);
    // A renewed token keeps its sign-in time.
    expect(await callbacks!.jwt!({ token, user: undefined, account: null } as never)).toMatchObject({ signedInAt: token.signedInAt });
  });
});
