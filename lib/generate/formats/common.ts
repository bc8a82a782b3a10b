import type { Proc, SimEvent } from "../model";
import { hash32, uuidFor } from "../prng";

export type Rec = Record<string, unknown>;

/** Per-run rendering context: the id key derived from the seed. */
export interface RenderCtx {
  idKey: number;
}

export function eventId(ctx: RenderCtx, ev: SimEvent): string {
  return uuidFor(ctx.idKey, ev.seq);
}

export function basename(path: string): string {
  const cut = path.lastIndexOf("/");
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** The kernel's comm: the executable's file name, cut to TASK_COMM_LEN − 1 characters. */
export function comm(p: Proc): string {
  return basename(p.exe).slice(0, 15);
}

export function cmdline(p: Proc): string {
  return p.argv.join(" ");
}

/** Root-first copy of a nearest-first chain. */
export function rootFirst(chain: Proc[]): Proc[] {
  const out = new Array<Proc>(chain.length);
  for (let i = 0; i < chain.length; i++) out[i] = chain[chain.length - 1 - i];
  return out;
}

/** A stable inode for a path, so the same binary keeps its inode across events. */
export function inode(path: string): number {
  return 100_000 + (hash32(path) % 40_000_000);
}

export function imageParts(image: string): { repository: string; tag: string } {
  const cut = image.lastIndexOf(":");
  return cut > image.lastIndexOf("/") ? { repository: image.slice(0, cut), tag: image.slice(cut + 1) } : { repository: image, tag: "latest" };
}

/** Memoizes a per-process rendering: long-lived ancestors appear in thousands of events. */
export function memo<T>(render: (p: Proc) => T): (p: Proc) => T {
  const cache = new WeakMap<Proc, T>();
  return (p) => {
    let v = cache.get(p);
    if (v === undefined) {
      v = render(p);
      cache.set(p, v);
    }
    return v;
  };
}

export const SEVERITY_SCORE = { low: 2, medium: 5, high: 7, critical: 9 } as const;

/** Resolver the workload's DNS queries go to. */
export function resolverOf(ev: SimEvent): string {
  if (ev.pod) return ev.pod.cluster.provider === "gke" ? "10.60.0.10" : "10.96.0.10";
  return ev.agent.kind === "github" ? "127.0.0.53" : "10.1.0.2";
}
