"use client";

import { useId, useState } from "react";
import { importRuleSetsAction } from "@/app/(console)/rules/actions";
import type { ActionFailure } from "@/lib/auth/action";
import type { RuleDocumentFormat } from "@/lib/rules/schemas";
import { BUTTON, BUTTON_SECONDARY, INPUT, LABEL } from "@/components/policies/form-styles";
import { Dialog } from "@/components/ui/dialog";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

const PLACEHOLDER = `rule_sets:
  - ruleset_id: acme/process
    rules:
      - rule_id: network_tool_exec
        event_type: process_exec
        condition: |
          process.exec_path.endsWith("/curl") ||
          process.exec_path.endsWith("/wget")
        action: collect`;

/** JSON when it looks like JSON, else YAML (a superset of JSON). */
export function formatOf(text: string, fileName?: string): RuleDocumentFormat {
  if (fileName) return /\.json$/i.test(fileName) ? "json" : "yaml";
  return /^\s*[{[]/.test(text) ? "json" : "yaml";
}

/** "Import rules": a cicd-sensor document pasted or read from a file; every error is listed with where it is. */
export function ImportRulesButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={BUTTON_SECONDARY} onClick={() => setOpen(true)} data-testid="import-rules">
        Import rules
      </button>
      {open && <ImportDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ImportDialog({ onClose }: { onClose: () => void }) {
  const ids = useId();
  const action = useRefreshingAction();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | undefined>();
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFailure(null);
    const res = await action.run(() => importRuleSetsAction({ text, format: formatOf(text, fileName) }));
    if (!res.ok) return setFailure(res);
    const sets = res.data.ruleSets;
    setDone(`Imported ${sets.map((s) => `${s.rulesetId} (${s.ruleCount} ${s.ruleCount === 1 ? "rule" : "rules"})`).join(", ")}.`);
  }

  const errors = Object.entries(failure?.fieldErrors ?? {});
  return (
    <Dialog
      title="Import detection rules"
      onClose={onClose}
      busy={action.pending}
      testId="import-dialog"
      widthClassName="w-[44rem]"
      footer={
        done ? (
          <button type="button" className={BUTTON} onClick={onClose} autoFocus>
            Done
          </button>
        ) : (
          <>
            <button type="button" className={BUTTON_SECONDARY} onClick={onClose} disabled={action.pending}>
              Cancel
            </button>
            <button type="submit" form={`${ids}-form`} className={BUTTON} disabled={action.pending || text.trim() === ""}>
              {action.pending ? "Importing…" : "Import"}
            </button>
          </>
        )
      }
    >
      {done ? (
        <p role="status" className="text-emerald-800 dark:text-emerald-300" data-testid="import-done">
          {done}
        </p>
      ) : (
        <form id={`${ids}-form`} onSubmit={submit} noValidate className="space-y-3">
          <p className="text-zinc-600 dark:text-zinc-300">
            A cicd-sensor rule-set document, YAML or JSON. Nothing is saved unless all of it is valid. A <code className="font-mono text-xs">ruleset_id</code> you have is replaced: its rules are
            matched by <code className="font-mono text-xs">rule_id</code>, so their hits stay, and rules missing from the document are removed.
          </p>
          <div>
            <label htmlFor={`${ids}-file`} className={LABEL}>
              From a file
            </label>
            <input
              id={`${ids}-file`}
              type="file"
              accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
              className="text-xs"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setFileName(file.name);
                setText(await file.text());
                setFailure(null);
              }}
            />
          </div>
          <div>
            <label htmlFor={`${ids}-text`} className={LABEL}>
              Document{fileName ? ` (${fileName})` : ""}
            </label>
            <textarea
              id={`${ids}-text`}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(undefined);
                setFailure(null);
              }}
              rows={14}
              spellCheck={false}
              placeholder={PLACEHOLDER}
              aria-invalid={failure ? true : undefined}
              aria-describedby={`${ids}-errors`}
              className={`${INPUT} font-mono text-xs leading-5`}
              data-testid="import-text"
            />
          </div>
        </form>
      )}
      {failure && (
        <div id={`${ids}-errors`} role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100" data-testid="import-errors">
          {errors.length > 0 ? (
            <>
              <p className="font-medium">
                {errors.length === 1 ? "One error" : `${errors.length} errors`}; nothing was saved:
              </p>
              <ul className="mt-1 max-h-48 list-disc space-y-0.5 overflow-y-auto pl-5 text-xs">
                {errors.map(([field, message]) => (
                  <li key={field}>
                    <code className="font-mono">{field}</code>: {message}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            failure.error
          )}
        </div>
      )}
    </Dialog>
  );
}
