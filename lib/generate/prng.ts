// Seeded randomness and deterministic ids. Nothing here touches Math.random or the clock.

/** 32-bit string/number hash (FNV-1a followed by a murmur3 finalizer). */
export function hash32(input: string | number, salt = 0): number {
  const s = typeof input === "number" ? String(input) : input;
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed ^ 0x6d2b79f5) >>> 0;
  }

  /** mulberry32: uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by the weights of a precomputed cumulative table (see `cumulative`). */
  weighted<T>(items: readonly T[], cum: readonly number[]): T {
    const r = this.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  }

  hex(len: number): string {
    let out = "";
    while (out.length < len) out += this.u32().toString(16).padStart(8, "0");
    return out.slice(0, len);
  }

  alnum(len: number): string {
    const abc = "bcdfghjklmnpqrstvwxz2456789";
    let out = "";
    for (let i = 0; i < len; i++) out += abc[this.u32() % abc.length];
    return out;
  }
}

export function cumulative(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    out.push(sum);
  }
  return out;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex8(n: number): string {
  return BYTE_HEX[n >>> 24] + BYTE_HEX[(n >>> 16) & 255] + BYTE_HEX[(n >>> 8) & 255] + BYTE_HEX[n & 255];
}

/**
 * A keyed 48-bit permutation (4-round Feistel on 24-bit halves). Being a bijection, it turns
 * distinct sequence numbers into distinct values, so ids cannot collide even at millions of events.
 */
function permute48(seq: number, key: number): number {
  let left = Math.floor(seq / 0x1000000) & 0xffffff;
  let right = seq & 0xffffff;
  for (let round = 0; round < 4; round++) {
    const f = mix32((right ^ Math.imul(key, round + 1)) >>> 0) & 0xffffff;
    const next = (left ^ f) & 0xffffff;
    left = right;
    right = next;
  }
  return left * 0x1000000 + right;
}

/** A version-4-shaped UUID unique per (key, seq): the last 48 bits are a permutation of seq. */
export function uuidFor(key: number, seq: number): string {
  const a = mix32(key ^ Math.imul(seq, 0x9e3779b1));
  const b = mix32(a ^ 0x5bd1e995 ^ seq);
  const p = permute48(seq, key);
  const hi = Math.floor(p / 0x100000000);
  const tail = BYTE_HEX[(hi >>> 8) & 255] + BYTE_HEX[hi & 255] + hex8(p >>> 0);
  const bh = hex8(b);
  const variant = (8 + (b & 3)).toString(16);
  return `${hex8(a)}-${bh.slice(0, 4)}-4${bh.slice(4, 7)}-${variant}${bh.slice(0, 3)}-${tail}`;
}

/** Stable pseudo-random hex for names and hashes derived from a label (not from the run's Rng). */
export function stableHex(label: string, len: number): string {
  let out = "";
  let salt = 0;
  while (out.length < len) out += hex8(hash32(label, salt++));
  return out.slice(0, len);
}
