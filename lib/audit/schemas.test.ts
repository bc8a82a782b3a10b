import { describe, expect, it } from "vitest";
import { auditCsvHeader, auditCsvRows } from "./csv";
import { AuditQuery, auditFilterParams, auditTimeBounds, decodeAuditCursor, encodeAuditCursor } from "./schemas";

describe("AuditQuery", () => {
  it("takes a form's empty fields as no filter and coerces the limit", () => {
    expect(AuditQuery.parse({ actor: "", action: "api_key.create", subjectType: "", limit: "20" })).toEqual({ action: "api_key.create", limit: 20 });
  });

  it("refuses unknown parameters, actions and subject types", () => {
    for (const bad of [{ acter: "x" }, { action: "user.delete" }, { subjectType: "event" }, { from: "1969-12-31" }, { from: "2026-02-30" }, { limit: "0" }]) {
      expect(AuditQuery.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("auditTimeBounds", () => {
  it("reads a day as UTC and includes a `to` day whole", () => {
    expect(auditTimeBounds({ from: "2026-01-15", to: "2026-01-15" })).toEqual({ from: new Date("2026-01-15T00:00:00Z"), to: new Date("2026-01-16T00:00:00Z") });
    expect(auditTimeBounds({ from: "2026-01-15T10:00:00+02:00" })).toEqual({ from: new Date("2026-01-15T08:00:00Z"), to: null });
    expect(auditTimeBounds({})).toEqual({ from: null, to: null });
  });
});

describe("the cursor", () => {
  it("round-trips a page's last entry and refuses anything PostgreSQL could not take", () => {
    const c = encodeAuditCursor({ at: "2026-12-05T10:00:00.123Z", id: "42" });
    expect(decodeAuditCursor(c)).toEqual({ at: new Date("2026-12-05T10:00:00.123Z"), id: "42" });
    for (const bad of ["42", "abc", "1.0", "1.99999999999999999999", "999999999999999.1", "-1.2"]) expect(decodeAuditCursor(bad), bad).toBeNull();
  });
});

describe("auditFilterParams", () => {
  it("keeps the filters and drops paging and format", () => {
    expect(auditFilterParams({ actor: "cli:root", from: "2026-01-01", cursor: "1.2", limit: 5, format: "csv" }).toString()).toBe("actor=cli%3Aroot&from=2026-01-01");
  });
});

describe("the CSV", () => {
  it("has one row per entry with the changes spelled out and formulas defused", () => {
    const row = auditCsvRows([
      {
        id: "7", at: "2026-12-05T10:00:00.000Z", actor: "user:ada@acme.test", action: "api_key.create", subjectType: "api_key", subjectId: "k1",
        subjectLabel: "=cmd|' /C calc'!A0", via: "web", address: "203.0.113.7", userAgent: "Firefox", before: null, after: { role: "admin" },
      },
    ]);
    expect(auditCsvHeader()).toBe("id,at,actor,action,subjectType,subjectId,subject,changes,via,address,userAgent,before,after\r\n");
    expect(row).toBe(`7,2026-12-05T10:00:00.000Z,user:ada@acme.test,api_key.create,api_key,k1,'=cmd|' /C calc'!A0,role: admin,web,203.0.113.7,Firefox,,"{""role"":""admin""}"\r\n`);
  });
});
