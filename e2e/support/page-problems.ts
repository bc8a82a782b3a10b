import type { Page } from "@playwright/test";

/**
 * Collects what a page must never produce: CSP violations (a listener added before any page
 * script runs, in every document the page loads), console errors and uncaught exceptions.
 * Returns the list, which fills as the test goes on.
 */
export async function watchPageProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  await page.exposeFunction("__reportCspViolation", (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`CSP violation on ${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
    });
  });
  return problems;
}

/** Waits until the page's own requests have settled (client-side fetches, lazy sections). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
}
