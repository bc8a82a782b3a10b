import type { IngestOverview } from "@/lib/events/overview";

export function IngestOverviewTable({ overview }: { overview: IngestOverview }) {
  if (overview.total === 0) {
    return (
      <p className="mt-4 text-zinc-500 dark:text-zinc-400" data-testid="no-events">
        No events in the last 24 hours. Send some with <code className="font-mono">POST /api/v1/ingest/&#123;format&#125;</code> or{" "}
        <code className="font-mono">npm run vigil -- generate</code>.
      </p>
    );
  }
  return (
    <div className="mt-4">
      <p className="mb-2" data-testid="events-24h">
        <span className="text-lg font-semibold tabular-nums">{overview.total.toLocaleString("en")}</span> events in the last 24 hours
        {overview.lastReceivedAt && (
          <span className="text-zinc-500 dark:text-zinc-400"> · last received {new Date(overview.lastReceivedAt).toLocaleString("en-GB")}</span>
        )}
      </p>
      <table className="w-full text-left">
        <thead className="text-xs uppercase text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="py-1.5 font-medium">Source</th>
            <th className="py-1.5 font-medium">Kind</th>
            <th className="py-1.5 text-right font-medium">Events</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {overview.bySource.map((r) => (
            <tr key={`${r.sourceFormat}/${r.kind}`}>
              <td className="py-1.5 font-mono">{r.sourceFormat}</td>
              <td className="py-1.5">{r.kind}</td>
              <td className="py-1.5 text-right tabular-nums">{r.count.toLocaleString("en")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
