import { describe, expect, it } from "vitest";
import { compactJsonText, contentHashOf, eventKeyFor, sha256Hex } from "./identity";

describe("identity", () => {
  it("hashes content independently of the sender's whitespace", () => {
    expect(contentHashOf('{ "a": 1,\n "b": [1, 2] }\r\n')).toBe(contentHashOf('{"a":1,"b":[1,2]}'));
    expect(contentHashOf('{"a":1}')).not.toBe(contentHashOf('{"a":2}'));
  });
  it("keeps whitespace inside strings, escaped quotes included", () => {
    expect(compactJsonText('{ "a b": " x\\" y \\\\", "c":\t"\\n" }')).toBe('{"a b":" x\\" y \\\\","c":"\\n"}');
    expect(contentHashOf('{"s":"a b"}')).not.toBe(contentHashOf('{"s":"ab"}'));
  });
  it("returns compact text as it is, and reuses the digest of its bytes", () => {
    const text = '{"a":[1,{"b":"c d"}]}';
    expect(compactJsonText(text)).toBe(text);
    expect(contentHashOf(text)).toBe(sha256Hex(text));
    expect(contentHashOf(text, "given")).toBe("given");
    expect(contentHashOf(' {"a":1}', "given")).toBe(sha256Hex('{"a":1}'));
  });
  it("prefers the source id and namespaces keys by format", () => {
    expect(eventKeyFor("falco", "u-1", "abc", 0)).toBe("falco:id:u-1");
    expect(eventKeyFor("tetragon", undefined, "abc", 0)).toBe("tetragon:sha256:abc");
    expect(eventKeyFor("kubearmor", undefined, "abc", 2)).toBe("kubearmor:sha256:abc:2");
  });
});
