import ipaddr from "ipaddr.js";
import type { RequestOrigin } from "./context";

// Where a request came from, read from its headers. Pure. The address is the client as the
// proxies in front report it (the first X-Forwarded-For hop, else X-Real-IP); Next.js sets
// X-Forwarded-For to the socket's address when no proxy did. Behind no proxy a client can claim
// any address there, so a deployment puts one in front that overwrites the header.

const MAX_USER_AGENT = 512;

interface HeaderSource {
  get(name: string): string | null;
}

export function requestOrigin(headers: HeaderSource, via: RequestOrigin["via"]): RequestOrigin {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0];
  const address = ipOrNull(forwarded) ?? ipOrNull(headers.get("x-real-ip"));
  const agent = headers.get("user-agent")?.trim();
  return { via, address, userAgent: agent ? agent.slice(0, MAX_USER_AGENT) : null };
}

/** A valid IPv4 or IPv6 address, normalised (an IPv4-mapped IPv6 address as IPv4, ports and brackets dropped). */
export function ipOrNull(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return null;
  return ipaddr.process(text).toString();
}
