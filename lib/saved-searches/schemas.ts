import { z } from "zod";
import { pgText } from "@/lib/events/pg-limits";

// Saved-search inputs and the item the API returns. Pure: the Events page may import them.

export const SAVED_SEARCH_NAME_MAX = 100;
export const SAVED_SEARCH_QUERY_MAX = 4000;

/** A string, with one message for a missing value and another for a value of the wrong type. */
const text = (missing: string, notText: string) => z.string({ error: (iss) => (iss.input === undefined ? missing : notText) });

export const SavedSearchName = pgText(text("a name is required", "the name must be text"))
  .trim()
  .min(1, "a name is required")
  .max(SAVED_SEARCH_NAME_MAX, `at most ${SAVED_SEARCH_NAME_MAX} characters`);

/** The Events page's URL query string; a leading "?" is dropped. */
export const SavedSearchQuery = pgText(text("the Events page's query string is required", "the query must be the Events page's query string"))
  .trim()
  .transform((q) => (q.startsWith("?") ? q.slice(1) : q))
  .pipe(z.string().max(SAVED_SEARCH_QUERY_MAX, `at most ${SAVED_SEARCH_QUERY_MAX} characters`));

export const CreateSavedSearchInput = z.strictObject({
  name: SavedSearchName,
  query: SavedSearchQuery,
  shared: z.boolean().default(false),
});
export type CreateSavedSearchInput = z.input<typeof CreateSavedSearchInput>;

// Only the name and sharing change: the query of a saved search is fixed (save a new one).
/** The body of a change: a new name, sharing, or both. */
export const SavedSearchChange = z.strictObject({
  name: SavedSearchName.optional(),
  shared: z.boolean().optional(),
});

export const UpdateSavedSearchInput = SavedSearchChange.extend({ id: z.string() })
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
