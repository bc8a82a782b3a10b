"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { addRuleAction, createRuleSetAction, deleteRuleAction, updateRuleAction } from "@/app/(console)/rules/actions";
import type { ActionFailure, ActionResult } from "@/lib/auth/action";
import { SEVERITIES, type Severity } from "@/lib/ingest/types";
import { checkCondition } from "@/lib/rules/document";
import { RULE_ACTIONS, RULE_EVENT_TYPES, type RuleAction, type RuleEventType } from "@/lib/rules/event-model";
import type { DetectionRuleItem } from "@/lib/rules/queries";
import { ConfirmDialog } from "@/components/policies/confirm-dialog";
import { FieldError, FormError } from "@/components/policies/form-error";
import { BUTTON, BUTTON_SECONDARY, INPUT, LABEL } from "@/components/policies/form-styles";
import { CelEditor } from "./cel-editor";
import { FieldReference } from "./field-reference";
import { ACTION_HINT, ACTION_LABEL, EVENT_TYPE_HINT } from "./rule-labels";
import { RuleTestPanel } from "./rule-test-panel";
import { useRefreshingAction } from "@/components/ui/use-refreshing-action";

export type EditorTarget =
  | { kind: "edit"; setId: string; rulesetId: string; version: number; rule: DetectionRuleItem }
  | { kind: "new-rule"; setId: string; rulesetId: string; version: number }
  | { kind: "new-set" };

const FIELDS = ["ruleset_id", "rule_id", "event_type", "condition", "action", "severity", "description", "tags", "enabled"] as const;

/** A document path (rule_sets.0.rules.0.condition) as the form's field (condition). */
function plainField(field: string): string {
  return field.replace(/^rule_sets\.0\.rules\.0\./, "").replace(/^rule_sets\.0\./, "");
}

function plainFailure(f: ActionFailure): ActionFailure {
  return f.fieldErrors ? { ...f, fieldErrors: Object.fromEntries(Object.entries(f.fieldErrors).map(([k, v]) => [plainField(k), v])) } : f;
}

