import { z } from "zod";
import { withoutNul } from "@/lib/events/pg-limits";

// Saved-search inputs and the item the API returns. Pure: the Events page may import them.

export const SAVED_SEARCH_NAME_MAX = 100;
export const SAVED_SEARCH_QUERY_MAX = 4000;

export const SavedSearchName = withoutNul(z.string({ error: "a name is required" }))
  .trim()
  .min(1, "a name is required")
  .max(SAVED_SEARCH_NAME_MAX, `at most ${SAVED_SEARCH_NAME_MAX} characters`);

/** The Events page's URL query string; a leading "?" is dropped. */
export const SavedSearchQuery = withoutNul(z.string({ error: "the Events page's query string is required" }))
  .trim()
  .transform((q) => (q.startsWith("?") ? q.slice(1) : q))
  .pipe(z.string().max(SAVED_SEARCH_QUERY_MAX, `at most ${SAVED_SEARCH_QUERY_MAX} characters`));

export const CreateSavedSearchInput = z.object({
  name: SavedSearchName,
  query: SavedSearchQuery,
  shared: z.boolean().default(false),
});
export type CreateSavedSearchInput = z.input<typeof CreateSavedSearchInput>;

export const UpdateSavedSearchInput = z
  .object({
    id: z.string(),
    name: SavedSearchName.optional(),
    shared: z.boolean().optional(),
  })
  .refine((v) => v.name !== undefined || v.shared !== undefined, { error: "give a name or shared", path: ["name"] });
export type UpdateSavedSearchInput = z.input<typeof UpdateSavedSearchInput>;

export const SavedSearchId = z.object({ id: z.string() });
export type SavedSearchId = z.input<typeof SavedSearchId>;

export interface SavedSearchItem {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  /** The caller owns it: only then may they rename, share or delete it. */
  mine: boolean;
  owner: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
}
