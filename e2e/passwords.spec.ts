import { expect, test, type Page } from "@playwright/test";
import { createTenant, createUser } from "./support/factories";
import { watchPageProblems } from "./support/page-problems";
import { signIn } from "./support/sign-in";

// Passwords (issue 15, section 3): a user changes their own password on the account page; an
// admin resets a member's, who must then choose a new one before any other page opens.

async function fillSignIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function changePassword(page: Page, current: string, next: string, confirmation = next) {
  const form = page.getByTestId("change-password");
  await form.getByLabel("Current password").fill(current);
  await form.getByLabel("New password", { exact: true }).fill(next);
  await form.getByLabel("Confirm new password").fill(confirmation);
  await form.getByRole("button", { name: "Change password" }).click();
}

test("a user changes their own password from the user menu; the old one stops working", async ({ page }) => {
  const problems = await watchPageProblems(page);
  const tenant = await createTenant("Password SOC");
  const user = await createUser([{ tenantId: tenant.id, role: "analyst" }], "Ana Analyst");
  await signIn(page, user);

  await page.getByRole("button", { name: "Ana Analyst" }).click();
  await page.getByRole("menuitem", { name: "Account and password" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();

  await changePassword(page, "not-my-password-at-all", "analyst-own-passphrase-7");
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await changePassword(page, user.password, "password123456");
  await expect(page.getByText("This is a commonly used password: choose another.")).toBeVisible();
  await changePassword(page, user.password, "analyst-own-passphrase-7", "analyst-own-passphrase-8");
  await expect(page.getByText("Does not match the new password.")).toBeVisible();

  await changePassword(page, user.password, "analyst-own-passphrase-7");
  await expect(page.getByRole("status")).toHaveText("Password changed. Other sessions are signed out.");
  // Still signed in (with the new password, behind the scenes): the console opens.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Issues" }).click();
  await expect(page).toHaveURL(/\/issues/);
  expect(problems).toEqual([]);

  await page.context().clearCookies();
  await fillSignIn(page, user.email, user.password);
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await signIn(page, { email: user.email, password: "analyst-own-passphrase-7" });
});

test("an admin resets a member's password: their sessions end, and at the next sign-in they must choose a new one", async ({ page, browser }) => {
  const tenant = await createTenant("Reset SOC");
  const admin = await createUser([{ tenantId: tenant.id, role: "admin" }], "Ada Admin");
  const member = await createUser([{ tenantId: tenant.id, role: "analyst" }], "Sam Analyst");

  // The member is signed in elsewhere when the reset happens.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signIn(memberPage, member);

  await signIn(page, admin);
  await page.goto("/admin");
  const members = page.getByTestId("members");
  await expect(members.getByRole("row", { name: /Ada Admin/ }).getByRole("button", { name: "Reset password" })).toHaveCount(0);
  await members.getByRole("row", { name: /Sam Analyst/ }).getByRole("button", { name: "Reset password" }).click();
  const dialog = page.getByTestId("reset-password-dialog");
  await expect(dialog.getByRole("heading")).toHaveText("Reset the password of Sam Analyst?");
  await dialog.getByRole("button", { name: "Reset password" }).click();
  const temporary = (await dialog.getByTestId("temporary-password").textContent())?.trim() ?? "";
  expect(temporary).toMatch(/^\w{4}(-\w{4}){3}$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(members.getByRole("row", { name: /Sam Analyst/ }).getByTestId("must-change-password")).toBeVisible();
  const audit = page.getByRole("table", { name: "Audit log" });
  await expect(audit.getByRole("row", { name: /Password reset/ }).first()).toContainText(member.email);

  // The member's session is over; the old password no longer signs in.
  await memberPage.goto("/events");
  await expect(memberPage).toHaveURL(/\/signin/);
  await fillSignIn(memberPage, member.email, member.password);
  await expect(memberPage.getByRole("alert").filter({ hasText: "Wrong" })).toBeVisible();

  // The temporary one does, into the account page only.
  await fillSignIn(memberPage, member.email, temporary);
  await expect(memberPage).toHaveURL(/\/account$/);
  await expect(memberPage.getByRole("alert").filter({ hasText: "An admin has reset your password." })).toBeVisible();
  await expect(memberPage.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  for (const path of ["/events", "/issues", "/admin"]) {
    await memberPage.goto(path);
    await expect(memberPage).toHaveURL(/\/account$/);
  }
  expect((await memberPage.request.get("/api/v1/events")).status()).toBe(401);

  await changePassword(memberPage, temporary, "sam-chosen-passphrase-3");
  await expect(memberPage).toHaveURL(/\/events$/);
  await expect(memberPage.getByRole("navigation", { name: "Main" })).toBeVisible();
  await memberContext.close();

  // The admin's audit log has the reset, the failed and successful sign-ins and the change.
  await page.reload();
  for (const action of ["Password changed", "Signed in", "Sign-in failed", "Password reset"]) {
    await expect(audit.getByRole("row", { name: new RegExp(action) }).first(), action).toBeVisible();
  }
});
