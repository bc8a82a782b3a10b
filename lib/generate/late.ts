import type { SimEvent } from "./model";
import type { Rng } from "./prng";

// Late arrival: agents buffer while offline or throttled, then deliver hours later. A share of an
// in-time-order stream is held back and released once the stream has passed its arrival time.

export const MAX_LATENESS_MS = 24 * 3_600_000;

/** A min-heap of held-back events by arrival time (ties in the order they were held). */
class ArrivalHeap {
  private readonly items: { at: number; n: number; ev: SimEvent }[] = [];
  private held = 0;

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0].at;
  }

  push(at: number, ev: SimEvent): void {
    const a = this.items;
    a.push({ at, n: this.held++, ev });
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): SimEvent {
    const a = this.items;
    const top = a[0];
    const last = a.pop() as (typeof a)[number];
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(l, m)) m = l;
        if (r < a.length && this.less(r, m)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top.ev;
  }

  private less(i: number, j: number): boolean {
    const a = this.items[i];
    const b = this.items[j];
    return a.at < b.at || (a.at === b.at && a.n < b.n);
  }
}

/**
 * Passes `stream` (in time order) through, holding back each event with probability `fraction`
 * for 1 ms to 24 h; a held event is emitted before the first event whose time is past its arrival.
 */
export function* withLateArrivals(stream: Iterable<SimEvent>, fraction: number, rng: Rng): Generator<SimEvent> {
  const heap = new ArrivalHeap();
  for (const ev of stream) {
    while (heap.size > 0 && heap.peek() <= ev.time) yield heap.pop();
    if (rng.next() < fraction) heap.push(ev.time + 1 + Math.floor(rng.next() * MAX_LATENESS_MS), ev);
    else yield ev;
  }
  while (heap.size > 0) yield heap.pop();
}
