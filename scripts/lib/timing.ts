// Latency statistics of the benchmarks.

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50 and p95 of `runs` timed calls, after `warmUp` untimed ones (plans, connections, caches). */
export async function timeRuns(runs: number, fn: (i: number) => Promise<unknown>, warmUp = 1) {
  for (let i = 0; i < warmUp; i++) await fn(-1 - i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}
