/**
 * A fresh, migrated database for one test file.
 * - With TEST_DATABASE_URL (CI, and developers with PostgreSQL): a new database
 *   on that server, dropped afterwards.
 * - Without it (a newcomer's machine): an in-memory PGlite, the embedded default.
 * Either way the real migration SQL from prisma/migrations is applied.
 */
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { createPrismaClient, setDb, type Db } from "../lib/db/client";
import { parseDatabaseUrl } from "../lib/db/database-url";
import { startEmbeddedPostgres } from "../lib/db/embedded-postgres";

export interface TestDatabase {
  url: string;
  db: Db;
  /** Whether this is a real PostgreSQL server (true) or PGlite (false). */
  isPostgres: boolean;
  close(): Promise<void>;
}

const migrationsDir = path.resolve(__dirname, "..", "prisma", "migrations");

export function migrationSql(): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8"));
}

/** Applies every migration in prisma/migrations, in order, to the database at `url`. */
export async function applyMigrations(url: string): Promise<void> {
  const client = new Client(parseDatabaseUrl(url));
  await client.connect();
  try {
    for (const sql of migrationSql()) await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  url: string;
  isPostgres: boolean;
  /** Drops the database (PostgreSQL) or stops the embedded server (PGlite). */
  dispose(): Promise<void>;
}

/**
 * An empty, migrated database, not yet attached to the app: a new database on
 * the TEST_DATABASE_URL server (or `serverUrl`), or an in-memory PGlite served
 * on a free port. The e2e server and the benchmark (bench/) use this too.
 */
export async function createFreshDatabase(namePrefix = "kairos_test", serverUrl = process.env.TEST_DATABASE_URL): Promise<FreshDatabase> {
  if (serverUrl) {
    const name = `${namePrefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Client(parseDatabaseUrl(serverUrl));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    const url = u.toString();
    await applyMigrations(url);
    return {
      url,
      isPostgres: true,
      async dispose() {
        const cleanup = new Client(parseDatabaseUrl(serverUrl));
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: "memory://" });
  await applyMigrations(embedded.url);
  return { url: embedded.url, isPostgres: false, dispose: embedded.stop };
}

/**
 * Creates the database and installs it as the app's client (lib/db/client.ts
 * `db()`), so domain code under test uses it.
 *
 * `concurrent`: the suite runs queries from several places at once (a job
 * worker, webhook requests, the test itself). PGlite's socket server
 * interleaves the extended-protocol messages of concurrent connections outside
 * transactions (electric-sql/pglite#1046: "unnamed prepared statement does
 * not exist", wrong binds), so on PGlite such suites get one connection;
 * PostgreSQL keeps the pool.
 */
export async function createTestDatabase(options: { concurrent?: boolean } = {}): Promise<TestDatabase> {
  const fresh = await createFreshDatabase();
  const db = createPrismaClient(fresh.url, options.concurrent && !fresh.isPostgres ? { poolSize: 1 } : {});
  setDb(db);
  process.env.DATABASE_URL = fresh.url;
  return {
    url: fresh.url,
    db,
    isPostgres: fresh.isPostgres,
    async close() {
      await db.$disconnect();
      setDb(undefined);
      await fresh.dispose();
    },
  };
}

/** Deletes every row, keeping the schema: for suites that share one database. */
export async function truncateAll(db: Db): Promise<void> {
  await db.$executeRawUnsafe(
    `TRUNCATE "bookings", "event_types", "schedules", "api_keys", "accounts", "users" RESTART IDENTITY CASCADE`,
  );
}
