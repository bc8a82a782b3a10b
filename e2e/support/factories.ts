import { createHash, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import { Client } from "pg";

// Each test makes its own tenant and users, straight in the e2e database: no shared fixtures.

async function withDb<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function createTenant(name = "Acme SOC"): Promise<{ id: string; slug: string; name: string }> {
  const slug = uniqueSlug("t");
  return withDb(async (c) => {
    const res = await c.query<{ id: string }>(`INSERT INTO tenants (slug, name) VALUES ($1, $2) RETURNING id`, [slug, name]);
    return { id: res.rows[0].id, slug, name };
  });
}

export async function createUser(
  memberships: { tenantId: string; role: "admin" | "analyst" | "manager" }[],
  name = "Ana Analyst",
): Promise<{ email: string; password: string }> {
  const email = `${uniqueSlug("u")}@example.test`;
  const password = `pw-${randomBytes(6).toString("hex")}`;
  const hash = await bcrypt.hash(password, 4);
  await withDb(async (c) => {
    const res = await c.query<{ id: string }>(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [email, name, hash]);
    for (const m of memberships) {
      await c.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [m.tenantId, res.rows[0].id, m.role]);
    }
  });
  return { email, password };
}

export async function createAgentToken(tenantId: string, name = "e2e agent"): Promise<string> {
  const secret = `vgl_agent_${randomBytes(32).toString("base64url")}`;
  await withDb((c) =>
    c.query(`INSERT INTO agent_tokens (tenant_id, name, prefix, secret_hash) VALUES ($1, $2, $3, $4)`, [
      tenantId,
      name,
      secret.slice(0, 14),
      createHash("sha256").update(secret).digest("hex"),
    ]),
  );
  return secret;
}
