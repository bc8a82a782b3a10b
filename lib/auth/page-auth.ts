import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentUser, type SessionUser } from "./session";

/** The signed-in user for a page or layout; redirects to sign-in otherwise. Cached per request. */
export const requirePageUser = cache(async (): Promise<SessionUser> => {
  const user = await currentUser();
  if (!user) redirect("/signin");
  return user;
});
