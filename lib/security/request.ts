import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { isServedOverHttps } from "./headers";

/** Whether the current request reached the console over https: its cookies are Secure then. */
export async function requestIsHttps(): Promise<boolean> {
  return isServedOverHttps({ publicUrl: env().NEXTAUTH_URL, forwardedProto: (await headers()).get("x-forwarded-proto") });
}
