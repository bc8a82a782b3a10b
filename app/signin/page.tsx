import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ACCOUNT_PATH } from "@/lib/auth/page-auth";
import { signedInUser } from "@/lib/auth/session";
import { SignInForm } from "@/components/shell/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  const signedIn = await signedInUser();
  if (signedIn) redirect(signedIn.mustChangePassword ? ACCOUNT_PATH : "/events");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span className="inline-flex h-8 w-8 items-center justify-center rounded-md bg-emerald-600 font-bold text-white">V</span>
          <div>
            <h1 className="text-lg font-semibold">Vigil</h1>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Security operations console</p>
          </div>
        </div>
        <SignInForm />
      </div>
    </main>
  );
}
