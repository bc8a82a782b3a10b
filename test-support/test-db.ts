import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";

function serverUrl(): string {
  const url = process.env.VIGIL_TEST_SERVER_URL;
  if (!url) throw new Error("VIGIL_TEST_SERVER_URL is not set: run the tests through vitest (test-support/global-setup.ts)");
  return url;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for this test file; lib/db points at it. Dropped after the file. */
export function withTestDatabase(): { url: () => string } {
  let url = "";
  const name = `vigil_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    const u = new URL(serverUrl());
    u.pathname = `/${name}`;
    url = u.toString();
    await migrate(url);
    await closeDb();
    process.env.DATABASE_URL = url;
  });
  afterAll(async () => {
    await closeDb();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return { url: () => url };
}
