"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createAgentTokenAction, createApiKeyAction, revokeCredentialAction, updateTenantSettingsAction } from "@/app/(console)/admin/actions";
import type { TenantAccess } from "@/lib/admin/queries";
import type { TenantSettings } from "@/lib/admin/tenant-settings";
import { Time } from "@/components/ui/time";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { Section } from "./section";

type Credential = TenantAccess["agentTokens"][number] & Partial<Pick<TenantAccess["apiKeys"][number], "role" | "owner" | "actsAs">>;

/** The key's role, and what it is held to when its user may do less (or nothing) now. */
function KeyRole({ c }: { c: Credential }) {
  return (
    <>
      {c.role}
      {c.owner && <span className="block text-xs text-zinc-500 dark:text-zinc-400">for {c.owner}</span>}
      {!c.revokedAt && c.owner && c.actsAs !== c.role && (
        <span className="block text-xs text-amber-700 dark:text-amber-400" data-testid="key-held">
          {c.actsAs ? `acts as ${c.actsAs}: its user's role` : "inactive: its user is disabled or left the tenant"}
        </span>
      )}
    </>
  );
}

const input = "rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950";
const button = "rounded-md bg-emerald-600 px-3 py-1 font-medium text-white hover:bg-emerald-700 disabled:opacity-60";

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div role="status" className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-700 dark:bg-amber-950/40">
      <p className="mb-1 font-medium">Copy this secret now: it is shown once and stored only as a hash.</p>
      <div className="flex items-center gap-2">
        <code data-testid="new-secret" className="flex-1 break-all font-mono text-xs">{secret}</code>
        <button type="button" className={button} onClick={() => navigator.clipboard?.writeText(secret)}>Copy</button>
        <button type="button" className="px-2 text-zinc-500" onClick={onDone}>Dismiss</button>
      </div>
    </div>
  );
}

