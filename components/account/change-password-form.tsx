"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeOwnPasswordAction } from "@/app/(account)/account/actions";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";

const FIELDS = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password", autoComplete: "new-password" },
  { name: "confirmation", label: "Confirm new password", autoComplete: "new-password" },
] as const;

type Field = (typeof FIELDS)[number]["name"];

const INPUT =
  "w-full rounded-md border bg-white px-3 py-1.5 outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30 dark:bg-zinc-950";

export function ChangePasswordForm({ email, required }: { email: string; required: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [done, setDone] = useState(false);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = Object.fromEntries(FIELDS.map((f) => [f.name, String(new FormData(form).get(f.name) ?? "")])) as Record<Field, string>;
    if (data.newPassword !== data.confirmation) {
      setErrors({ confirmation: "does not match the new password" });
      return;
    }
    start(async () => {
      const res = await changeOwnPasswordAction(data);
      if (!res.ok) {
        if (res.status === 401) return router.replace("/signin");
        const known = Object.entries(res.fieldErrors ?? {}).filter(([k]) => FIELDS.some((f) => f.name === k));
        setErrors(known.length > 0 ? Object.fromEntries(known) : { form: res.error });
        return;
      }
      setErrors({});
      form.reset();
      // The change ended every session, this one too: sign in again with the new password.
      const again = await signIn("credentials", { email, password: data.newPassword, redirect: false });
      if (!again || again.error) {
        router.replace("/signin");
        return;
      }
      if (required) router.replace("/events");
      else setDone(true);
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="max-w-sm space-y-3" noValidate data-testid="change-password">
      {/* Lets password managers tie the new password to the account. */}
      <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
      {FIELDS.map((f) => {
        const error = errors[f.name];
        const id = `account-${f.name}`;
        return (
          <div key={f.name}>
            <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-300">
              {f.label}
            </label>
            <input
              id={id}
              name={f.name}
              type="password"
              autoComplete={f.autoComplete}
              required
              minLength={f.name === "currentPassword" ? undefined : PASSWORD_MIN_LENGTH}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={`${INPUT} ${error ? "border-red-500" : "border-zinc-300 dark:border-zinc-700"}`}
              onChange={() => errors[f.name] && setErrors((prev) => ({ ...prev, [f.name]: undefined }))}
            />
            {error && (
              <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
                {error[0].toUpperCase() + error.slice(1)}.
              </p>
            )}
          </div>
        );
      })}
      {errors.form && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {errors.form}
        </p>
      )}
      {done && (
        <p role="status" className="text-emerald-700 dark:text-emerald-400">
          Password changed. Other sessions are signed out.
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded-md bg-emerald-600 px-3 py-1.5 font-medium text-white hover:bg-emerald-700 disabled:opacity-60">
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
