import { describe, expect, it } from "vitest";
import { rawHashOf, sha256Hex } from "./identity";
import { bodyKindOf, decodeLine, parseBody, readItems, splitTopLevelArray, type LineItem } from "./parse-body";

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

describe("readItems (NDJSON as bytes)", () => {
  const lines = (text: string | Buffer) => readItems(Buffer.isBuffer(text) ? text : Buffer.from(text), "ndjson") as LineItem[];

  it("hashes each line's bytes as rawHashOf hashes its text, before decoding it", () => {
    const items = lines('  {"a":"é"}\r\n\n\t{"b":2}  \n');
    expect(items.map((i) => decodeLine(i).raw)).toEqual(['{"a":"é"}', '{"b":2}']);
    expect(items.map((i) => i.rawHash)).toEqual([rawHashOf('{"a":"é"}'), rawHashOf('{"b":2}')]);
    expect(items.map((i) => i.index)).toEqual([0, 1]);
  });

  it("passes the bytes' digest on only when the text has exactly those bytes", () => {
    const [ok] = lines('{"a":"é"}');
    expect(decodeLine(ok).digest).toBe(sha256Hex('{"a":"é"}'));
    const [invalid] = lines(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xf0, 0x9f, 0x98, 0x22, 0x7d]));
    expect(decodeLine(invalid).digest).toBeUndefined();
    const [nbsp] = lines('{"a":1}\u00a0');
    expect(decodeLine(nbsp).digest).toBeUndefined();
  });

  it("skips lines that String#trim finds blank, as the text path does", () => {
    const items = lines('{"a":1}\n\u00a0\u3000\n{"b":2}');
    expect(items.map((i) => decodeLine(i).raw)).toEqual(['{"a":1}', '{"b":2}']);
    expect(parseBody('{"a":1}\n\u00a0\u3000\n{"b":2}', "ndjson").map((i) => i.raw)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("keeps a line of invalid UTF-8 as an item that fails to parse, not a crash", () => {
    const items = lines(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from([0xff, 0xfe, 0x7b]), Buffer.from('\n{"b":2}')]));
    expect(items).toHaveLength(3);
    expect(parseBody(Buffer.concat([Buffer.from([0xff, 0x7b]), Buffer.from('\n{"b":2}')]).toString("utf8"), "ndjson")[0]).toMatchObject({ error: "line 1 is not valid JSON" });
  });

  it("refuses an empty body and more than 5,000 lines", () => {
    expect(() => lines(" \n\r\n")).toThrow(/no events/);
    expect(() => lines("{}\n".repeat(5001))).toThrow(expect.objectContaining({ status: 413 }));
  });
});
