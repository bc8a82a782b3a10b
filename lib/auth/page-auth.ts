import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { NotFoundError } from "@/lib/errors";
import { signedInUser, type SessionUser } from "./session";

/** Where a user goes to change their password; after an admin's reset, the only page open to them. */
export const ACCOUNT_PATH = "/account";

/**
 * The signed-in user for a page or layout; redirects to sign-in otherwise, and to the account
 * page while an admin's reset makes them choose a new password. Cached per request.
 */
export const requirePageUser = cache(async (): Promise<SessionUser> => {
  const signedIn = await signedInUser();
  if (!signedIn) redirect("/signin");
  if (signedIn.mustChangePassword) redirect(ACCOUNT_PATH);
  return signedIn.user;
});

/** The account page's user, also while they must change their password. */
export const requireAccountPageUser = cache(async () => {
  const signedIn = await signedInUser();
  if (!signedIn) redirect("/signin");
  return signedIn;
});

/** What a page loads, with an id that is unknown or another tenant's shown as the page's 404. */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
