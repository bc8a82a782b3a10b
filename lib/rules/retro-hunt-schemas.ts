import { z } from "zod";
import { isTimeSpec, TIME_SPEC_HINT } from "@/lib/stats/time-spec";

// Retro-hunts' inputs and the job as the API and the Rules page show it. Pure: safe in client components.

export const RETRO_HUNT_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RetroHuntStatus = (typeof RETRO_HUNT_STATUSES)[number];

/** Statuses of a hunt that is over: it can no longer be cancelled. */
export const FINISHED_RETRO_HUNT_STATUSES: readonly RetroHuntStatus[] = ["succeeded", "failed", "cancelled"];

/** The longest window a hunt may cover. */
export const MAX_RETRO_HUNT_DAYS = 90;
export const DEFAULT_RETRO_HUNT_LIST = 50;
export const MAX_RETRO_HUNT_LIST = 200;

const timeSpec = z.string().max(64).refine(isTimeSpec, `must be ${TIME_SPEC_HINT}`);

export const StartRetroHuntInput = z.strictObject({
  /** The detection_rules row (a rule's `id`, not its rule_id). */
  ruleId: z.uuid({ error: "not a detection rule id" }),
  from: timeSpec,
  to: timeSpec.default("now"),
});
export type StartRetroHuntInput = z.input<typeof StartRetroHuntInput>;

export const ListRetroHuntsInput = z.strictObject({
  ruleId: z.uuid({ error: "not a detection rule id" }).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_RETRO_HUNT_LIST).optional(),
});
export type ListRetroHuntsInput = z.input<typeof ListRetroHuntsInput>;

export const RetroHuntIdParams = z.object({ id: z.uuid({ error: "not a retro-hunt id" }) });

export interface RetroHunt {
  id: string;
  /** The detection_rules row. */
  ruleId: string;
  /** The rule set's ruleset_id and the rule's rule_id, as they were when the hunt started. */
  rulesetId: string;
  ruleName: string;
  from: string;
  to: string;
  status: RetroHuntStatus;
  /** Events in the window when the hunt started. */
  total: number;
  scanned: number;
  matched: number;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
