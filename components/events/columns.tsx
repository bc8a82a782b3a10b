import { dataColumnHelper, type DataColumnDef } from "@/components/data-table/features";
import { TableCellSeverity } from "@/components/data-table/table-cell-severity";
import { TableCellText } from "@/components/data-table/table-cell-text";
import { TableCellTime } from "@/components/data-table/table-cell-time";
import type { EventColumn } from "@/lib/events/search-params";
import type { EventListItem } from "@/lib/events/types";
import { destinationLabel } from "@/lib/events/destination";

const col = dataColumnHelper<EventListItem>();

/** Every column of the results table, in display order; `cols` in the URL picks the visible ones. */
export const EVENT_TABLE_COLUMNS: DataColumnDef<EventListItem>[] = col.columns([
  col.accessor("occurredAt", {
    id: "time",
    header: "Time",
    size: 152,
    enableSorting: true,
    sortDescFirst: true,
    cell: (c) => <TableCellTime iso={c.getValue()} />,
  }),
  col.accessor("severity", {
    id: "severity",
    header: "Severity",
    size: 84,
    enableSorting: true,
    sortDescFirst: true,
    cell: (c) => <TableCellSeverity severity={c.getValue()} />,
  }),
  col.accessor("type", {
    id: "type",
    header: "Type",
    size: 124,
    cell: (c) => <TableCellText value={c.getValue()} title={`${c.row.original.kind} / ${c.getValue()}`} mono />,
  }),
  col.accessor((e) => e.agent?.name ?? e.hostname, {
    id: "agent",
    header: "Agent / host",
    size: 140,
    cell: (c) => <AgentCell event={c.row.original} />,
  }),
  col.accessor((e) => e.processArgs ?? e.processExe, {
    id: "process",
    header: "Process",
    size: 200,
    cell: (c) => <ProcessCell event={c.row.original} />,
  }),
  col.accessor((e) => destinationLabel(e), {
    id: "destination",
    header: "Destination",
    size: 140,
    cell: (c) => <DestinationCell event={c.row.original} />,
  }),
  col.accessor("title", {
    id: "summary",
    header: "Summary",
    size: 100,
    meta: { fill: true },
    cell: (c) => <TableCellText value={c.getValue()} />,
  }),
  text("kind", "Kind", 90),
  text("sourceFormat", "Source", 90),
  text("cluster", "Cluster", 140),
  text("namespace", "Namespace", 140),
  text("pod", "Pod", 180, true),
  text("container", "Container", 150, true),
  text("image", "Image", 220, true),
  text("repository", "Repository", 180, true),
  text("workflow", "Workflow", 160),
  text("parentExe", "Parent", 200, true),
  col.accessor("processPid", { id: "processPid", header: "PID", size: 80, meta: { cellClassName: "text-right tabular-nums" }, cell: (c) => c.getValue() ?? "—" }),
  col.accessor("processUid", { id: "processUid", header: "UID", size: 70, meta: { cellClassName: "text-right tabular-nums" }, cell: (c) => c.getValue() ?? "—" }),
  text("filePath", "File", 240, true),
  text("action", "Action", 100),
  text("outcome", "Outcome", 100),
  text("policyName", "Policy", 160),
  col.accessor((e) => e.flags.join(", "), { id: "flags", header: "Flags", size: 180, cell: (c) => <TableCellText value={c.getValue()} mono /> }),
  col.accessor("id", { id: "id", header: "Event id", size: 100, cell: (c) => <TableCellText value={c.getValue()} mono copy /> }),
]);

type TextKey = "kind" | "sourceFormat" | "cluster" | "namespace" | "pod" | "container" | "image" | "repository" | "workflow" | "parentExe" | "filePath" | "action" | "outcome" | "policyName";

function text(key: TextKey & EventColumn, header: string, size: number, technical = false) {
  return col.accessor(key, {
    id: key,
    header,
    size,
    cell: (c) => <TableCellText value={c.getValue()} mono={technical} copy={technical} />,
  });
}

export const COLUMN_LABELS: Record<EventColumn, string> = Object.fromEntries(
  EVENT_TABLE_COLUMNS.map((c) => [c.id, typeof c.header === "string" ? c.header : c.id]),
) as Record<EventColumn, string>;

function AgentCell({ event }: { event: EventListItem }) {
  const name = event.agent?.name ?? null;
  const host = event.hostname && event.hostname !== name ? event.hostname : null;
  if (!name && !host) return <TableCellText value={null} />;
  return (
    <span className="flex min-w-0 items-baseline gap-1.5" title={[name, host].filter(Boolean).join(" on ")}>
      <span className="truncate">{name ?? host}</span>
      {name && host && <span className="truncate text-xs text-zinc-500 dark:text-zinc-400">{host}</span>}
    </span>
  );
}

function ProcessCell({ event }: { event: EventListItem }) {
  const shown = event.processArgs ?? event.processExe;
  const full = [event.processExe, event.processArgs && event.processArgs !== event.processExe ? event.processArgs : null].filter(Boolean).join("\n");
  return <TableCellText value={shown} title={full || undefined} mono copy />;
}

function DestinationCell({ event }: { event: EventListItem }) {
  const shown = destinationLabel(event);
  const address = destinationLabel({ domain: null, remoteAddress: event.remoteAddress, remotePort: event.remotePort });
  const both = shown && address && shown !== address ? `${shown} (${address})` : undefined;
  return <TableCellText value={shown} title={both} mono copy />;
}
