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

async function applyMigrations(url: string): Promise<void> {
  const client = new Client(parseDatabaseUrl(url));
  await client.connect();
  try {
    for (const sql of migrationSql()) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database and installs it as the app's client (lib/db/client.ts
 * `db()`), so domain code under test uses it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `kairos_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Client(parseDatabaseUrl(serverUrl));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    const url = u.toString();
    await applyMigrations(url);
    const db = createPrismaClient(url);
    setDb(db);
    process.env.DATABASE_URL = url;
    return {
      url,
      db,
      isPostgres: true,
      async close() {
        await db.$disconnect();
        setDb(undefined);
        const cleanup = new Client(parseDatabaseUrl(serverUrl));
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: "memory://" });
  await applyMigrations(embedded.url);
  const db = createPrismaClient(embedded.url);
  setDb(db);
  process.env.DATABASE_URL = embedded.url;
  return {
    url: embedded.url,
    db,
    isPostgres: false,
    async close() {
      await db.$disconnect();
      setDb(undefined);
      await embedded.stop();
    },
  };
}

/** Deletes every row, keeping the schema: for suites that share one database. */
export async function truncateAll(db: Db): Promise<void> {
  await db.$executeRawUnsafe(
    `TRUNCATE "bookings", "event_types", "schedules", "api_keys", "accounts", "users" RESTART IDENTITY CASCADE`,
  );
}
