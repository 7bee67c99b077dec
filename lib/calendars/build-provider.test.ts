/**
 * Provider adapters load lazily: importing the booking service (and so the
 * provider factory) loads no calendar client library; a connection's adapter
 * module — googleapis for Google — is imported on the connection's first
 * call, and only that one. Checked on this test file's own process (vitest
 * runs each file in a fresh one: pool "forks"), whose require cache lists
 * every CommonJS module loaded so far.
 *
 * And the table of optional methods providerForConnection answers with before
 * any adapter is loaded matches what each adapter really has.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { loadConfig } from "../config";
import { buildProvider, OPTIONAL_METHODS, REQUIRED_METHODS, type BuildProviderOptions } from "./build-provider";
import { sealCredentials, type ConnectionCredentials } from "./connection-credentials";
import type { GoogleSettings } from "./google/google-settings";
import { PROVIDER_KINDS, type ProviderKind } from "./provider";

const ADA = "ada@example.com";
const LIBRARIES = {
  googleapis: "/node_modules/googleapis/",
  graph: "/node_modules/@microsoft/microsoft-graph-client/",
  tsdav: "/node_modules/tsdav/",
} as const;

/** Which provider client libraries this process has loaded. */
function loadedLibraries(): Record<keyof typeof LIBRARIES, boolean> {
  const files = Object.keys(createRequire(import.meta.url).cache);
  const has = (part: string) => files.some((file) => file.includes(part));
  return { googleapis: has(LIBRARIES.googleapis), graph: has(LIBRARIES.graph), tsdav: has(LIBRARIES.tsdav) };
}

let google: GoogleEmulator;
let settings: GoogleSettings;
let t: TestDatabase;

beforeAll(async () => {
  google = await startGoogleEmulator({ accounts: [{ email: ADA }] });
  useCalendarTestEnv();
  const { googleSettings } = await import("./google/google-settings");
  settings = googleSettings(loadConfig({ NODE_ENV: "test", ...google.env }));
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
  await google?.stop();
});

describe("lazy provider adapters", () => {
  // One test, in order: the first half must run before anything in this process uses a Google connection.
  it("importing the booking service loads no provider library; a Google connection's first call loads googleapis alone", async () => {
    await import("../booking/create-booking");
    const { providerForConnection } = await import("./provider-for-connection");
    expect(loadedLibraries()).toEqual({ googleapis: false, graph: false, tsdav: false });

    const { user } = await createHostWithKey(t.db);
    const minted = await google.control.mintTokens({ email: ADA, scope: ["https://www.googleapis.com/auth/calendar.readonly"] });
    const credentials: ConnectionCredentials = {
      provider: "google",
      tokens: { accessToken: minted.access_token, refreshToken: minted.refresh_token ?? "", expiresAt: Date.now() + minted.expires_in * 1000 },
    };
    const row = await t.db.calendarConnection.create({
      data: { userId: user.id, provider: "google", label: ADA, accountEmail: ADA, externalAccountId: "ada", credentials: "" },
    });
    const connection = await t.db.calendarConnection.update({ where: { id: row.id }, data: { credentials: sealCredentials(row.id, credentials) } });

    // Handed out at once, optional methods included, still without the adapter.
    const provider = providerForConnection(t.db, connection, { google: settings });
    expect(provider.kind).toBe("google");
    expect([typeof provider.watch, typeof provider.stopWatch, typeof provider.revokeAccess, typeof provider.renewWatch]).toEqual(["function", "function", "function", "undefined"]);
    expect(loadedLibraries()).toEqual({ googleapis: false, graph: false, tsdav: false });

    const calendars = await provider.listCalendars();
    expect(calendars).toEqual([expect.objectContaining({ isPrimary: true })]);
    expect(loadedLibraries()).toEqual({ googleapis: true, graph: false, tsdav: false });
  });
});

describe("OPTIONAL_METHODS", () => {
  const dummy: Record<ProviderKind, ConnectionCredentials> = {
    google: { provider: "google", tokens: { accessToken: "a", refreshToken: "r", expiresAt: 1 } },
    microsoft: { provider: "microsoft", tokens: { accessToken: "a", refreshToken: "r", expiresAt: 1 } },
    caldav: { provider: "caldav", serverUrl: "https://dav.example.com/", username: "ada", password: "secret" },
    ics: { provider: "ics", url: "https://feeds.example.com/ada.ics" },
  };
  const options: BuildProviderOptions = {
    google: { clientId: "id", clientSecret: "secret", apiRootUrl: "https://google.invalid/", authorizeUrl: "https://google.invalid/auth", tokenUrl: "https://google.invalid/token", revokeUrl: "https://google.invalid/revoke" },
    microsoft: { clientId: "id", clientSecret: "secret", tenantId: "common", graphUrl: "https://graph.invalid/", loginUrl: "https://login.invalid/" },
  };

  it.each(PROVIDER_KINDS)("lists exactly the optional methods the %s adapter has", async (kind) => {
    // Building an adapter makes no request: they connect on their first call.
    const adapter = await buildProvider(dummy[kind], options);
    expect(adapter.kind).toBe(kind);
    const methods = Object.entries(adapter)
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    expect(methods.sort()).toEqual([...REQUIRED_METHODS, ...OPTIONAL_METHODS[kind]].sort());
  });
});
