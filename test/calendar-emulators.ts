/**
 * The provider emulators and a fresh database for a test file, as vitest hooks:
 * Google and Microsoft (https) emulators started, Kairos pointed at them through
 * its configuration variables (as a deployment is), the Microsoft certificate
 * trusted by fetch, state reset before each test, and everything stopped after.
 *
 *   const env = useCalendarEmulators({ google: [{ email: ADA }], microsoft: [{ email: GRACE }] });
 *   … env.google.control, env.microsoft.control, env.t.db …
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "../e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "../e2e/emulators/microsoft";
import { trustForAllFetches, useCalendarTestEnv } from "./calendar-test-env";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface CalendarEmulators {
  google: GoogleEmulator;
  microsoft: MicrosoftEmulator;
  t: TestDatabase;
}

export function useCalendarEmulators(accounts: {
  google: { email: string; timeZone?: string }[];
  microsoft: { email: string; timeZone?: string }[];
  /** More configuration variables (PUBLIC_URL…). */
  env?: Record<string, string>;
}): CalendarEmulators {
  const env = {} as CalendarEmulators;
  let untrust: (() => void) | undefined;
  beforeAll(async () => {
    env.google = await startGoogleEmulator({ accounts: accounts.google });
    env.microsoft = await startMicrosoftEmulator({ users: accounts.microsoft });
    useCalendarTestEnv({ ...env.google.env, ...env.microsoft.env, ...accounts.env });
    // What NODE_EXTRA_CA_CERTS does for a server started next to the emulator.
    untrust = trustForAllFetches(env.microsoft.dispatcher);
    env.t = await createTestDatabase();
  });
  afterAll(async () => {
    untrust?.();
    await env.t?.close();
    await env.google?.stop();
    await env.microsoft?.stop();
  });
  beforeEach(async () => {
    await env.google.control.reset();
    await env.microsoft.control.reset();
  });
  return env;
}
