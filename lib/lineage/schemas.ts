import { z } from "zod";

/** Paging through one subject's lineage, oldest first: `cursor` is the id of the last entry seen. */
export const LineagePageInput = z.object({
  cursor: z.string().regex(/^\d{1,19}$/, "must be the nextCursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type LineagePageInput = z.infer<typeof LineagePageInput>;
