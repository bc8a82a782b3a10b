import { z } from "zod";

// Request bodies of the retention API. Pure: safe in client components.

export const RunRetentionInput = z
  .object({
    /** Count what would go; remove nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type RunRetentionInput = z.input<typeof RunRetentionInput>;
