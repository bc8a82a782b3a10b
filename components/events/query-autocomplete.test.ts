import { describe, expect, it } from "vitest";
import { parseQuery } from "@/lib/events/parse-query";
import { fieldByName } from "@/lib/events/fields";
import { applySuggestion, enumValueSuggestions, fieldSuggestions, quoteValue, suggestableField, termAtCaret } from "./query-autocomplete";

describe("termAtCaret", () => {
  it("finds a field-name prefix", () => {
    expect(termAtCaret("severity:high ex", 16)).toEqual({ start: 14, end: 16, negation: "", field: null, prefix: "ex", inert: false });
  });

  it("finds a value prefix after field:, with negation and inside parentheses", () => {
    const text = '(-domain:evil OR ns:"kube sys';
    expect(termAtCaret(text, 13)).toMatchObject({ start: 1, end: 13, negation: "-", field: "domain", prefix: "evil" });
    expect(termAtCaret(text, text.length)).toMatchObject({ field: "ns", prefix: "kube sys", negation: "" });
  });

  it("treats the caret after whitespace as an empty term", () => {
    expect(termAtCaret("kind:flows ", 11)).toMatchObject({ start: 11, end: 11, field: null, prefix: "" });
  });

  it("replaces the whole term when the caret is inside it", () => {
    expect(termAtCaret("processExe:/usr/bin", 4)).toMatchObject({ start: 0, end: 19, field: null, prefix: "proc" });
  });

  it("marks comparisons and keywords as inert", () => {
    expect(termAtCaret("port:>10", 8).inert).toBe(true);
    expect(termAtCaret("a OR", 4).inert).toBe(true);
  });
});

describe("suggestions", () => {
  it("suggests fields by name and alias, case-insensitively", () => {
    const names = fieldSuggestions("PRO").map((s) => s.text);
    expect(names).toEqual(expect.arrayContaining(["processExe", "processArgs", "protocol"]));
    expect(fieldSuggestions("exe")[0]).toMatchObject({ text: "exe", detail: "alias of processExe" });
    expect(fieldSuggestions("zzz")).toEqual([]);
  });

  it("suggests enum values locally and no values for numbers", () => {
    expect(enumValueSuggestions(fieldByName("severity")!, "h")).toEqual([{ kind: "value", text: "high" }]);
    expect(enumValueSuggestions(fieldByName("domain")!, "")).toBeNull();
    expect(suggestableField(termAtCaret("pid:1", 5))).toBeNull();
    expect(suggestableField(termAtCaret("ns:k", 4))?.name).toBe("namespace");
  });
});

describe("applySuggestion", () => {
  it("completes a field name and leaves the caret after the colon", () => {
    const text = "kind:flows -dom";
    const out = applySuggestion(text, termAtCaret(text, text.length), { kind: "field", text: "domain" });
    expect(out).toEqual({ text: "kind:flows -domain:", caret: 19 });
  });

  it("completes a value, quoting when needed, and the result parses", () => {
    const text = "agent:run OR kind:flows";
    const out = applySuggestion(text, termAtCaret(text, 9), { kind: "value", text: 'runner "blue" 7' });
    expect(out.text).toBe('agent:"runner \\"blue\\" 7" OR kind:flows');
    expect(out.caret).toBe(out.text.indexOf(" OR") + 1);
    const parsed = parseQuery(out.text);
    expect(parsed.ok && parsed.query).toMatchObject({ type: "or", children: [{ type: "term", field: "agent", value: 'runner "blue" 7' }, {}] });
  });

  it("appends a space after a value at the end", () => {
    const text = "severity:cr";
    expect(applySuggestion(text, termAtCaret(text, 11), { kind: "value", text: "critical" })).toEqual({ text: "severity:critical ", caret: 18 });
  });
});

describe("quoteValue", () => {
  it("keeps safe values bare and quotes the rest", () => {
    expect(quoteValue("/usr/bin/curl")).toBe("/usr/bin/curl");
    expect(quoteValue("2001:db8::1")).toBe("2001:db8::1");
    for (const v of ["a b", "OR", "x*", ">5", "(x)", 'say "hi"', "back\\slash"]) {
      const parsed = parseQuery(`domain:${quoteValue(v)}`);
      expect(parsed.ok && parsed.query).toMatchObject({ type: "term", op: "eq", value: v });
    }
  });
});
