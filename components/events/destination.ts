import type { EventListItem } from "@/lib/events/types";

/** Where the event went: the domain when known, else the remote address with its port. */
export function destinationOf(e: Pick<EventListItem, "domain" | "remoteAddress" | "remotePort">): string | null {
  if (e.domain) return e.domain;
  if (!e.remoteAddress) return null;
  if (e.remotePort === null) return e.remoteAddress;
  return e.remoteAddress.includes(":") ? `[${e.remoteAddress}]:${e.remotePort}` : `${e.remoteAddress}:${e.remotePort}`;
}
