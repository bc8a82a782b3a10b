"use client";

import type { ActionFailure } from "@/lib/auth/action";

/**
 * A failed action's message, unless every field it names shows its own (`fields`); a stale
 * version (409) offers to reload what changed.
 */
export function FormError({ failure, fields = [], onReload }: { failure: ActionFailure | null; fields?: readonly string[]; onReload?: () => void }) {
  if (!failure) return null;
  const named = Object.keys(failure.fieldErrors ?? {});
  if (named.length > 0 && named.every((f) => fields.includes(f))) return null;
  const stale = failure.status === 409 && failure.details && "current" in failure.details;
  return (
    <div role="alert" data-testid="form-error" className="mt-3 flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
      <span className="min-w-0 flex-1">{failure.error}</span>
      {stale && onReload && (
        <button type="button" onClick={onReload} className="shrink-0 rounded border border-red-300 px-2 py-0.5 text-xs font-medium hover:bg-red-100 dark:border-red-700 dark:hover:bg-red-900">
          Reload
        </button>
      )}
    </div>
  );
}

/** A field's own message, under it. */
export function FieldError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="field-error">
      {message}
    </p>
  );
}
