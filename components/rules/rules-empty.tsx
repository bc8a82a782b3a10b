import Link from "next/link";
import { BUTTON } from "@/components/policies/form-styles";

/** No rule sets yet: what rules do, and the two ways to start. */
export function RulesEmpty({ canWrite }: { canWrite: boolean }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-10 text-center dark:border-zinc-700 dark:bg-zinc-900" data-testid="rules-empty">
      <h2 className="text-base font-semibold">No detection rules yet</h2>
      <p className="mx-auto mt-2 max-w-xl text-zinc-600 dark:text-zinc-300">
        A rule is a CEL condition over one event type — a process start, a connection, a file operation, a DNS query — with an action: collect tags matching events, detect turns them into
        detections grouped into issues. One rule covers every agent, Garnet, Datadog, KubeArmor, Tetragon and Falco alike. See <code className="font-mono text-xs">docs/rules.md</code> for the format.
      </p>
      {canWrite ? (
        <div className="mt-5 flex items-center justify-center gap-3">
          <Link href="/rules/new" className={BUTTON} data-testid="write-rule">
            Write a rule
          </Link>
          <span className="text-sm text-zinc-500 dark:text-zinc-400">or use Import rules above for a YAML or JSON document</span>
        </div>
      ) : (
        <p className="mt-4 text-sm text-zinc-500 dark:text-zinc-400">Admins write and import rules.</p>
      )}
    </div>
  );
}
