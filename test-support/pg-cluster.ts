import { execFile } from "node:child_process";
import { chown, mkdtemp, rm, appendFile, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";

// Throwaway PostgreSQL clusters for tests that need a server of their own: a primary made by
// initdb and a streaming replica made from it by pg_basebackup -R. Data directories live under
// one mkdtemp directory owned by the postgres OS user (initdb refuses to run as root); stop()
// ends both with pg_ctl -m immediate and removes the directory.

const run = promisify(execFile);
const BIN = process.env.VIGIL_PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** Ports this machine reserves for extra clusters. */
const PORTS = { first: 5460, last: 5479 };

/** The postgres binaries run as the postgres OS user when the tests run as root. */
async function pg(cmd: string, args: string[]): Promise<string> {
  const [file, argv] = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path.join(BIN, cmd), ...args]] : [path.join(BIN, cmd), args];
  try {
    return (await run(file, argv, { timeout: 60_000 })).stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} failed: ${e.message}\n${e.stderr ?? ""}`);
  }
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Free ports in the reserved range, from a random start so parallel runs rarely collide. */
async function freePorts(n: number): Promise<number[]> {
  const size = PORTS.last - PORTS.first + 1;
  const start = Math.floor(Math.random() * size);
  const out: number[] = [];
  for (let i = 0; i < size && out.length < n; i++) {
    const port = PORTS.first + ((start + i) % size);
    if (await portIsFree(port)) out.push(port);
  }
  if (out.length < n) throw new Error(`no ${n} free ports in ${PORTS.first}-${PORTS.last}`);
  return out;
}

export interface Server {
  port: number;
  dataDir: string;
  url(database: string): string;
  /** A connected client to one of its databases (the caller ends it). */
  connect(database?: string): Promise<Client>;
  stop(): Promise<void>;
}

function serverAt(port: number, dataDir: string): Server {
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dataDir,
    url,
    async connect(database = "postgres") {
      const client = new Client({ connectionString: url(database) });
      await client.connect();
      return client;
    },
    async stop() {
      await pg("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
    },
  };
}

const SETTINGS = (port: number, socketDir: string) => `
port = ${port}
listen_addresses = '127.0.0.1'
unix_socket_directories = '${socketDir}'
max_connections = 60
shared_buffers = 32MB
fsync = off
synchronous_commit = off
wal_level = replica
max_wal_senders = 5
hot_standby = on
hot_standby_feedback = on
logging_collector = off
`;

const HBA = `local all all trust
host all all 127.0.0.1/32 trust
host replication all 127.0.0.1/32 trust
`;

export interface ReplicatedPair {
  primary: Server;
  replica: Server;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops both servers and removes their directory (safe to call twice, and after a failed start). */
  destroy(): Promise<void>;
}

/** A primary (initdb) and a replica streaming from it (pg_basebackup -R), both started. */
export async function startReplicatedPair(): Promise<ReplicatedPair> {
  const root = await mkdtemp(path.join(os.tmpdir(), "vigil-rep-"));
  await chownToPostgres(root);
  const servers: Server[] = [];
  const destroy = async () => {
    for (const s of servers.splice(0).reverse()) await s.stop();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const [primaryPort, replicaPort] = await freePorts(2);
    const primaryDir = path.join(root, "primary");
    const replicaDir = path.join(root, "replica");
    await pg("initdb", ["-D", primaryDir, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    await appendFile(path.join(primaryDir, "postgresql.conf"), SETTINGS(primaryPort, root));
    await writeFile(path.join(primaryDir, "pg_hba.conf"), HBA);
    const primary = serverAt(primaryPort, primaryDir);
    servers.push(primary);
    await pg("pg_ctl", ["-D", primaryDir, "-l", path.join(root, "primary.log"), "-w", "-t", "30", "start"]);

    await pg("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "-c", "fast", "--no-sync"]);
    // -R wrote primary_conninfo and standby.signal; the copied postgresql.conf names the primary's port.
    await appendFile(path.join(replicaDir, "postgresql.auto.conf"), `port = ${replicaPort}\ncluster_name = 'vigil-test-replica'\n`);
    const replica = serverAt(replicaPort, replicaDir);
    servers.push(replica);
    await pg("pg_ctl", ["-D", replicaDir, "-l", path.join(root, "replica.log"), "-w", "-t", "30", "start"]);

    await waitFor("the replica to stream", async () => {
      const c = await primary.connect();
      try {
        return (await c.query(`SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'`)).rowCount === 1;
      } finally {
        await c.end();
      }
    });
    // The insert position, not pg_current_wal_lsn(): with synchronous_commit off a commit record
    // may be inserted but not yet written when the caller asks.
    const caughtUp = async (timeoutMs = 20_000) => {
      const p = await primary.connect();
      const r = await replica.connect();
      try {
        const lsn = (await p.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0].lsn;
        await waitFor("the replica to replay the primary's WAL", async () =>
          (await r.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [lsn])).rows[0].ok, timeoutMs);
      } finally {
        await p.end();
        await r.end();
      }
    };
    return { primary, replica, caughtUp, destroy };
  } catch (err) {
    await destroy();
    throw err;
  }
}

async function chownToPostgres(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const ids = (await run("id", ["-u", "postgres"])).stdout.trim();
  const gid = (await run("id", ["-g", "postgres"])).stdout.trim();
  await chown(dir, Number(ids), Number(gid));
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
