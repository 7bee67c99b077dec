/**
 * Where the scripts' database is: DATABASE_URL when set, otherwise the embedded
 * PGlite database persisted under KAIROS_DATA_DIR (default .data/, relative to
 * the repository), started for the duration of the command.
 *
 * PGlite is one process's database: two processes opening the same directory
 * would each cache and write its files and corrupt it. So whoever starts it
 * records its pid and URL in `<data dir>/embedded-db.json`, and a later command
 * finds that record and connects to the running server instead of opening the
 * files a second time.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";

const ROOT = path.resolve(__dirname, "..", "..");

/** The variables read here; process.env by default. */
type Env = Record<string, string | undefined>;

/** Kairos's state directory (database, session secret). */
export function kairosDataDir(env: Env = process.env): string {
  return path.resolve(ROOT, env.KAIROS_DATA_DIR || ".data");
}

/** The PGlite data directory inside the state directory. */
export function embeddedDatabaseDir(env: Env = process.env): string {
  return path.join(kairosDataDir(env), "pglite");
}

function lockFile(env: Env): string {
  return path.join(kairosDataDir(env), "embedded-db.json");
}

export interface DatabaseConnection {
  url: string;
  /** "env": DATABASE_URL; "started": this process started the embedded database; "shared": another process's. */
  source: "env" | "started" | "shared";
  /** Stops the embedded database if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export async function ensureDatabaseUrl(env: Env = process.env): Promise<DatabaseConnection> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "env", stop: async () => {} };

  const running = await runningEmbeddedDatabase(env);
  if (running) return { url: running, source: "shared", stop: async () => {} };

  const embedded = await startEmbeddedPostgres({ dataDir: embeddedDatabaseDir(env) });
  const file = lockFile(env);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url: embedded.url }), { mode: 0o600 });
  let stopped = false;
  return {
    url: embedded.url,
    source: "started",
    async stop() {
      if (stopped) return;
      stopped = true;
      if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      await embedded.stop();
    },
  };
}

function readLock(file: string): { pid: number; url: string } | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof data?.pid === "number" && typeof data?.url === "string" ? data : null;
  } catch {
    return null;
  }
}

/** The URL of an embedded database another live process is serving, if any. */
async function runningEmbeddedDatabase(env: Env): Promise<string | null> {
  const lock = readLock(lockFile(env));
  if (!lock || !processIsAlive(lock.pid)) return null;
  // A pid can be reused after a crash; only a server that answers counts.
  const { hostname, port } = new URL(lock.url);
  return (await accepts(hostname, Number(port))) ? lock.url : null;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
