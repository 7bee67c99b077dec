/**
 * The provider emulators and a fresh database for a test file, as vitest hooks:
 * the Google and/or Microsoft (https) emulators the file names started, Kairos
 * pointed at them through its configuration variables (as a deployment is),
 * the Microsoft certificate trusted by fetch, state reset before each test, and
 * everything stopped after. One set-up for every suite that talks to the
 * emulators, so they all configure Kairos the same way.
 *
 *   const env = useCalendarEmulators({ google: [{ email: ADA }], microsoft: [{ email: GRACE }] });
 *   … env.google.control, env.microsoft.control, env.t.db …
 *   const env = useCalendarEmulators({ google: [{ email: ADA }] }); // no env.microsoft
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startGoogleEmulator, type GoogleEmulator, type GoogleEmulatorOptions } from "../e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator, type MicrosoftEmulatorOptions } from "../e2e/emulators/microsoft";
import { trustForAllFetches, useCalendarTestEnv } from "./calendar-test-env";
import { createTestDatabase, type TestDatabase } from "./test-database";

export interface CalendarEmulatorAccounts {
  /** Google accounts; without it no Google emulator is started. */
  google?: NonNullable<GoogleEmulatorOptions["accounts"]>;
  /** Microsoft users; without it no Microsoft emulator is started. */
  microsoft?: NonNullable<MicrosoftEmulatorOptions["users"]>;
  /** More configuration variables (PUBLIC_URL…). */
  env?: Record<string, string>;
}

/** What the hooks fill in: the emulators asked for (typed only when asked for) and the database. */
export type CalendarEmulators<A extends CalendarEmulatorAccounts = { google: []; microsoft: [] }> = { t: TestDatabase } & (A extends { google: unknown[] }
  ? { google: GoogleEmulator }
  : unknown) &
  (A extends { microsoft: unknown[] } ? { microsoft: MicrosoftEmulator } : unknown);

export function useCalendarEmulators<A extends CalendarEmulatorAccounts>(accounts: A): CalendarEmulators<A> {
  const env = {} as { t?: TestDatabase; google?: GoogleEmulator; microsoft?: MicrosoftEmulator };
  let untrust: (() => void) | undefined;
  beforeAll(async () => {
    if (accounts.google) env.google = await startGoogleEmulator({ accounts: accounts.google });
    if (accounts.microsoft) env.microsoft = await startMicrosoftEmulator({ users: accounts.microsoft });
    useCalendarTestEnv({ ...env.google?.env, ...env.microsoft?.env, ...accounts.env });
    // What NODE_EXTRA_CA_CERTS does for a server started next to the emulator.
    if (env.microsoft) untrust = trustForAllFetches(env.microsoft.dispatcher);
    env.t = await createTestDatabase();
  });
  afterAll(async () => {
    untrust?.();
    await env.t?.close();
    await env.google?.stop();
    await env.microsoft?.stop();
  });
  beforeEach(async () => {
    await env.google?.control.reset();
    await env.microsoft?.control.reset();
  });
  return env as CalendarEmulators<A>;
}
