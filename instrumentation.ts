// Server start-up (Next.js calls register() once per server process, before it takes requests):
// schedules the maintenance jobs. Each runs once across processes (lib/retention/runner.ts).
export async function register() {
  // Only the Node.js server has a PostgreSQL client; the condition keeps the import out of an Edge bundle.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startRetentionSchedule } = await import("./lib/retention/schedule");
    startRetentionSchedule();
  }
}
