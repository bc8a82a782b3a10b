import { startEmbeddedPostgres } from "../lib/db/embedded";

// Integration tests need a PostgreSQL server: DATABASE_URL's, else the embedded one. Each test
// file then creates its own throwaway database (test-support/test-db.ts) and drops it.
export default async function setup() {
  if (process.env.VIGIL_TEST_SERVER_URL) return;
  const url = process.env.DATABASE_URL;
  if (url) {
    const server = new URL(url);
    server.pathname = "/postgres";
    process.env.VIGIL_TEST_SERVER_URL = server.toString();
    return;
  }
  const port = 54339;
  const db = await startEmbeddedPostgres(process.env.VIGIL_DATA_DIR ?? ".data/test", port);
  process.env.VIGIL_TEST_SERVER_URL = db.url("postgres");
  return async () => {
    await db.stop();
  };
}
