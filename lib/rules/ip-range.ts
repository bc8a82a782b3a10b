import ipaddr from "ipaddr.js";

// inIpRange(ip, cidr) of seed 002: whether an address lies in a CIDR range, IPv4 or IPv6 (an
// IPv4-mapped IPv6 address counts as its IPv4 one). A malformed address or range matches nothing.

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
const ranges = new Map<string, Range | null>();
const MAX_CACHED = 10_000;

function rangeOf(cidr: string): Range | null {
  let r = ranges.get(cidr);
  if (r !== undefined) return r;
  try {
    r = ipaddr.parseCIDR(cidr);
  } catch {
    r = null;
  }
  if (ranges.size >= MAX_CACHED) ranges.clear();
  ranges.set(cidr, r);
  return r;
}

export function inIpRange(ip: string, cidr: string): boolean {
  const range = rangeOf(cidr);
  if (!range || !ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() !== range[0].kind()) return false;
  return addr.match(range);
}
