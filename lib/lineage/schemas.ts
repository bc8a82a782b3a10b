import { z } from "zod";
import { INT8, isIntegerIn } from "@/lib/events/pg-limits";

/** An entry id (bigint), or 0 for the first page. */
const ENTRY_ID = { min: 0n, max: INT8.max };

/** Paging through one subject's lineage, oldest first: `cursor` is the id of the last entry seen. */
export const LineagePageInput = z.object({
  cursor: z.string().refine((c) => isIntegerIn(c, ENTRY_ID), "must be the nextCursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type LineagePageInput = z.infer<typeof LineagePageInput>;
