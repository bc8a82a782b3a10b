import { describe, expect, it } from "vitest";
import { contentHashOf, eventKeyFor } from "./identity";

describe("identity", () => {
  it("hashes content independently of the sender's whitespace", () => {
    expect(contentHashOf(JSON.parse('{ "a": 1,\n "b": [1, 2] }'))).toBe(contentHashOf(JSON.parse('{"a":1,"b":[1,2]}')));
    expect(contentHashOf({ a: 1 })).not.toBe(contentHashOf({ a: 2 }));
  });
  it("prefers the source id and namespaces keys by format", () => {
    expect(eventKeyFor("falco", "u-1", "abc", 0)).toBe("falco:id:u-1");
    expect(eventKeyFor("tetragon", undefined, "abc", 0)).toBe("tetragon:sha256:abc");
    expect(eventKeyFor("kubearmor", undefined, "abc", 2)).toBe("kubearmor:sha256:abc:2");
  });
});
