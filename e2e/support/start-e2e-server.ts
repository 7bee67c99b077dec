/**
 * Playwright's webServer: a fresh, migrated database, a mock OIDC issuer, the
 * Google and Microsoft emulators and a Radicale CalDAV server (the calendars a
 * host connects), and a production build of the app (`next build` + `next start`),
 * torn down again on SIGTERM/SIGINT.
 *  - Database: a new database on TEST_DATABASE_URL (CI), else in-memory PGlite.
 *  - Build: into .next-e2e, so a `next dev` on .next in the same tree is not
 *    disturbed; rebuilt only when stale, and always in CI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import { OAuth2Server } from "oauth2-mock-server";
import { parseDatabaseUrl } from "../../lib/db/database-url";
import { ensureProductionBuild, NEXT_BIN } from "../../scripts/next-production-build";
import { RADICALE_MISSING_MESSAGE, radicaleAvailable, startRadicale, type RadicaleServer } from "../../test/radicale";
import { createFreshDatabase, type FreshDatabase } from "../../test/test-database";
import { startGoogleEmulator, type GoogleEmulator } from "../emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "../emulators/microsoft";
import {
  E2E_BASE_URL,
  E2E_DIST_DIR,
  E2E_PORT,
  GOOGLE_EMULATOR_PORT,
  MICROSOFT_CERT_DIR,
  MICROSOFT_EMULATOR_PORT,
  MICROSOFT_TENANT_ID,
  OIDC_ISSUER,
  OIDC_NAME,
  OIDC_PORT,
  OIDC_USER,
  RADICALE_PORT,
  RADICALE_USER,
} from "./e2e-env";

const root = path.resolve(__dirname, "..", "..");
const DB_PREFIX = "kairos_e2e";

function log(message: string) {
  console.log(`[e2e-server] ${message}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops databases left by e2e runs that were killed before they could clean up. */
async function dropStaleDatabases(serverUrl: string): Promise<void> {
  const client = new Client(parseDatabaseUrl(serverUrl));
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX}\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(datname.split("_")[2]);
      if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  } finally {
    await client.end();
  }
}

async function startOidcIssuer(): Promise<OAuth2Server> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(OIDC_PORT, "127.0.0.1");
  // The issuer must name the address the app reaches it on (the id token's iss).
  server.issuer.url = OIDC_ISSUER;
  server.service.on("beforeTokenSigning", (token) => {
    Object.assign(token.payload, { sub: OIDC_USER.sub, email: OIDC_USER.email, email_verified: true, name: OIDC_USER.name });
  });
  server.service.on("beforeUserinfo", (response) => {
    response.body = { sub: OIDC_USER.sub, email: OIDC_USER.email, email_verified: true, name: OIDC_USER.name };
  });
  return server;
}

async function main() {
  let database: FreshDatabase | undefined;
  let issuer: OAuth2Server | undefined;
  let google: GoogleEmulator | undefined;
  let microsoft: MicrosoftEmulator | undefined;
  let radicale: RadicaleServer | undefined;
  let app: ChildProcess | undefined;
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (app && app.exitCode === null) {
      const exited = new Promise((resolve) => app!.once("exit", resolve));
      app.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    await issuer?.stop().catch(() => {});
    await google?.stop().catch(() => {});
    await microsoft?.stop().catch(() => {});
    await radicale?.stop().catch(() => {});
    await database?.dispose().catch((error) => log(`could not drop the test database: ${error}`));
    process.exit(code);
  };
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));

  try {
    if (process.env.TEST_DATABASE_URL) await dropStaleDatabases(process.env.TEST_DATABASE_URL);
    database = await createFreshDatabase(DB_PREFIX);
    log(`database: ${database.isPostgres ? "PostgreSQL (TEST_DATABASE_URL)" : "PGlite in memory"}, migrated`);
    issuer = await startOidcIssuer();
    log(`OIDC issuer: ${OIDC_ISSUER}`);
    // Specs create their own accounts through the control APIs.
    google = await startGoogleEmulator({ port: GOOGLE_EMULATOR_PORT, host: "127.0.0.1" });
    microsoft = await startMicrosoftEmulator({
      port: MICROSOFT_EMULATOR_PORT,
      host: "127.0.0.1",
      tenantId: MICROSOFT_TENANT_ID,
      certDir: MICROSOFT_CERT_DIR,
      reuseCertificate: true,
    });
    log(`emulators: Google ${google.url}, Microsoft ${microsoft.url}`);
    if (radicaleAvailable()) {
      radicale = await startRadicale({ ...RADICALE_USER, port: RADICALE_PORT });
      log(`Radicale: ${radicale.url}`);
    } else {
      log(RADICALE_MISSING_MESSAGE);
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TSCONFIG_PATH: "tsconfig.e2e.json",
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-use-0123456789",
      NEXTAUTH_URL: E2E_BASE_URL,
      PUBLIC_URL: E2E_BASE_URL,
      OIDC_ISSUER,
      OIDC_CLIENT_ID: "kairos-e2e",
      OIDC_CLIENT_SECRET: "kairos-e2e-secret",
      OIDC_NAME,
      // Google / Microsoft client ids and endpoints (the emulators'), and
      // NODE_EXTRA_CA_CERTS so the server trusts the Microsoft emulator's certificate.
      ...google.env,
      ...microsoft.env,
      KAIROS_ENCRYPTION_KEY: "ZTJlLW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbi0=",
      // Jobs (sync, write-back) start at once when enqueued here; a short poll only matters for jobs due later.
      JOB_POLL_INTERVAL_MS: "250",
    };

    await ensureProductionBuild({ distDir: E2E_DIST_DIR, env, log, always: !!process.env.CI });

    app = spawn(NEXT_BIN, ["start", "-p", String(E2E_PORT)], { cwd: root, stdio: "inherit", env });
    app.on("exit", (code, signal) => {
      if (!stopping) {
        log(`next start exited (${signal ?? `exit ${code}`})`);
        void stop(code || 1);
      }
    });
  } catch (error) {
    console.error(`[e2e-server] ${error instanceof Error ? error.message : error}`);
    await stop(1);
  }
}

void main();
