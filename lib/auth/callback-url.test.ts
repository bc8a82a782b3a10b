import { describe, expect, it } from "vitest";
import { badCallbackUrls, isAcceptableCallbackUrl } from "./callback-url";

describe("callback URLs", () => {
  it("accepts paths and http(s) URLs, as next-auth does", () => {
    expect(isAcceptableCallbackUrl("/events?q=x", "http://vigil.test")).toBe(true);
    expect(isAcceptableCallbackUrl("https://vigil.example/events", "http://vigil.test")).toBe(true);
    expect(isAcceptableCallbackUrl("javascript:alert(1)", "http://vigil.test")).toBe(false);
    expect(isAcceptableCallbackUrl("not a url", "http://vigil.test")).toBe(false);
  });

  it("names the bad parameter and cookies of a request, leaving good ones", () => {
    const req = (url: string, cookie = "") => new Request(url, { headers: { cookie } });
    expect(badCallbackUrls(req("http://vigil.test/api/auth/csrf", "next-auth.callback-url=http%3A%2F%2Fvigil.test%2Fevents"))).toEqual({ param: false, cookies: [] });
    expect(badCallbackUrls(req("http://vigil.test/api/auth/signin?callbackUrl=%2Fevents"))).toEqual({ param: false, cookies: [] });
    expect(badCallbackUrls(req("http://vigil.test/api/auth/signin?callbackUrl=javascript:x", "__Secure-next-auth.callback-url=data%3Ax; other=1"))).toEqual({
      param: true,
      cookies: ["__Secure-next-auth.callback-url"],
    });
  });
});
