/**
 * Connecting Google and Microsoft accounts end to end against the provider
 * emulators: startOAuthConnection → the emulator's consent redirect →
 * finishOAuthConnection, then what is stored (encrypted credentials, the
 * calendars with their default ticks and destination) and every way a
 * callback must be refused.
 */
import { describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { consentAtProvider } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { rejection } from "@/test/rejection";
import { decryptSecret, SecretDecryptionError } from "../security/encryption";
import { openCredentials } from "./connection-credentials";
import { finishOAuthConnection } from "./finish-oauth-connection";
import { OAuthConnectError } from "./oauth-connect-error";
import { openPendingOAuth, sealPendingOAuth, type OAuthProviderKind } from "./oauth-pending-state";
import { oauthRedirectUri, startOAuthConnection } from "./start-oauth-connection";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";

const env = useCalendarEmulators({
  google: [{ email: ADA, name: "Ada Lovelace", timeZone: "Europe/Berlin" }],
  microsoft: [{ email: GRACE, displayName: "Grace Hopper", timeZone: "America/New_York" }],
  env: { PUBLIC_URL: "http://kairos.test" },
});

async function connect(userId: string, provider: OAuthProviderKind, loginHint?: string) {
  const started = startOAuthConnection(userId, provider, { loginHint });
  const query = await consentAtProvider(started.authorizeUrl, { redirectUri: oauthRedirectUri(provider) });
  return finishOAuthConnection(env.t.db, userId, provider, { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") });
}

describe("connecting a Google account", () => {
  it("stores the account with encrypted tokens and its calendars, the primary ticked and made the destination", async () => {
    const { user } = await createHostWithKey(env.t.db);
    await env.google.control.createCalendar(ADA, { summary: "Side projects", timeZone: "Europe/Berlin" });
    const connection = await connect(user.id, "google", ADA);

    const [account] = (await env.google.control.listAccounts()).accounts.filter((a) => a.email === ADA);
    expect(connection).toMatchObject({ provider: "google", label: ADA, accountEmail: ADA, status: "active", lastError: null });
    expect(connection.calendars.map((c) => [c.name, c.isPrimary, c.canWrite, c.selectedForConflicts, c.isDestination])).toEqual([
      [ADA, true, true, true, true],
      ["Side projects", false, true, false, false],
    ]);

    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
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
    const { user } = await createHostWithKey(env.t.db);
    const first = await connect(user.id, "google");
    const primary = first.calendars[0];
    await env.t.db.connectedCalendar.update({ where: { id: primary.id }, data: { selectedForConflicts: false } });
    await env.t.db.calendarConnection.update({ where: { id: first.id }, data: { status: "needs_reconnect", lastError: "revoked", lastErrorAt: new Date() } });
    const before = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: first.id } });

    const again = await connect(user.id, "google");
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ status: "active", lastError: null, lastErrorAt: null });
    expect(again.calendars.find((c) => c.id === primary.id)).toMatchObject({ selectedForConflicts: false, isDestination: true });
    const after = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: first.id } });
    expect(after.credentials).not.toBe(before.credentials);
    expect(await env.t.db.calendarConnection.count({ where: { userId: user.id } })).toBe(1);
  });

  it("a second account does not take over the destination", async () => {
    const { user } = await createHostWithKey(env.t.db);
    await env.google.control.createAccount({ email: "ada.work@example.com" });
    await connect(user.id, "google", ADA);
    const second = await connect(user.id, "google", "ada.work@example.com");
    expect(second.calendars).toEqual([expect.objectContaining({ isPrimary: true, selectedForConflicts: true, isDestination: false })]);
    expect(await env.t.db.connectedCalendar.count({ where: { userId: user.id, isDestination: true } })).toBe(1);
  });

  it("refuses a callback whose state does not match, of another user, for another provider, expired, or without the cookie", async () => {
    const { user } = await createHostWithKey(env.t.db);
    const { user: mallory } = await createHostWithKey(env.t.db);
    const started = startOAuthConnection(user.id, "google");
    const query = await consentAtProvider(started.authorizeUrl, { redirectUri: oauthRedirectUri("google") });
    const code = query.get("code");
    const state = query.get("state");

    const cases = [
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: started.pendingState, code, state: "forged" }),
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: started.pendingState, code, state: null }),
      finishOAuthConnection(env.t.db, mallory.id, "google", { pendingState: started.pendingState, code, state }),
      finishOAuthConnection(env.t.db, user.id, "microsoft", { pendingState: started.pendingState, code, state }),
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: undefined, code, state }),
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: `${started.pendingState.slice(0, -2)}AA`, code, state }),
    ];
    for (const attempt of cases) expect((await rejection(attempt, OAuthConnectError)).reason).toBe("invalid_state");

    const pending = openPendingOAuth(started.pendingState, "google")!;
    const expired = sealPendingOAuth({ ...pending, expiresAt: Date.now() - 1 });
    expect((await rejection(finishOAuthConnection(env.t.db, user.id, "google", { pendingState: expired, code, state }), OAuthConnectError)).reason).toBe("invalid_state");

    // None of it connected anything, and the code still works for the real flow.
    expect(await env.t.db.calendarConnection.count({ where: { userId: { in: [user.id, mallory.id] } } })).toBe(0);
    const connection = await finishOAuthConnection(env.t.db, user.id, "google", { pendingState: started.pendingState, code, state });
    expect(connection.status).toBe("active");
  });

  it("reports a refusal at the provider, a reused code, and missing calendar access", async () => {
    const { user } = await createHostWithKey(env.t.db);

    await env.google.control.setNextSignIn({ deny: true });
    let started = startOAuthConnection(user.id, "google");
    let query = await consentAtProvider(started.authorizeUrl, { redirectUri: oauthRedirectUri("google") });
    expect(query.get("error")).toBe("access_denied");
    const denied = await rejection(
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: started.pendingState, error: query.get("error"), state: query.get("state") }),
      OAuthConnectError,
    );
    expect(denied).toMatchObject({ reason: "access_denied", code: "forbidden" });

    started = startOAuthConnection(user.id, "google");
    query = await consentAtProvider(started.authorizeUrl, { redirectUri: oauthRedirectUri("google") });
    const input = { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") };
    await finishOAuthConnection(env.t.db, user.id, "google", input);
    expect((await rejection(finishOAuthConnection(env.t.db, user.id, "google", input), OAuthConnectError)).reason).toBe("invalid_state");

    started = startOAuthConnection(user.id, "google");
    const narrowed = new URL(started.authorizeUrl);
    narrowed.searchParams.set("scope", "openid email https://www.googleapis.com/auth/calendar.readonly");
    query = await consentAtProvider(narrowed.toString(), { redirectUri: oauthRedirectUri("google") });
    const noAccess = await rejection(
      finishOAuthConnection(env.t.db, user.id, "google", { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") }),
      OAuthConnectError,
    );
    expect(noAccess.reason).toBe("no_calendar_access");
    expect(noAccess.message).toMatch(/did not grant access to your calendars/);
  });
});

