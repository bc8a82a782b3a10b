import { describe, expect, it } from "vitest";
import { csvFilename, csvOf, formatCell, type TableData } from "./table-data";

describe("card tables", () => {
  const table: TableData = {
    columns: [
      { key: "value", label: "Event type", kind: "mono" },
      { key: "count", label: "Events", kind: "count" },
      { key: "rate", label: "Rate", kind: "percent" },
      { key: "mtta", label: "Mean time to acknowledge", kind: "duration" },
    ],
    rows: [
      { cells: { value: "=HYPERLINK(\"x\")", count: 1204, rate: 0.5, mtta: 5400 }, href: "/events" },
      { cells: { value: "a, \"quoted\"\nvalue", count: 0, rate: null, mtta: null } },
    ],
  };

  it("export raw values as CSV, safe to open in a spreadsheet", () => {
    expect(csvOf(table)).toBe(
      'Event type,Events,Rate (ratio),Mean time to acknowledge (seconds)\r\n' +
        `"'=HYPERLINK(""x"")",1204,0.5,5400\r\n` +
        '"a, ""quoted""\nvalue",0,,\r\n',
    );
  });

  it("show values in the dashboard's formats", () => {
    expect(formatCell(1204, "count")).toBe("1,204");
    expect(formatCell(0.5, "percent")).toBe("50%");
    expect(formatCell(5400, "duration")).toBe("1.5 h");
    expect(formatCell(-3, "change")).toBe("−3");
    expect(formatCell(null, "count")).toBe("—");
    expect(formatCell("2026-11-13T00:00:00.000Z", "time")).toBe("2026-11-13 00:00 UTC");
  });

  it("name the file after the card and the range", () => {
    expect(csvFilename("top-type", { from: "2026-11-13T12:34:56.000Z", to: "2026-11-20T12:34:56.000Z" })).toBe("vigil-top-type-202611131234-202611201234.csv");
  });
});
