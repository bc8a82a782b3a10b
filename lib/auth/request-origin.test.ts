import { describe, expect, it } from "vitest";
import { ipOrNull, requestOrigin } from "./request-origin";

const headers = (h: Record<string, string>) => new Headers(h);

describe("requestOrigin", () => {
  it("takes the first X-Forwarded-For hop, then X-Real-IP, and the user agent", () => {
    expect(requestOrigin(headers({ "x-forwarded-for": "203.0.113.7, 10.0.0.2", "user-agent": "Firefox" }), "web")).toEqual({
      via: "web", address: "203.0.113.7", userAgent: "Firefox",
    });
    expect(requestOrigin(headers({ "x-real-ip": "2001:db8::1" }), "api")).toEqual({ via: "api", address: "2001:db8::1", userAgent: null });
    expect(requestOrigin(headers({ "x-forwarded-for": "not an address", "x-real-ip": "198.51.100.1" }), "web").address).toBe("198.51.100.1");
    expect(requestOrigin(headers({}), "web")).toEqual({ via: "web", address: null, userAgent: null });
  });

  it("keeps at most 512 characters of a user agent", () => {
    expect(requestOrigin(headers({ "user-agent": "x".repeat(2000) }), "web").userAgent).toHaveLength(512);
  });
});

describe("ipOrNull", () => {
  it("normalises addresses and refuses anything else", () => {
    expect(ipOrNull("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(ipOrNull(" 192.0.2.1:51234 ")).toBe("192.0.2.1");
    expect(ipOrNull("[2001:db8::1]:443")).toBe("2001:db8::1");
    for (const bad of ["", "1.2.3", "0x7f.1", "01.2.3.4", "<script>", "unknown"]) expect(ipOrNull(bad)).toBeNull();
  });
});
