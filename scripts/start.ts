/**
 * `npm start`: runs Kairos on its embedded defaults, or on DATABASE_URL when set.
 *  1. keeps state under KAIROS_DATA_DIR (default .data/): the PGlite database and
 *     a generated session secret, so restarts keep you signed in;
 *  2. starts the embedded database when DATABASE_URL is unset;
 *  3. applies migrations; builds the app if the build is missing or stale;
 *  4. starts Next.js and prints the URL.
 * Flags: --dev (next dev), --demo (seed a demo host), --port N (or PORT).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomToken } from "../lib/security/tokens";
import { buildIsFresh } from "./build-freshness";
import { embeddedDatabaseDir, ensureDatabaseUrl } from "./lib/database-url";

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const dev = args.includes("--dev");
const demo = args.includes("--demo") || process.env.KAIROS_DEMO === "1";
const portArg = args.indexOf("--port");
const port = Number(portArg >= 0 ? args[portArg + 1] : process.env.PORT ?? 3000);
const dataDir = path.resolve(root, process.env.KAIROS_DATA_DIR ?? ".data");

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}`))));
  });
}

/** A secret generated once and kept in the data directory, so restarts keep sessions and stored credentials readable. */
function persistentSecret(name = "auth-secret"): string {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomToken(32), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PUBLIC_URL: publicUrl,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? publicUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? persistentSecret(),
    // Encrypts OAuth tokens and CalDAV passwords at rest; set it yourself in production.
    KAIROS_ENCRYPTION_KEY: process.env.KAIROS_ENCRYPTION_KEY ?? persistentSecret("encryption-key"),
  };

  let stopDatabase = async () => {};
  if (!env.DATABASE_URL) {
    console.log(`Kairos: starting the embedded database (PGlite) in ${embeddedDatabaseDir(env)}`);
    // Through the shared helper, which records the running server, so `npm run
    // admin` / `npm run seed` meanwhile connect to it instead of opening the
    // same PGlite files a second time (which would corrupt them).
    const embedded = await ensureDatabaseUrl(env);
    env.DATABASE_URL = embedded.url;
    stopDatabase = embedded.stop;
  } else {
    console.log("Kairos: using the PostgreSQL server at DATABASE_URL");
  }

  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  await run(tsx, ["scripts/prisma.ts", "migrate", "deploy"], env);
  if (demo) await run(tsx, ["scripts/seed-demo.ts"], env);

  const next = path.join(root, "node_modules", ".bin", "next");
  if (!dev && !buildIsFresh(root)) {
    console.log("Kairos: building the app (first start, or the sources changed)…");
    await run(next, ["build"], { ...env, NODE_ENV: "production" });
  }

  const server = spawn(next, [dev ? "dev" : "start", "-p", String(port), "-H", process.env.HOST ?? "0.0.0.0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
  server.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (/Ready|started server/i.test(chunk.toString())) {
      console.log(`\n  Kairos is running at ${publicUrl}\n  Sign up at ${publicUrl}/signup${demo ? "  (demo host: demo@kairos.local / demo-password)" : ""}\n`);
    }
  });
  const shutdown = async () => {
    server.kill("SIGTERM");
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  server.on("exit", async (code) => {
    await stopDatabase();
    process.exit(code ?? 0);
  });
}

main().catch((error) => {
  console.error(`Kairos could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
