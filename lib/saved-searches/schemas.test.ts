import { describe, expect, it } from "vitest";
import { CreateSavedSearchInput, UpdateSavedSearchInput } from "./schemas";

const issuesOf = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

describe("saved-search schemas", () => {
  it("refuse a NUL in the name or the query, naming the field", () => {
    expect(issuesOf(CreateSavedSearchInput.safeParse({ name: "a\u0000b", query: "q=x" }))).toEqual([
      { path: "name", message: "must not contain a NUL character" },
    ]);
    expect(issuesOf(CreateSavedSearchInput.safeParse({ name: "ok", query: "?q=%00\u0000" }))).toEqual([
      { path: "query", message: "must not contain a NUL character" },
    ]);
    expect(issuesOf(UpdateSavedSearchInput.safeParse({ id: "x", name: "\u0000x" }))).toEqual([
      { path: "name", message: "must not contain a NUL character" },
    ]);
  });

  it("still trim, drop the leading ? and accept a percent-encoded NUL in the query string", () => {
    expect(CreateSavedSearchInput.parse({ name: " Miners ", query: "?q=%00" })).toEqual({ name: "Miners", query: "q=%00", shared: false });
  });
});

describe("saved-search inputs name what is wrong", () => {
  it("tells a missing name from a name that is not text", () => {
    const missing = CreateSavedSearchInput.safeParse({ query: "q=x" });
    expect(missing.error?.issues[0]).toMatchObject({ path: ["name"], message: "a name is required" });
    const notText = CreateSavedSearchInput.safeParse({ name: 5, query: "q=x" });
    expect(notText.error?.issues[0]).toMatchObject({ path: ["name"], message: "the name must be text" });
  });

  it("refuses keys it does not take, naming them", () => {
    const create = CreateSavedSearchInput.safeParse({ name: "n", query: "q=x", ownerId: "someone" });
    expect(create.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ownerId"] });
    const update = UpdateSavedSearchInput.safeParse({ id: "1", query: "q=y" });
    expect(update.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["query"] });
  });
});
