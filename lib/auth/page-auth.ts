import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { NotFoundError } from "@/lib/errors";
import { currentUser, type SessionUser } from "./session";

/** The signed-in user for a page or layout; redirects to sign-in otherwise. Cached per request. */
export const requirePageUser = cache(async (): Promise<SessionUser> => {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
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
