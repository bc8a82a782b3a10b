import { describe, expect, it } from "vitest";
import { countNewlines, filenameFrom, rowsSoFar } from "./export-download";

describe("export helpers", () => {
  it("counts rows per format", () => {
    const bytes = new TextEncoder().encode('{"a":1}\n{"a":2}\n');
    expect(countNewlines(bytes)).toBe(2);
    expect(rowsSoFar("ndjson", 2)).toBe(2);
    expect(rowsSoFar("csv", 3)).toBe(2);
    expect(rowsSoFar("csv", 0)).toBe(0);
  });

  it("reads filenames from content-disposition", () => {
    expect(filenameFrom('attachment; filename="events-2026-11-23.csv"')).toBe("events-2026-11-23.csv");
    expect(filenameFrom("attachment; filename=events.ndjson")).toBe("events.ndjson");
    expect(filenameFrom("attachment; filename=\"a.csv\"; filename*=UTF-8''%C3%A9v%C3%A9nements.csv")).toBe("événements.csv");
    expect(filenameFrom("attachment")).toBeNull();
    expect(filenameFrom(null)).toBeNull();
  });
});
