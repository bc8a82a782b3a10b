import { describe, expect, it } from "vitest";
import { GET as unknownGet, POST as unknownPost } from "../../app/api/[...path]/route";
import { GET as authGet, POST as authPost } from "../../app/api/auth/[...nextauth]/route";

describe("API fallbacks", () => {
  it("answers an unknown /api path with a problem+json 404, not the console's HTML", async () => {
    for (const handler of [unknownGet, unknownPost]) {
      const res = handler(new Request("http://vigil.test/api/v1/nope"));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).detail).toContain("/api/v1/nope");
    }
  });

  it("answers a malformed JSON sign-in body with a 400 instead of next-auth's bare 500", async () => {
    const req = new Request("http://vigil.test/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    const res = await authPost(req, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field: "body", detail: "The body is not valid JSON" });
  });

  it("refuses a callback URL next-auth would answer with a 500, and clears such a cookie", async () => {
    const ctx = { params: Promise.resolve({ nextauth: ["csrf"] }) };
    const param = await authGet(new Request("http://vigil.test/api/auth/signin?callbackUrl=javascript:alert(1)"), ctx);
    expect(param.status).toBe(400);
    expect(await param.json()).toMatchObject({ field: "callbackUrl" });

    const cookie = await authGet(
      new Request("http://vigil.test/api/auth/csrf", { headers: { cookie: "a=b; next-auth.callback-url=javascript%3Aalert(1)" } }),
      ctx,
    );
    expect(cookie.status).toBe(400);
    expect(cookie.headers.get("set-cookie")).toMatch(/^next-auth\.callback-url=; Path=\/; Max-Age=0/);
  });
});
