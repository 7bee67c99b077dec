import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "@/lib/db/database-url";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { embeddedDatabaseDir, ensureDatabaseUrl, kairosDataDir } from "./database-url";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kairos-data-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function selectOne(url: string): Promise<number> {
  const client = new Client(parseDatabaseUrl(url));
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows[0].one;
  } finally {
    await client.end();
  }
}

describe("data directories", () => {
  it("resolve KAIROS_DATA_DIR against the repository, defaulting to .data", () => {
    const root = path.resolve(__dirname, "..", "..");
    expect(kairosDataDir({})).toBe(path.join(root, ".data"));
    expect(kairosDataDir({ KAIROS_DATA_DIR: "state" })).toBe(path.join(root, "state"));
    expect(embeddedDatabaseDir({ KAIROS_DATA_DIR: "/var/lib/kairos" })).toBe("/var/lib/kairos/pglite");
  });
});

describe("ensureDatabaseUrl", () => {
  it("uses DATABASE_URL when it is set", async () => {
    const db = await ensureDatabaseUrl({ DATABASE_URL: "postgresql://u@db.example:5433/k" });
    expect(db.source).toBe("env");
    expect(db.url).toBe("postgresql://u@db.example:5433/k");
  });

  it("starts the embedded database once and lets later commands share it", async () => {
    const env = { KAIROS_DATA_DIR: tempDataDir() };
    const first = await ensureDatabaseUrl(env);
    cleanups.push(() => first.stop());
    expect(first.source).toBe("started");
    expect(await selectOne(first.url)).toBe(1);
    const lock = path.join(env.KAIROS_DATA_DIR, "embedded-db.json");
    expect(JSON.parse(fs.readFileSync(lock, "utf8"))).toEqual({ pid: process.pid, url: first.url });

    // A second command must not open the same files again: it connects to the running server.
    const second = await ensureDatabaseUrl(env);
    expect(second).toMatchObject({ source: "shared", url: first.url });
    await second.stop();
    expect(await selectOne(first.url)).toBe(1);

    await first.stop();
    expect(fs.existsSync(lock)).toBe(false);
  }, 90_000); // initialising a persisted PGlite takes seconds, more on a busy machine

  it("shares a database another live process serves, and ignores a stale record", async () => {
    const env = { KAIROS_DATA_DIR: tempDataDir() };
    const lock = path.join(env.KAIROS_DATA_DIR, "embedded-db.json");
    const other = await startEmbeddedPostgres({ dataDir: "memory://" });
    cleanups.push(() => other.stop());
    // The parent (vitest) stands in for a running `npm start` that owns the database.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, url: other.url }));
    expect(await ensureDatabaseUrl(env)).toMatchObject({ source: "shared", url: other.url });

    const exited = spawnSync(process.execPath, ["-e", ""]).pid!;
    fs.writeFileSync(lock, JSON.stringify({ pid: exited, url: other.url }));
    const started = await ensureDatabaseUrl(env);
    cleanups.push(() => started.stop());
    expect(started.source).toBe("started");
    expect(started.url).not.toBe(other.url);
  }, 90_000);
});