describe("connecting a Microsoft 365 account", () => {
  it("stores the account with encrypted tokens and its calendars", async () => {
    const { user } = await createHostWithKey(env.t.db);
    await env.microsoft.control.createCalendar(GRACE, { name: "Team" });
    const connection = await connect(user.id, "microsoft", GRACE);

    expect(connection).toMatchObject({ provider: "microsoft", label: GRACE, accountEmail: GRACE, status: "active" });
    const primary = connection.calendars.find((c) => c.isPrimary)!;
    expect(primary).toMatchObject({ canWrite: true, selectedForConflicts: true, isDestination: true });
    expect(connection.calendars.find((c) => c.name === "Team")).toMatchObject({ isPrimary: false, selectedForConflicts: false, isDestination: false });

    const row = await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
    const credentials = openCredentials(row);
    if (credentials.provider !== "microsoft") throw new Error("expected Microsoft credentials");
    expect(row.credentials).not.toContain(credentials.tokens.refreshToken);
  });

  it("maps a refusal at Entra to access_denied", async () => {
    const { user } = await createHostWithKey(env.t.db);
    await env.microsoft.control.setNextSignIn({ deny: true });
    const started = startOAuthConnection(user.id, "microsoft");
    const query = await consentAtProvider(started.authorizeUrl, { redirectUri: oauthRedirectUri("microsoft") });
    const error = await rejection(
      finishOAuthConnection(env.t.db, user.id, "microsoft", { pendingState: started.pendingState, error: query.get("error"), state: query.get("state") }),
      OAuthConnectError,
    );
    expect(error.reason).toBe("access_denied");
  });
});
