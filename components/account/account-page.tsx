import { PASSWORD_HINT } from "@/lib/auth/password-rules";
import { Section } from "@/components/admin/section";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "./change-password-form";

interface Props {
  user: { name: string; email: string };
  memberships: { name: string; role: string }[];
  mustChangePassword: boolean;
}

export function AccountPage({ user, memberships, mustChangePassword }: Props) {
  return (
    <div className="max-w-2xl">
      <PageHeader title="Account" subtitle="Who you are signed in as, and your password." />
      {mustChangePassword && (
        <div role="alert" className="mb-6 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200">
          <p className="font-medium">An admin has reset your password.</p>
          <p className="mt-0.5">Choose a new one to go on: enter the temporary password you were given, then your own.</p>
        </div>
      )}
      <Section title="Profile">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1.5">
          <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
          <dd>{user.name}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
          <dd className="font-mono text-xs leading-5">{user.email}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Tenants</dt>
          <dd>
            <ul>
              {memberships.map((m) => (
                <li key={m.name}>
                  {m.name} <span className="text-zinc-500 dark:text-zinc-400">· {m.role}</span>
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </Section>
      <Section title="Change password" id="password">
        <p className="mb-3 max-w-md text-xs text-zinc-500 dark:text-zinc-400">
          {PASSWORD_HINT} Changing it signs you out everywhere else; API keys keep working.
        </p>
        <ChangePasswordForm email={user.email} required={mustChangePassword} />
      </Section>
    </div>
  );
}
