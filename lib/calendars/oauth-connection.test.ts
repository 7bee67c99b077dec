/**
 * Connecting Google and Microsoft accounts end to end against the provider
 * emulators: startOAuthConnection → the emulator's consent redirect →
 * finishOAuthConnection, then what is stored (encrypted credentials, the
 * calendars with their default ticks and destination) and every way a
 * callback must be refused.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { createHostWithKey } from "@/test/api-test-helpers";
import { trustForAllFetches, useCalendarTestEnv } from "@/test/calendar-test-env";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { decryptSecret, SecretDecryptionError } from "../security/encryption";
import { openCredentials } from "./connection-credentials";
import { finishOAuthConnection } from "./finish-oauth-connection";
import { OAuthConnectError } from "./oauth-connect-error";
import { openPendingOAuth, sealPendingOAuth, type OAuthProviderKind } from "./oauth-pending-state";
import { oauthRedirectUri, startOAuthConnection } from "./start-oauth-connection";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";

let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let t: TestDatabase;
let untrust: () => void;

beforeAll(async () => {
  google = await startGoogleEmulator({ accounts: [{ email: ADA, name: "Ada Lovelace", timeZone: "Europe/Berlin" }] });
  microsoft = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper", timeZone: "America/New_York" }] });
  useCalendarTestEnv({ ...google.env, ...microsoft.env, PUBLIC_URL: "http://kairos.test" });
  untrust = trustForAllFetches(microsoft.dispatcher);
  t = await createTestDatabase();
});
afterAll(async () => {
  untrust?.();
  await t?.close();
  await google?.stop();
  await microsoft?.stop();
});
beforeEach(async () => {
  await google.control.reset();
  await microsoft.control.reset();
});

/** Plays the browser at the provider: returns the callback's query. */
async function consent(authorizeUrl: string, provider: OAuthProviderKind): Promise<URLSearchParams> {
  const response = await fetch(authorizeUrl, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(oauthRedirectUri(provider));
  return location.searchParams;
}

async function connect(userId: string, provider: OAuthProviderKind, loginHint?: string) {
  const started = startOAuthConnection(userId, provider, { loginHint });
  const query = await consent(started.authorizeUrl, provider);
  return finishOAuthConnection(t.db, userId, provider, { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") });
}

async function failure(promise: Promise<unknown>): Promise<OAuthConnectError> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OAuthConnectError);
  return error as OAuthConnectError;
}

describe("connecting a Google account", () => {
  it("stores the account with encrypted tokens and its calendars, the primary ticked and made the destination", async () => {
    const { user } = await createHostWithKey(t.db);
    await google.control.createCalendar(ADA, { summary: "Side projects", timeZone: "Europe/Berlin" });
    const connection = await connect(user.id, "google", ADA);

    const [account] = (await google.control.listAccounts()).accounts.filter((a) => a.email === ADA);
    expect(connection).toMatchObject({ provider: "google", label: ADA, accountEmail: ADA, status: "active", lastError: null });
    expect(connection.calendars.map((c) => [c.name, c.isPrimary, c.canWrite, c.selectedForConflicts, c.isDestination])).toEqual([
      [ADA, true, true, true, true],
      ["Side projects", false, true, false, false],
    ]);

    const row = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.externalAccountId).toBe(account.id);
    // At rest: no token in the clear, and the ciphertext only opens for this row.
    const credentials = openCredentials(row);
    expect(credentials).toMatchObject({ provider: "google", tokens: { accessToken: expect.stringMatching(/^ya29\./), refreshToken: expect.any(String) } });
    if (credentials.provider !== "google") throw new Error("unreachable");
    expect(row.credentials).not.toContain(credentials.tokens.accessToken);
    expect(row.credentials).not.toContain(credentials.tokens.refreshToken);
    expect(() => decryptSecret(row.credentials, { associatedData: "calendar-connection:another-row" })).toThrow(SecretDecryptionError);
  });

  it("connecting the same account again is a reconnect: same row, new tokens, choices kept", async () => {
    const { user } = await createHostWithKey(t.db);
    const first = await connect(user.id, "google");
    const primary = first.calendars[0];
    await t.db.connectedCalendar.update({ where: { id: primary.id }, data: { selectedForConflicts: false } });
    await t.db.calendarConnection.update({ where: { id: first.id }, data: { status: "needs_reconnect", lastError: "revoked", lastErrorAt: new Date() } });
    const before = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: first.id } });

    const again = await connect(user.id, "google");
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ status: "active", lastError: null, lastErrorAt: null });
    expect(again.calendars.find((c) => c.id === primary.id)).toMatchObject({ selectedForConflicts: false, isDestination: true });
    const after = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: first.id } });
    expect(after.credentials).not.toBe(before.credentials);
    expect(await t.db.calendarConnection.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a second account does not take over the destination", async () => {
    const { user } = await createHostWithKey(t.db);
    await google.control.createAccount({ email: "ada.work@example.com" });
    await connect(user.id, "google", ADA);
    const second = await connect(user.id, "google", "ada.work@example.com");
    expect(second.calendars).toEqual([expect.objectContaining({ isPrimary: true, selectedForConflicts: true, isDestination: false })]);
    expect(await t.db.connectedCalendar.count({ where: { userId: user.id, isDestination: true } })).toBe(1);
  });

  it("refuses a callback whose state does not match, of another user, for another provider, expired, or without the cookie", async () => {
    const { user } = await createHostWithKey(t.db);
    const { user: mallory } = await createHostWithKey(t.db);
    const started = startOAuthConnection(user.id, "google");
    const query = await consent(started.authorizeUrl, "google");
    const code = query.get("code");
    const state = query.get("state");

    const cases = [
      finishOAuthConnection(t.db, user.id, "google", { pendingState: started.pendingState, code, state: "forged" }),
      finishOAuthConnection(t.db, user.id, "google", { pendingState: started.pendingState, code, state: null }),
      finishOAuthConnection(t.db, mallory.id, "google", { pendingState: started.pendingState, code, state }),
      finishOAuthConnection(t.db, user.id, "microsoft", { pendingState: started.pendingState, code, state }),
      finishOAuthConnection(t.db, user.id, "google", { pendingState: undefined, code, state }),
      finishOAuthConnection(t.db, user.id, "google", { pendingState: `${started.pendingState.slice(0, -2)}AA`, code, state }),
    ];
    for (const attempt of cases) expect((await failure(attempt)).reason).toBe("invalid_state");

    const pending = openPendingOAuth(started.pendingState, "google")!;
    const expired = sealPendingOAuth({ ...pending, expiresAt: Date.now() - 1 });
    expect((await failure(finishOAuthConnection(t.db, user.id, "google", { pendingState: expired, code, state }))).reason).toBe("invalid_state");

    // None of it connected anything, and the code still works for the real flow.
    expect(await t.db.calendarConnection.count({ where: { userId: { in: [user.id, mallory.id] } } })).toBe(0);
    const connection = await finishOAuthConnection(t.db, user.id, "google", { pendingState: started.pendingState, code, state });
    expect(connection.status).toBe("active");
  });

  it("reports a refusal at the provider, a reused code, and missing calendar access", async () => {
    const { user } = await createHostWithKey(t.db);

    await google.control.setNextSignIn({ deny: true });
    let started = startOAuthConnection(user.id, "google");
    let query = await consent(started.authorizeUrl, "google");
    expect(query.get("error")).toBe("access_denied");
    const denied = await failure(
      finishOAuthConnection(t.db, user.id, "google", { pendingState: started.pendingState, error: query.get("error"), state: query.get("state") }),
    );
    expect(denied).toMatchObject({ reason: "access_denied", code: "forbidden" });

    started = startOAuthConnection(user.id, "google");
    query = await consent(started.authorizeUrl, "google");
    const input = { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") };
    await finishOAuthConnection(t.db, user.id, "google", input);
    expect((await failure(finishOAuthConnection(t.db, user.id, "google", input))).reason).toBe("invalid_state");

    started = startOAuthConnection(user.id, "google");
    const narrowed = new URL(started.authorizeUrl);
    narrowed.searchParams.set("scope", "openid email https://www.googleapis.com/auth/calendar.readonly");
    query = await consent(narrowed.toString(), "google");
    const noAccess = await failure(
      finishOAuthConnection(t.db, user.id, "google", { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") }),
    );
    expect(noAccess.reason).toBe("no_calendar_access");
    expect(noAccess.message).toMatch(/did not grant access to your calendars/);
  });
});

describe("connecting a Microsoft 365 account", () => {
  it("stores the account with encrypted tokens and its calendars", async () => {
    const { user } = await createHostWithKey(t.db);
    await microsoft.control.createCalendar(GRACE, { name: "Team" });
    const connection = await connect(user.id, "microsoft", GRACE);

    expect(connection).toMatchObject({ provider: "microsoft", label: GRACE, accountEmail: GRACE, status: "active" });
    const primary = connection.calendars.find((c) => c.isPrimary)!;
    expect(primary).toMatchObject({ canWrite: true, selectedForConflicts: true, isDestination: true });
    expect(connection.calendars.find((c) => c.name === "Team")).toMatchObject({ isPrimary: false, selectedForConflicts: false, isDestination: false });

    const row = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
    const credentials = openCredentials(row);
    if (credentials.provider !== "microsoft") throw new Error("expected Microsoft credentials");
    expect(row.credentials).not.toContain(credentials.tokens.refreshToken);
  });

  it("maps a refusal at Entra to access_denied", async () => {
    const { user } = await createHostWithKey(t.db);
    await microsoft.control.setNextSignIn({ deny: true });
    const started = startOAuthConnection(user.id, "microsoft");
    const query = await consent(started.authorizeUrl, "microsoft");
    const error = await failure(
      finishOAuthConnection(t.db, user.id, "microsoft", { pendingState: started.pendingState, error: query.get("error"), state: query.get("state") }),
    );
    expect(error.reason).toBe("access_denied");
  });
});
