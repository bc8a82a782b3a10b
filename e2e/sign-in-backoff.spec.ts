import { expect, test, type APIRequestContext } from "@playwright/test";
import { createTenant, createUser } from "./support/factories";

// Sign-in back-off: after five failures an account is locked, 429 with Retry-After, even with the
// right password; an unknown email answers the same. Each attempt claims its own client address
// (X-Forwarded-For) so the address limit of the other specs' sign-ins is not touched.

async function attempt(request: APIRequestContext, email: string, password: string, address: string) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: "/events", json: "true" },
    headers: { "x-forwarded-for": address, "x-auth-return-redirect": "1" },
    maxRedirects: 0,
  });
}

test("five failed sign-ins lock the account, whether or not it exists, with a 429 and Retry-After", async ({ request }) => {
  const tenant = await createTenant("Back-off SOC");
  const user = await createUser([{ tenantId: tenant.id, role: "analyst" }], "Lou Locked");
  const unknown = `nobody-${Date.now()}@example.test`;
  for (const [email, i] of [[user.email, 1], [unknown, 2]] as const) {
    const address = `203.0.113.${100 + i}`;
    for (let k = 0; k < 6; k++) expect((await attempt(request, email, "wrong-password", address)).status()).not.toBe(429);
    const locked = await attempt(request, email, user.password, address);
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ status: 429, url: expect.stringContaining("error=TooManyAttempts") });
  }
});

test("the sign-in form says when it is locked", async ({ page }) => {
  const email = `form-${Date.now()}@example.test`;
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.150" });
  await page.goto("/signin");
  const button = page.getByRole("button", { name: "Sign in" });
  for (let k = 0; k < 7; k++) {
    await expect(button).toBeEnabled();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong-password");
    await button.click();
    await expect(page.locator("form").getByRole("alert")).toBeVisible();
    await expect(button).toBeEnabled();
  }
  await expect(page.locator("form").getByRole("alert")).toHaveText("Too many failed sign-ins. Wait a little, then try again.");
});
