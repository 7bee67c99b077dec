/**
 * The Google connect flow against the Google emulator: authorize URL → the
 * emulator's 302 back with a code → code exchange with PKCE.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { consentAtProvider } from "@/test/calendar-connections";
import { rejection } from "@/test/rejection";
import { loadConfig } from "../../config";
import { createOAuthFlowSecrets, isSameOAuthState, pkceChallenge } from "../oauth-state";
import { CalendarProviderError } from "../provider-error";
import { buildAuthorizeUrl, exchangeCode, GOOGLE_SCOPES } from "./google-oauth";
import { googleSettings, type GoogleSettings } from "./google-settings";

const ADA = "ada@example.com";
const REDIRECT_URI = "http://localhost:3000/api/v1/calendars/google/callback";

let emu: GoogleEmulator;
let settings: GoogleSettings;

beforeAll(async () => {
  emu = await startGoogleEmulator({ accounts: [{ email: ADA, name: "Ada Lovelace", timeZone: "Europe/Berlin" }] });
  // The emulator's variables go through configuration exactly as a deployment's would.
  settings = googleSettings(loadConfig({ NODE_ENV: "test", ...emu.env }));
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

/** The browser at the emulator's consent, landing back on REDIRECT_URI. */
const signIn = (url: string) => consentAtProvider(url, { redirectUri: REDIRECT_URI });

describe("Google connect flow", () => {
  it("builds the authorize URL from configuration: code flow, PKCE S256, offline access, consent", () => {
    const secrets = createOAuthFlowSecrets();
    const url = new URL(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI, loginHint: ADA }, { settings }));
    expect(`${url.origin}${url.pathname}`).toBe(emu.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: emu.client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: "openid email https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.readonly",
      state: secrets.state,
      code_challenge: secrets.codeChallenge,
      code_challenge_method: "S256",
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      login_hint: ADA,
    });
    expect(url.searchParams.get("code_challenge")).toBe(pkceChallenge(secrets.codeVerifier));
  });

  it("defaults to Google's real endpoints", () => {
    const real = googleSettings(loadConfig({ NODE_ENV: "test", GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "secret" }));
    expect(real).toEqual({
      clientId: "id",
      clientSecret: "secret",
      apiRootUrl: "https://www.googleapis.com/",
      authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      revokeUrl: "https://oauth2.googleapis.com/revoke",
    });
    expect(buildAuthorizeUrl({ ...createOAuthFlowSecrets(), redirectUri: REDIRECT_URI }, { settings: real })).toMatch(
      /^https:\/\/accounts\.google\.com\/o\/oauth2\/v2\/auth\?client_id=id&/,
    );
  });

  it("exchanges the code for tokens and names the account from the id_token", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI, loginHint: ADA }, { settings }));
    expect(isSameOAuthState(secrets.state, params.get("state"))).toBe(true);

    const before = Date.now();
    const connected = await exchangeCode({ code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI }, { settings });
    const { account } = await emu.control.listAccounts().then((r) => ({ account: r.accounts.find((a) => a.email === ADA)! }));
    expect(connected).toEqual({
      accessToken: expect.stringMatching(/^ya29\./),
      refreshToken: expect.stringMatching(/^1\/\/0/),
      expiresAt: expect.any(Number),
      scope: expect.any(String),
      account: { email: ADA, externalId: account.id },
    });
    expect(connected.expiresAt).toBeGreaterThanOrEqual(before + 3_598_000);
    expect(connected.scope.split(" ").sort()).toEqual([...GOOGLE_SCOPES].sort());

    // The tokens work against the Calendar API.
    const response = await fetch(`${emu.rootUrl}calendar/v3/users/me/calendarList`, { headers: { authorization: `Bearer ${connected.accessToken}` } });
    expect(response.status).toBe(200);
  });

  it("fails with 'auth' for a wrong PKCE verifier or a reused code", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    const wrong = await rejection(
      exchangeCode({ code: params.get("code")!, codeVerifier: createOAuthFlowSecrets().codeVerifier, redirectUri: REDIRECT_URI }, { settings }),
      CalendarProviderError,
    );
    expect(wrong).toMatchObject({ reason: "auth", options: { provider: "google", status: 400 } });
    expect(wrong.message).toContain("invalid_grant");

    const again = createOAuthFlowSecrets();
    const second = await signIn(buildAuthorizeUrl({ ...again, redirectUri: REDIRECT_URI }, { settings }));
    const input = { code: second.get("code")!, codeVerifier: again.codeVerifier, redirectUri: REDIRECT_URI };
    await exchangeCode(input, { settings });
    expect((await rejection(exchangeCode(input, { settings }), CalendarProviderError)).reason).toBe("auth");
  });

  it("refuses a grant without calendar access (granular consent unticked)", async () => {
    const secrets = createOAuthFlowSecrets();
    const url = new URL(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    url.searchParams.set("scope", "openid email https://www.googleapis.com/auth/calendar.readonly");
    const params = await signIn(url.toString());
    const error = await rejection(exchangeCode({ code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI }, { settings }), CalendarProviderError);
    expect(error.reason).toBe("forbidden");
    expect(error.message).toMatch(/did not grant access to your calendars/);
  });

  it("rejects a wrong client secret as a configuration problem, not a reconnect", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    const error = await rejection(
      exchangeCode(
        { code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI },
        { settings: { ...settings, clientSecret: "wrong" } },
      ),
      CalendarProviderError,
    );
    expect(error).toMatchObject({ reason: "invalid", options: { status: 401 } });
    expect(error.message).toContain("invalid_client");
  });
});
