"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createPolicyAction } from "@/app/(console)/policies/actions";
import type { ActionFailure } from "@/lib/auth/action";
import { normalizeScopeRef, POLICY_MODES, POLICY_SCOPES, type PolicyMode, type PolicyScope } from "@/lib/policies/scope-ref";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, FormError } from "./form-error";
import { BUTTON, BUTTON_SECONDARY, INPUT, LABEL } from "./form-styles";
import { MODE_HINT, SCOPE_HINT, SCOPE_LABEL, SCOPE_REF_PLACEHOLDER } from "./policy-labels";
import { usePolicyAction } from "./use-policy-action";

const FIELDS = ["scope", "scopeRef", "mode"] as const;

/** "New policy": a scope, its reference (checked as you type) and a mode; opens the new policy. */
export function NewPolicyButton({ tenantId }: { tenantId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={BUTTON} onClick={() => setOpen(true)} data-testid="new-policy">
        New policy
      </button>
      {open && <NewPolicyDialog tenantId={tenantId} onClose={() => setOpen(false)} />}
    </>
  );
}

function NewPolicyDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const router = useRouter();
  const ids = useId();
  const action = usePolicyAction(tenantId, null);
  const [scope, setScope] = useState<PolicyScope>("global");
  const [scopeRef, setScopeRef] = useState("");
  const [mode, setMode] = useState<PolicyMode>("log");
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  const check = normalizeScopeRef(scope, scopeRef);
  const refError = scope !== "global" && (touched || scopeRef !== "") && !check.ok ? check.error : (failure?.fieldErrors?.scopeRef ?? null);
  const existing = failure?.status === 409 ? (failure.details?.existing as { id?: string } | null | undefined) : null;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!check.ok) return;
    const res = await action.run(() => createPolicyAction({ scope, scopeRef: scope === "global" ? "" : scopeRef, mode }));
    if (res.ok) router.push(`/policies/${res.data.id}`);
    else setFailure(res);
  }

  return (
    <Dialog
      title="New network policy"
      onClose={onClose}
      busy={action.pending}
      testId="new-policy-dialog"
      widthClassName="w-[32rem]"
      footer={
        <>
          <button type="button" className={BUTTON_SECONDARY} onClick={onClose} disabled={action.pending}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className={BUTTON} disabled={action.pending}>
            {action.pending ? "Creating…" : "Create policy"}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} onSubmit={submit} noValidate className="space-y-3">
        <div>
          <label htmlFor={`${ids}-scope`} className={LABEL}>
            Scope
          </label>
          <select
            id={`${ids}-scope`}
            value={scope}
            onChange={(e) => {
              setScope(e.target.value as PolicyScope);
              setFailure(null);
            }}
            className={INPUT}
          >
            {POLICY_SCOPES.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABEL[s]}
              </option>
            ))}
          </select>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{SCOPE_HINT[scope]}.</p>
          <FieldError id={`${ids}-scope-error`} message={failure?.fieldErrors?.scope} />
        </div>
        {scope !== "global" && (
          <div>
            <label htmlFor={`${ids}-ref`} className={LABEL}>
              {SCOPE_LABEL[scope]}
            </label>
            <input
              id={`${ids}-ref`}
              value={scopeRef}
              onChange={(e) => {
                setScopeRef(e.target.value);
                setFailure(null);
              }}
              onBlur={() => setTouched(true)}
              placeholder={SCOPE_REF_PLACEHOLDER[scope]}
              aria-invalid={refError ? true : undefined}
              aria-describedby={`${ids}-ref-error`}
              className={`${INPUT} font-mono`}
              autoComplete="off"
              spellCheck={false}
              autoFocus
            />
            <FieldError id={`${ids}-ref-error`} message={refError} />
          </div>
        )}
        <fieldset>
          <legend className={LABEL}>Mode</legend>
          <div className="space-y-1">
            {POLICY_MODES.map((m) => (
              <label key={m} className="flex items-baseline gap-2">
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                <span className="font-medium capitalize">{m}</span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">{MODE_HINT[m]}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </form>
      <FormError failure={failure} fields={FIELDS} />
      {existing?.id && (
        <Link href={`/policies/${existing.id}`} className="mt-2 inline-block text-sm text-emerald-700 hover:underline dark:text-emerald-400">
          Open the existing policy
        </Link>
      )}
    </Dialog>
  );
}
