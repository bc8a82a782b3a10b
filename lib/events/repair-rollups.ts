import { withTransaction } from "@/lib/db/transaction";
import { repairRollupsSql, wholeDays } from "./rollups";
import type { TimeRange } from "./time-range";

// `npm run vigil -- rollups repair`: rebuilds a tenant's hourly and daily rollups over a window
// exactly from its events, for when they were damaged (a bug, a manual edit, a restore of one
// table). Set-based, in one transaction, with writes to events held off until it commits.

export interface RollupRepair {
  tenantId: string;
  /** The window rebuilt: the one asked for, widened to whole UTC days. */
  from: Date;
  to: Date;
  events: number;
  /** Rollup rows inserted or corrected, and rows without events deleted. */
  hourly: { corrected: number; deleted: number };
  daily: { corrected: number; deleted: number };
}

interface RepairRow {
  events: string;
  hourly_set: string;
  hourly_gone: string;
  daily_set: string;
  daily_gone: string;
}

export async function repairRollups(tenantId: string, range: TimeRange): Promise<RollupRepair> {
  const window = wholeDays(range);
  return withTransaction(async (client) => {
    // Ingest's rollup triggers must not run between reading the events and writing the rollups:
    // this lock waits for writers of events to commit and holds new ones (and other repairs) off.
    await client.query("SET LOCAL statement_timeout = 0");
    await client.query("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE");
    const { rows } = await client.query<RepairRow>(repairRollupsSql(), [tenantId, window.from, window.to]);
    const r = rows[0];
    return {
      tenantId,
      from: window.from,
      to: window.to,
      events: Number(r.events),
      hourly: { corrected: Number(r.hourly_set), deleted: Number(r.hourly_gone) },
      daily: { corrected: Number(r.daily_set), deleted: Number(r.daily_gone) },
    };
  });
}
