import { describe, expect, it } from "vitest";
import { parseBody, splitTopLevelArray, bodyKindOf } from "./parse-body";

describe("splitTopLevelArray", () => {
  it("keeps each element's exact text, including big integers and nested brackets", () => {
    const text = ' [ {"a": 18446744073709551615, "s":"x],{\\"y"}, [1,[2]] ,"str", 3 , null ]';
    expect(splitTopLevelArray(text)).toEqual(['{"a": 18446744073709551615, "s":"x],{\\"y"}', "[1,[2]]", '"str"', "3", "null"]);
  });
  it("handles an empty array", () => {
    expect(splitTopLevelArray("[]")).toEqual([]);
  });
});

describe("parseBody", () => {
  it("parses one object", () => {
    const items = parseBody('{"x":1}', "json");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ index: 0, raw: '{"x":1}', value: { x: 1 } });
  });
  it("parses NDJSON and names bad lines without dropping good ones", () => {
    const items = parseBody('{"a":1}\n\nnot json\n{"b":2}\n', "ndjson");
    expect(items.map((i) => ("error" in i ? i.error : i.raw))).toEqual(['{"a":1}', "line 2 is not valid JSON", '{"b":2}']);
  });
  it("rejects invalid JSON with a 400", () => {
    expect(() => parseBody("{", "json")).toThrow(/not valid JSON/);
  });
  it("rejects an empty body", () => {
    expect(() => parseBody("[]", "json")).toThrow(/no events/);
    expect(() => parseBody("\n\n", "ndjson")).toThrow(/no events/);
  });
  it("rejects more than 5,000 items with a 413", () => {
    const body = JSON.stringify(Array.from({ length: 5001 }, () => ({})));
    expect(() => parseBody(body, "json")).toThrow(expect.objectContaining({ status: 413 }));
  });
});

describe("bodyKindOf", () => {
  it("maps content types and refuses others with a 415", () => {
    expect(bodyKindOf("application/json; charset=utf-8")).toBe("json");
    expect(bodyKindOf("application/x-ndjson")).toBe("ndjson");
    expect(() => bodyKindOf("text/plain")).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => bodyKindOf(null)).toThrow(expect.objectContaining({ status: 415 }));
  });
});
