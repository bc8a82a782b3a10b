// Where an event went, as one domain fact: used by the events table, issue fingerprints and the
// block action alike. Pure: safe to import from client components.
import { isIpLiteral } from "./dns-chain";

export interface DestinationFields {
  /** The domain the program asked for, as the source states it. */
  domain: string | null;
  /** Garnet order: [IP, CNAME_N, …, CNAME_1, original domain]. */
  dnsNames?: string[];
  remoteAddress: string | null;
  remoteName?: string | null;
  remotePort?: number | null;
}

export type NetworkDestination = { type: "domain"; value: string } | { type: "ip"; value: string };

/**
 * The destination to act on (seed 000's BlockEvent): the original domain when the event has one
 * — the last name of the DNS chain, else the domain asked for, else the flow's remote name —
 * otherwise the remote IP. Never a CNAME of the chain, never an IP as a domain.
 */
export function networkDestinationOf(e: DestinationFields): NetworkDestination | null {
  const chain = (e.dnsNames ?? []).filter((n) => n && !isIpLiteral(n));
  const names = [chain[chain.length - 1], e.domain, e.remoteName];
  const domain = names.find((n): n is string => typeof n === "string" && n !== "" && !isIpLiteral(n));
  if (domain) return { type: "domain", value: domain.replace(/\.$/, "").toLowerCase() };
  return e.remoteAddress ? { type: "ip", value: e.remoteAddress } : null;
}

/** The destination as the events table shows it: the domain, else the remote address with its port. */
export function destinationLabel(e: DestinationFields): string | null {
  const d = networkDestinationOf(e);
  if (!d || d.type === "domain") return d?.value ?? null;
  if (e.remotePort == null) return d.value;
  return d.value.includes(":") ? `[${d.value}]:${e.remotePort}` : `${d.value}:${e.remotePort}`;
}
