import { describe, expect, it } from "vitest";
import { clip, isStorableTime, mayHoldUnstorableText, storableText } from "./storable";

describe("clip", () => {
  it("cuts at the limit, but never between the two halves of a surrogate pair", () => {
    expect(clip("abcdef", 4)).toBe("abcd");
    expect(clip("abc", 4)).toBe("abc");
    expect(clip("abc😀", 4)).toBe("abc");
    expect(clip("abc😀", 5)).toBe("abc😀");
    expect(clip("ab😀d", 4)).toBe("ab😀");
    expect(clip("a".repeat(8191) + "😀", 8192).isWellFormed()).toBe(true);
  });
});

describe("storableText", () => {
  it("removes NUL and replaces unpaired surrogates, in values and keys, keeping pairs", () => {
    expect(storableText({ "k\u0000": ["a\u0000b", "x\ud800", "\udc00y", "ok😀"], n: 5 })).toEqual({ k: ["ab", "x\ufffd", "\ufffdy", "ok😀"], n: 5 });
  });

  it("is asked for only when the text holds such an escape", () => {
    expect(mayHoldUnstorableText('{"a":"plain é"}')).toBe(false);
    expect(mayHoldUnstorableText('{"a":"\\u00e9"}')).toBe(false);
    expect(mayHoldUnstorableText('{"a":"\\u0000"}')).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\uD800"}')).toBe(true);
    expect(mayHoldUnstorableText('{"a":"\\udfff"}')).toBe(true);
  });
});

describe("isStorableTime", () => {
  it("takes 1970 to 9999 only", () => {
    expect(isStorableTime("2026-12-02T00:00:00Z")).toBe(true);
    expect(isStorableTime("1969-12-31T23:59:59Z")).toBe(false);
    expect(isStorableTime("+010000-01-01T00:00:00Z")).toBe(false);
    expect(isStorableTime("not a time")).toBe(false);
  });
});