function CredentialTable({ rows, kind }: { rows: Credential[]; kind: "api-key" | "agent-token" }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  if (rows.length === 0) return <p className="text-zinc-500 dark:text-zinc-400">None yet.</p>;
  return (
    <table className="w-full text-left" aria-label={kind === "api-key" ? "API keys" : "Agent tokens"}>
      <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
        <tr>
          <th className="py-1.5 font-medium">Name</th>
          {kind === "api-key" && <th className="py-1.5 font-medium">Role</th>}
          <th className="py-1.5 font-medium">Prefix</th>
          <th className="py-1.5 font-medium">Created</th>
          <th className="py-1.5 font-medium">Last used</th>
          <th className="py-1.5 font-medium" />
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rows.map((c) => (
          <tr key={c.id} className={c.revokedAt ? "text-zinc-400 line-through dark:text-zinc-600" : ""}>
            <td className="py-1.5">{c.name}</td>
            {kind === "api-key" && (
              <td className="py-1.5">
                <KeyRole c={c} />
              </td>
            )}
            <td className="py-1.5 font-mono text-xs">{c.prefix}…</td>
            <td className="py-1.5 text-xs"><Time iso={c.createdAt} /></td>
            <td className="py-1.5 text-xs">{c.lastUsedAt ? <Time iso={c.lastUsedAt} /> : "never"}</td>
            <td className="py-1.5 text-right">
              {c.revokedAt ? (
                <span className="text-xs no-underline">revoked</span>
              ) : (
                <button
                  type="button"
                  disabled={pending}
                  className="text-xs text-red-600 hover:underline dark:text-red-400"
                  onClick={() => {
                    if (!confirm(`Revoke "${c.name}"? Anything using it stops working at once.`)) return;
                    start(async () => {
                      await revokeCredentialAction({ kind, id: c.id });
                      router.refresh();
                    });
                  }}
                >
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The grouping window, edited in hours (the setting is kept in minutes). */
function GroupingWindowForm({ settings }: { settings: TenantSettings }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const hours = settings.groupingWindowMinutes / 60;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const value = Number(new FormData(e.currentTarget).get("hours"));
        start(async () => {
          const res = await updateTenantSettingsAction({ groupingWindowMinutes: Math.round(value * 60) });
          setMessage(res.ok ? { ok: true, text: "Saved: new events use the new window." } : { ok: false, text: Object.values(res.fieldErrors ?? {})[0] ?? res.error });
          if (res.ok) router.refresh();
        });
      }}
    >
      <label htmlFor="grouping-hours">An issue takes events of its fingerprint for</label>
      <input id="grouping-hours" name="hours" type="number" max={720} step="any" defaultValue={hours} className={`${input} w-24`} required />
      <span>hours after its last one.</span>
      <button className={button} disabled={pending}>Save</button>
      {message && (
        <span role="status" className={message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600 dark:text-red-400"}>{message.text}</span>
      )}
    </form>
  );
}

export function AdminPanel({ access, settings }: { access: TenantAccess; settings: TenantSettings }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [resetting, setResetting] = useState<TenantAccess["members"][number] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function submit(action: (raw: unknown) => Promise<{ ok: true; data: { secret: string } } | { ok: false; error: string; fieldErrors?: Record<string, string> }>) {
    return (e: React.FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const form = e.currentTarget;
      const data = Object.fromEntries(new FormData(form).entries());
      start(async () => {
        const res = await action(data);
        if (res.ok) {
          setSecret(res.data.secret);
          setError(null);
          form.reset();
          router.refresh();
        } else setError(Object.values(res.fieldErrors ?? {})[0] ?? res.error);
      });
    };
  }

  return (
    <div className="max-w-5xl">
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      {resetting && <ResetPasswordDialog member={resetting} onClose={() => setResetting(null)} />}
      {error && <p role="alert" className="mb-3 text-red-600 dark:text-red-400">{error}</p>}
      <Section title="Members">
        <table className="w-full text-left" data-testid="members">
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {access.members.map((m) => (
              <tr key={m.email}>
                <td className="py-1.5">
                  {m.name}
                  {m.you && <span className="ml-1.5 text-xs text-zinc-500 dark:text-zinc-400">(you)</span>}
                </td>
                <td className="py-1.5 font-mono text-xs">{m.email}</td>
                <td className="py-1.5">{m.role}</td>
                <td className="py-1.5 text-xs">
                  {m.mustChangePassword && (
                    <span className="text-amber-700 dark:text-amber-400" data-testid="must-change-password">
                      must change password
                    </span>
                  )}
                </td>
                <td className="py-1.5 text-right">
                  {!m.you && (
                    <button type="button" className="text-xs text-red-600 hover:underline dark:text-red-400" onClick={() => setResetting(m)}>
                      Reset password
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Add members with <code className="font-mono">npm run vigil -- user create --email … --tenant … --role …</code>.
        </p>
      </Section>
      <Section title="Agent tokens (ingest only)">
        <form onSubmit={submit(createAgentTokenAction)} className="mb-3 flex items-center gap-2">
          <input name="name" placeholder="Token name, e.g. prod-cluster" aria-label="Agent token name" className={input} required maxLength={200} />
          <button className={button} disabled={pending}>Create agent token</button>
        </form>
        <CredentialTable rows={access.agentTokens} kind="agent-token" />
      </Section>
      <Section title="API keys">
        <form onSubmit={submit(createApiKeyAction)} className="mb-3 flex items-center gap-2">
          <input name="name" placeholder="Key name" aria-label="API key name" className={input} required maxLength={200} />
          <select name="role" aria-label="API key role" className={input} defaultValue="analyst">
            <option value="analyst">analyst</option>
            <option value="manager">manager</option>
            <option value="admin">admin</option>
          </select>
          <button className={button} disabled={pending}>Create API key</button>
        </form>
        <CredentialTable rows={access.apiKeys} kind="api-key" />
      </Section>
      <Section title="Issue grouping">
        <GroupingWindowForm settings={settings} />
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
          Events of one type, place and destination join the same issue while they arrive within this window; after it, a new issue opens.
        </p>
      </Section>
    </div>
  );
}
