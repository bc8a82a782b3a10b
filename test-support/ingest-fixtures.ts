import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { createAgentToken, createApiKey, createTenant } from "../lib/admin/accounts";
import type { CallerContext } from "../lib/auth/context";
import type { Role } from "../lib/auth/roles";

export function garnetEvent(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    kind: "detections",
    created_at: "2026-11-20T10:00:00Z",
    updated_at: "2026-11-20T10:00:00Z",
    agent: { id: "agent-1", hostname: "runner-1", os: "linux", arch: "amd64", version: "2.1.0" },
    data: {
      head: { name: "crypto_miner_execution", description: "xmrig started", importance: "high" },
      process: { exe: "/tmp/xmrig", cmd: "xmrig -o pool.minexmr.com:4444", pid: 4242, ppid: 4000, uid: 1001 },
      parent: { exe: "/bin/bash", pid: 4000, ppid: 1 },
    },
    ...overrides,
  };
}

export async function makeTenantWithCredentials(label: string) {
  const tenant = await createTenant({ slug: `${label}-${randomBytes(3).toString("hex")}`, name: label });
  const agent = await createAgentToken({ tenant: tenant.slug, name: `${label} agent` });
  const adminKey = await createApiKey({ tenant: tenant.slug, role: "admin", name: `${label} admin key` });
  const analystKey = await createApiKey({ tenant: tenant.slug, role: "analyst", name: `${label} analyst key` });
  return { tenant, agentToken: agent.secret, adminKey: adminKey.secret, analystKey: analystKey.secret };
}

export function ingestRequest(format: string, body: string, opts: { token?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new NextRequest(`http://vigil.test/api/v1/ingest/${format}`, { method: "POST", headers, body });
}

export function routeParams<T extends Record<string, string>>(params: T) {
  return { params: Promise.resolve(params) };
}

/** A member of the tenant with this role, as lib/ operations take their caller. */
export function callerIn(tenantId: string, role: Role = "analyst"): CallerContext {
  return { tenantId, tenantIds: [tenantId], role, actor: "test", userId: null };
}
