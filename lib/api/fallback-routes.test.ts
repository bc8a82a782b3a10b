import { describe, expect, it } from "vitest";
import { GET as unknownGet, POST as unknownPost } from "../../app/api/[...path]/route";
import { POST as authPost } from "../../app/api/auth/[...nextauth]/route";

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
});