/** The rule form: its facts, the condition in CodeMirror with live checking, the field reference and a test on events. */
export function RuleEditor({ target, canWrite, side }: { target: EditorTarget; canWrite: boolean; side?: React.ReactNode }) {
  const router = useRouter();
  const ids = useId();
  const action = useRefreshingAction();
  const initial = target.kind === "edit" ? target.rule : null;
  const [rulesetId, setRulesetId] = useState("");
  const [ruleId, setRuleId] = useState(initial?.ruleId ?? "");
  const [eventType, setEventType] = useState<RuleEventType>((initial?.eventType as RuleEventType) ?? "process_exec");
  const [condition, setCondition] = useState(initial?.condition ?? "");
  const [ruleAction, setRuleAction] = useState<RuleAction>(initial?.action ?? "detect");
  const [severity, setSeverity] = useState<Severity | "">(initial?.severity ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [tags, setTags] = useState((initial?.tags ?? []).join(", "));
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [deleting, setDeleting] = useState(false);
  const readOnly = !canWrite;

  const check = useMemo(() => (condition.trim() === "" ? null : checkCondition(eventType, condition)), [eventType, condition]);
  const conditionError = check && !check.ok ? `Line ${check.error.line}, column ${check.error.column}: ${check.error.message}` : null;
  const serverErrors = failure?.fieldErrors ?? {};

  function fields() {
    return {
      event_type: eventType,
      condition,
      action: ruleAction,
      tags: tags.split(",").map((t) => t.trim()).filter(Boolean),
      enabled,
    };
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setFailure(null);
    let res: ActionResult<unknown>;
    if (target.kind === "edit") {
      res = await action.run(() =>
        updateRuleAction({ setId: target.setId, ruleId: target.rule.id, changes: { ...fields(), severity: severity || null, description: description.trim() || null, version: target.version } }),
      );
    } else {
      const rule = { rule_id: ruleId.trim(), ...fields(), ...(severity ? { severity } : {}), ...(description.trim() ? { description: description.trim() } : {}) };
      res =
        target.kind === "new-rule"
          ? await action.run(() => addRuleAction({ setId: target.setId, rule: { ...rule, version: target.version } }))
          : await action.run(() => createRuleSetAction({ rulesetId: rulesetId.trim(), rule }));
    }
    if (res.ok) router.push("/rules");
    else setFailure(plainFailure(res));
  }

  const title = target.kind === "edit" ? target.rule.ruleId : target.kind === "new-rule" ? "New rule" : "New rule set";
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="min-w-0 space-y-4">
        <form onSubmit={save} noValidate className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label={title} data-testid="rule-form">
          {target.kind === "new-set" && (
            <div>
              <label htmlFor={`${ids}-set`} className={LABEL}>
                Rule set id
              </label>
              <input id={`${ids}-set`} value={rulesetId} onChange={(e) => setRulesetId(e.target.value)} placeholder="acme/process" className={`${INPUT} font-mono`} autoFocus spellCheck={false} aria-invalid={serverErrors.ruleset_id ? true : undefined} data-testid="ruleset-id" />
              <FieldError id={`${ids}-set-error`} message={serverErrors.ruleset_id} />
            </div>
          )}
          <div className="grid gap-3 sm:grid-cols-2">
            <div>
              <label htmlFor={`${ids}-rule`} className={LABEL}>
                Rule id
              </label>
              <input
                id={`${ids}-rule`}
                value={ruleId}
                onChange={(e) => setRuleId(e.target.value)}
                readOnly={target.kind === "edit" || readOnly}
                title={target.kind === "edit" ? "A rule keeps its id: its hits and lineage follow it" : undefined}
                placeholder="shell_from_package_manager"
                className={`${INPUT} font-mono read-only:bg-zinc-50 read-only:text-zinc-500 dark:read-only:bg-zinc-900`}
                spellCheck={false}
                aria-invalid={serverErrors.rule_id ? true : undefined}
                data-testid="rule-id"
              />
              <FieldError id={`${ids}-rule-error`} message={serverErrors.rule_id} />
            </div>
            <div>
              <label htmlFor={`${ids}-type`} className={LABEL}>
                Event type
              </label>
              <select id={`${ids}-type`} value={eventType} onChange={(e) => setEventType(e.target.value as RuleEventType)} className={`${INPUT} font-mono`} disabled={readOnly} data-testid="event-type">
                {RULE_EVENT_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t} — {EVENT_TYPE_HINT[t]}
                  </option>
                ))}
              </select>
              <FieldError id={`${ids}-type-error`} message={serverErrors.event_type} />
            </div>
          </div>

          <div>
            <label htmlFor={`${ids}-condition`} className={LABEL}>
              Condition (CEL)
            </label>
            <CelEditor
              id={`${ids}-condition`}
              value={condition}
              onChange={setCondition}
              eventType={eventType}
              readOnly={readOnly}
              ariaLabel="Condition"
              ariaDescribedBy={`${ids}-condition-status`}
              invalid={Boolean(conditionError || serverErrors.condition)}
            />
            <p id={`${ids}-condition-status`} role="status" aria-live="polite" className="mt-1 text-xs" data-testid="condition-status">
              {condition.trim() === "" ? (
                <span className="text-zinc-500 dark:text-zinc-400">Write a condition that is true for the events to match. Ctrl+Space lists the fields.</span>
              ) : conditionError ? (
                <span className="text-red-700 dark:text-red-400">{conditionError}</span>
              ) : (
                <span className="text-emerald-700 dark:text-emerald-400">✓ Valid for {eventType}</span>
              )}
            </p>
            {serverErrors.condition && !conditionError && <FieldError id={`${ids}-condition-error`} message={serverErrors.condition} />}
          </div>

          <fieldset>
            <legend className={LABEL}>Action</legend>
            <div className="space-y-1">
              {RULE_ACTIONS.map((a) => (
                <label key={a} className="flex items-baseline gap-2">
                  <input type="radio" name={`${ids}-action`} value={a} checked={ruleAction === a} onChange={() => setRuleAction(a)} disabled={readOnly} />
                  <span className="font-medium">{ACTION_LABEL[a]}</span>
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">{ACTION_HINT[a]}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)]">
            <div>
              <label htmlFor={`${ids}-severity`} className={LABEL}>
                Severity
              </label>
              <select id={`${ids}-severity`} value={severity} onChange={(e) => setSeverity(e.target.value as Severity | "")} className={INPUT} disabled={readOnly || ruleAction === "collect"} title={ruleAction === "collect" ? "Collect makes no detection" : undefined}>
                <option value="">default ({ruleAction === "terminate" ? "high" : ruleAction === "detect" ? "medium" : "none"})</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${ids}-tags`} className={LABEL}>
                Tags (comma-separated)
              </label>
              <input id={`${ids}-tags`} value={tags} onChange={(e) => setTags(e.target.value)} readOnly={readOnly} placeholder="supply-chain, mitre:T1059" className={INPUT} />
              <FieldError id={`${ids}-tags-error`} message={serverErrors.tags} />
            </div>
          </div>
          <div>
            <label htmlFor={`${ids}-description`} className={LABEL}>
              Description
            </label>
            <textarea id={`${ids}-description`} value={description} onChange={(e) => setDescription(e.target.value)} readOnly={readOnly} rows={2} className={INPUT} placeholder="What it catches and why it matters, for the analyst who sees its detection." />
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} disabled={readOnly} />
            Enabled: runs on every event ingested from now on
          </label>

          <FormError failure={failure} fields={FIELDS} />
          {canWrite ? (
            <div className="flex items-center gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
              <button type="submit" className={BUTTON} disabled={action.pending || Boolean(conditionError) || condition.trim() === ""} data-testid="save-rule">
                {action.pending ? "Saving…" : target.kind === "edit" ? "Save changes" : target.kind === "new-rule" ? "Add rule" : "Create rule set"}
              </button>
              <Link href="/rules" className={BUTTON_SECONDARY}>
                Cancel
              </Link>
              {target.kind !== "new-set" && <span className="text-xs text-zinc-500 dark:text-zinc-400">in {target.rulesetId}</span>}
              {target.kind === "edit" && (
                <button type="button" className="ml-auto text-sm text-red-700 hover:underline dark:text-red-400" onClick={() => setDeleting(true)}>
                  Delete rule
                </button>
              )}
            </div>
          ) : (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Read only: admins change rules. You can test the condition below.</p>
          )}
        </form>
        <RuleTestPanel eventType={eventType} condition={condition} conditionValid={check?.ok === true} />
      </div>
      <aside className="space-y-4">
        <div className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <FieldReference eventType={eventType} />
        </div>
        {side}
      </aside>
      {deleting && target.kind === "edit" && (
        <ConfirmDialog
          title={`Delete ${target.rule.ruleId}?`}
          confirmLabel="Delete rule"
          danger
          busy={action.pending}
          error={<FormError failure={failure} />}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            const res = await action.run(() => deleteRuleAction({ setId: target.setId, ruleId: target.rule.id, version: target.version }));
            if (res.ok) router.push("/rules");
            else setFailure(res);
          }}
        >
          <p>It stops matching new events at once. Events it already tagged keep their tags and detections; its {target.rule.hits.toLocaleString("en")} recorded hits go with it.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
