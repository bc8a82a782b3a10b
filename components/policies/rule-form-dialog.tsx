"use client";

import { useId, useState } from "react";
import { createRuleAction, updateRuleAction } from "@/app/(console)/policies/actions";
import type { ActionFailure } from "@/lib/auth/action";
import { RULE_TYPES, type RuleType } from "@/lib/policies/rule-value";
import { RULE_ACTIONS, RULE_REASON_MAX, type NetworkPolicyRuleItem, type RuleAction } from "@/lib/policies/schemas";
import { Dialog } from "@/components/ui/dialog";
import { FieldError, FormError } from "./form-error";
import { BUTTON, BUTTON_SECONDARY, INPUT, LABEL } from "./form-styles";
import { checkValue, emptyRuleFields, expiryProblem, newRuleInput, ruleChanges, ruleFields, toLocalInput, type RuleFormFields } from "./rule-form";
import { usePolicyAction } from "./use-policy-action";

const FIELDS = ["type", "value", "action", "reason", "expiresAt"] as const;
const PLACEHOLDER: Record<RuleType, string> = { domain: "*.example.com", ip: "203.0.113.7", cidr: "10.0.0.0/8" };

interface Props {
  tenantId: string;
  policyId: string;
  /** The rule to edit; a new rule when absent. */
  rule?: NetworkPolicyRuleItem;
  onClose: () => void;
  onSaved: (text: string) => void;
}

/** Add or edit a rule: its value is checked and shown in its stored form as you type. */
export function RuleFormDialog({ tenantId, policyId, rule, onClose, onSaved }: Props) {
  const ids = useId();
  const action = usePolicyAction(tenantId, policyId);
  const [base, setBase] = useState(rule);
  const [f, setF] = useState<RuleFormFields>(() => (rule ? ruleFields(rule) : emptyRuleFields()));
  const [touched, setTouched] = useState(false);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const set = (patch: Partial<RuleFormFields>) => {
    setF((old) => ({ ...old, ...patch }));
    setFailure(null);
  };

  const value = checkValue(f.type, f.value);
  const valueError = value.kind === "error" ? value.message : touched && value.kind === "empty" ? "a value is required" : failure?.fieldErrors?.value;
  const expiryError = (base && f.expires === toLocalInput(base.expiresAt) ? null : expiryProblem(f.expires)) ?? failure?.fieldErrors?.expiresAt;
  const typeError = failure?.fieldErrors?.type;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (value.kind !== "ok" || expiryError) return;
    if (!base) {
      const res = await action.run(() => createRuleAction({ policyId, rule: newRuleInput(f) }));
      if (res.ok) onSaved(`Added: ${res.data.action} ${res.data.type} ${res.data.value}.`);
      else setFailure(res);
      return;
    }
    const changes = ruleChanges(base, f);
    if (!changes) return onClose();
    const res = await action.run(() => updateRuleAction({ policyId, ruleId: base.id, changes: { ...changes, version: base.version } }));
    if (res.ok) onSaved(`Saved: ${res.data.action} ${res.data.type} ${res.data.value}.`);
    else setFailure(res);
  }

  /** After a 409, start again from the rule as it is now. */
  function reload() {
    const current = failure?.details?.current as NetworkPolicyRuleItem | undefined;
    if (current) {
      setBase(current);
      setF(ruleFields(current));
    }
    setFailure(null);
  }

  return (
    <Dialog
      title={base ? "Edit rule" : "Add rule"}
      onClose={onClose}
      busy={action.pending}
      testId="rule-form-dialog"
      widthClassName="w-[34rem]"
      footer={
        <>
          <button type="button" className={BUTTON_SECONDARY} onClick={onClose} disabled={action.pending}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className={BUTTON} disabled={action.pending}>
            {action.pending ? "Saving…" : base ? "Save rule" : "Add rule"}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} onSubmit={submit} noValidate className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={`${ids}-type`} className={LABEL}>
              Type
            </label>
            <select id={`${ids}-type`} value={f.type} onChange={(e) => set({ type: e.target.value as RuleType })} className={INPUT} aria-invalid={typeError ? true : undefined}>
              {RULE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t === "ip" ? "IP address" : t === "cidr" ? "CIDR range" : "Domain"}
                </option>
              ))}
            </select>
            <FieldError id={`${ids}-type-error`} message={typeError} />
          </div>
          <fieldset>
            <legend className={LABEL}>Action</legend>
            <div className="flex gap-4 pt-1">
              {RULE_ACTIONS.map((a: RuleAction) => (
                <label key={a} className="flex items-center gap-1.5">
                  <input type="radio" name="action" value={a} checked={f.action === a} onChange={() => set({ action: a })} />
                  <span className={a === "deny" ? "text-red-700 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400"}>{a}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div>
          <label htmlFor={`${ids}-value`} className={LABEL}>
            Value
          </label>
          <input
            id={`${ids}-value`}
            value={f.value}
            onChange={(e) => set({ value: e.target.value })}
            onBlur={() => setTouched(true)}
            placeholder={PLACEHOLDER[f.type]}
            aria-invalid={valueError ? true : undefined}
            aria-describedby={`${ids}-value-note`}
            className={`${INPUT} font-mono`}
            autoComplete="off"
            spellCheck={false}
            autoFocus
          />
          {valueError ? (
            <FieldError id={`${ids}-value-note`} message={valueError} />
          ) : (
            <p id={`${ids}-value-note`} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400" data-testid="value-note">
              {value.kind === "ok" && value.changed ? (
                <>
                  will be stored as <code className="font-mono text-zinc-800 dark:text-zinc-100">{value.stored}</code>
                </>
              ) : value.kind === "ok" ? (
                <span className="text-emerald-700 dark:text-emerald-400">valid {f.type === "cidr" ? "range" : f.type}</span>
              ) : f.type === "domain" ? (
                "A name, or *.name for all its subdomains"
              ) : f.type === "ip" ? (
                "One IPv4 or IPv6 address"
              ) : (
                "A range with its prefix length"
              )}
            </p>
          )}
        </div>
        <div>
          <label htmlFor={`${ids}-reason`} className={LABEL}>
            Reason <span className="font-normal text-zinc-400">(optional)</span>
          </label>
          <input
            id={`${ids}-reason`}
            value={f.reason}
            onChange={(e) => set({ reason: e.target.value })}
            maxLength={RULE_REASON_MAX}
            placeholder="Why this destination is allowed or denied"
            className={INPUT}
            aria-invalid={failure?.fieldErrors?.reason ? true : undefined}
          />
          <FieldError id={`${ids}-reason-error`} message={failure?.fieldErrors?.reason} />
        </div>
        <div>
          <label htmlFor={`${ids}-expires`} className={LABEL}>
            Expires <span className="font-normal text-zinc-400">(optional, your local time)</span>
          </label>
          <div className="flex items-center gap-2">
            <input
              id={`${ids}-expires`}
              type="datetime-local"
              value={f.expires}
              min={toLocalInput(new Date().toISOString())}
              onChange={(e) => set({ expires: e.target.value })}
              className={`${INPUT} w-auto`}
              aria-invalid={expiryError ? true : undefined}
            />
            {f.expires && (
              <button type="button" className="text-xs text-zinc-500 hover:underline dark:text-zinc-400" onClick={() => set({ expires: "" })}>
                Never expires
              </button>
            )}
          </div>
          <FieldError id={`${ids}-expires-error`} message={expiryError} />
        </div>
      </form>
      <FormError failure={failure} fields={FIELDS} onReload={reload} />
    </Dialog>
  );
}
