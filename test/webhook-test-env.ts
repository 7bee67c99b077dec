/**
 * What the push suites share: both provider emulators (one Google account,
 * one Microsoft 365 mailbox), the app's webhook routes behind a real HTTP
 * server that PUBLIC_URL points at (so the emulators' notifications and
 * Graph's validation handshakes reach Kairos over the network), the Graph
 * emulator's certificate trusted by fetch, and a fresh database.
 *
 *   const env = await startWebhookTestEnv();   // beforeAll, before anything reads config()
 *   await env.reset();                          // beforeEach
 *   await env.close();                          // afterAll
 */
import * as googleWebhook from "../app/api/webhooks/google/route";
import * as microsoftWebhook from "../app/api/webhooks/microsoft/route";
import { startGoogleEmulator, type GoogleEmulator } from "../e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "../e2e/emulators/microsoft";
import { trustForAllFetches, useCalendarTestEnv } from "./calendar-test-env";
import { startRouteServer, type RouteServer } from "./route-server";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const GOOGLE_ACCOUNT = "ada@example.com";
export const MICROSOFT_ACCOUNT = "grace@contoso.test";

export interface WebhookTestEnv {
  google: GoogleEmulator;
  microsoft: MicrosoftEmulator;
  routes: RouteServer;
  t: TestDatabase;
  /** Emulators back to their start state; connections (with calendars, channels), jobs and runs deleted. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookTestEnv(): Promise<WebhookTestEnv> {
  const google = await startGoogleEmulator({ accounts: [{ email: GOOGLE_ACCOUNT, timeZone: "Europe/Berlin" }] });
  const microsoft = await startMicrosoftEmulator({ users: [{ email: MICROSOFT_ACCOUNT, timeZone: "America/New_York" }] });
  const routes = await startRouteServer({ "/api/webhooks/google": googleWebhook, "/api/webhooks/microsoft": microsoftWebhook });
  // Before anything reads config(): the providers call this server back.
  useCalendarTestEnv({ ...google.env, ...microsoft.env, PUBLIC_URL: routes.url });
  const untrust = trustForAllFetches(microsoft.dispatcher);
  // Webhook requests (and job workers) query while the test does.
  const t = await createTestDatabase({ concurrent: true });
  return {
    google,
    microsoft,
    routes,
    t,
    async reset() {
      await google.control.reset();
      await microsoft.control.reset();
      await t.db.$executeRaw`DELETE FROM calendar_connections`;
      await t.db.$executeRaw`DELETE FROM jobs`;
      await t.db.$executeRaw`DELETE FROM job_runs`;
    },
    async close() {
      untrust();
      await t.close();
      await routes.close();
      await google.stop();
      await microsoft.stop();
    },
  };
}
