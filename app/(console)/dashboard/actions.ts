"use server";

import { z } from "zod";
import { authAction } from "@/lib/auth/action";
import { loadExplorer, type ExplorerInput } from "@/lib/dashboard/explorer";

// The dashboard's group-by explorer, when its fields or limit change in the browser: the same
// loader the page renders the first tree with. lib/dashboard/explorer.ts validates the input.

export async function exploreEventsAction(raw: unknown) {
  return authAction("app/(console)/dashboard/actions.ts#exploreEventsAction", z.record(z.string(), z.unknown()), async ({ ctx, input }) =>
    loadExplorer({ ctx, input: input as ExplorerInput }),
  )(raw);
}
