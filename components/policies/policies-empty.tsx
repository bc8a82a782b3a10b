import type { ReactNode } from "react";

/** No policy yet: what one is, and what this role can do about it. */
export function PoliciesEmpty({ canWrite, canBlock, action }: { canWrite: boolean; canBlock: boolean; action: ReactNode }) {
  return (
    <section className="max-w-3xl rounded-lg border border-dashed border-zinc-300 bg-white p-6 dark:border-zinc-700 dark:bg-zinc-900" data-testid="policies-empty">
      <h2 className="text-base font-semibold">No network policies yet</h2>
      <p className="mt-2 text-zinc-600 dark:text-zinc-300">
        A network policy is a list of <strong className="font-medium">allow</strong> and <strong className="font-medium">deny</strong> rules for domains, IP
        addresses and CIDR ranges, applied by the agents of one scope: every agent (global), a repository, a workflow, a cluster, a namespace or a node.
        Where several policies match a connection, the narrowest scope with a matching rule decides.
      </p>
      <p className="mt-2 text-zinc-600 dark:text-zinc-300">
        In <strong className="font-medium">log</strong> mode denied connections are only reported; in <strong className="font-medium">enforce</strong> mode
        agents block them; <strong className="font-medium">bypass</strong> turns a policy off.
      </p>
      {canWrite ? (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          {action}
          <span className="text-xs text-zinc-500 dark:text-zinc-400">Start with a global policy in log mode to see what it would block.</span>
        </div>
      ) : (
        <p className="mt-4 text-zinc-600 dark:text-zinc-300" data-testid="read-only-note">
          Only admins create and edit policies: ask an admin of this tenant.
          {canBlock && " You can still block a destination from an event or an issue, which adds a deny rule to the policy of the scope you choose."}
        </p>
      )}
    </section>
  );
}
