/**
 * The Microsoft connect flow against the Microsoft emulator (https, its
 * certificate trusted through a fetch dispatcher): Entra authorize → 302 with
 * a code → token exchange with PKCE → GET /me.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { consentAtProvider } from "@/test/calendar-connections";
import { rejection } from "@/test/rejection";
import { loadConfig } from "../../config";
import { createOAuthFlowSecrets, isSameOAuthState } from "../oauth-state";
import { CalendarProviderError } from "../provider-error";
import { buildAuthorizeUrl, exchangeCode } from "./microsoft-oauth";
import { microsoftSettings, type MicrosoftSettings } from "./microsoft-settings";

const GRACE = "grace@contoso.test";
const REDIRECT_URI = "http://localhost:3000/api/v1/calendars/microsoft/callback";

let emu: MicrosoftEmulator;
let settings: MicrosoftSettings;

beforeAll(async () => {
  emu = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper", timeZone: "America/New_York" }] });
  settings = microsoftSettings(loadConfig({ NODE_ENV: "test", ...emu.env }));
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

/** The browser at the emulator's consent (https, trusted through its dispatcher), landing back on REDIRECT_URI. */
const signIn = (url: string) => consentAtProvider(url, { redirectUri: REDIRECT_URI, dispatcher: emu.dispatcher });

describe("Microsoft connect flow", () => {
  it("builds the Entra authorize URL for the configured tenant, with PKCE S256 and offline access", () => {
    const secrets = createOAuthFlowSecrets();
    const url = new URL(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI, loginHint: GRACE }, { settings }));
    expect(`${url.origin}${url.pathname}`).toBe(emu.authorizeUrl);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: emu.client.clientId,
      response_type: "code",
      redirect_uri: REDIRECT_URI,
      response_mode: "query",
      scope: "offline_access openid email profile Calendars.ReadWrite User.Read",
      state: secrets.state,
      code_challenge: secrets.codeChallenge,
      code_challenge_method: "S256",
      login_hint: GRACE,
    });
  });

  it("defaults to the real login and Graph endpoints and the common tenant", () => {
    const real = microsoftSettings(loadConfig({ NODE_ENV: "test", MICROSOFT_CLIENT_ID: "id", MICROSOFT_CLIENT_SECRET: "secret" }));
    expect(real).toEqual({
      clientId: "id",
      clientSecret: "secret",
      tenantId: "common",
      graphUrl: "https://graph.microsoft.com/",
      loginUrl: "https://login.microsoftonline.com/",
    });
    expect(buildAuthorizeUrl({ ...createOAuthFlowSecrets(), redirectUri: REDIRECT_URI }, { settings: real })).toMatch(
      /^https:\/\/login\.microsoftonline\.com\/common\/oauth2\/v2\.0\/authorize\?client_id=id&/,
    );
  });

  it("exchanges the code for tokens and identifies the account with GET /me", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI, loginHint: GRACE }, { settings }));
    expect(isSameOAuthState(secrets.state, params.get("state"))).toBe(true);
    const before = Date.now();
    const connected = await exchangeCode(
      { code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI },
      { settings, dispatcher: emu.dispatcher },
    );
    const { users } = await emu.control.listUsers();
    expect(connected).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAt: expect.any(Number),
      scope: expect.stringContaining("Calendars.ReadWrite"),
      account: { email: GRACE, externalId: users[0].id },
    });
    expect(connected.expiresAt).toBeGreaterThanOrEqual(before + 3_598_000);
    const { requests } = await emu.control.requests();
    expect(requests.map((r) => `${r.status} ${r.route}`)).toEqual([
      "302 GET /:tenant/oauth2/v2.0/authorize",
      "200 POST /:tenant/oauth2/v2.0/token",
      "200 GET /v1.0/me",
    ]);
  });

  it("fails with 'auth' for a wrong PKCE verifier, and reports a wrong client secret as configuration", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    const input = { code: params.get("code")!, codeVerifier: createOAuthFlowSecrets().codeVerifier, redirectUri: REDIRECT_URI };
    const wrong = await rejection(exchangeCode(input, { settings, dispatcher: emu.dispatcher }), CalendarProviderError);
    expect(wrong).toMatchObject({ reason: "auth", options: { provider: "microsoft", status: 400 } });
    expect(wrong.message).toContain("AADSTS50148");

    const again = createOAuthFlowSecrets();
    const second = await signIn(buildAuthorizeUrl({ ...again, redirectUri: REDIRECT_URI }, { settings }));
    const badSecret = await rejection(
      exchangeCode(
        { code: second.get("code")!, codeVerifier: again.codeVerifier, redirectUri: REDIRECT_URI },
        { settings: { ...settings, clientSecret: "expired" }, dispatcher: emu.dispatcher },
      ),
      CalendarProviderError,
    );
    expect(badSecret).toMatchObject({ reason: "invalid", options: { status: 401 } });
    expect(badSecret.message).toContain("invalid_client");
  });

  it("refuses a grant without Calendars.ReadWrite", async () => {
    const secrets = createOAuthFlowSecrets();
    const url = new URL(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    url.searchParams.set("scope", "offline_access openid email profile User.Read");
    const params = await signIn(url.toString());
    const error = await rejection(
      exchangeCode({ code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI }, { settings, dispatcher: emu.dispatcher }),
      CalendarProviderError,
    );
    expect(error.reason).toBe("forbidden");
  });

  it("a login server that cannot be reached (or not trusted) is transient", async () => {
    const secrets = createOAuthFlowSecrets();
    const params = await signIn(buildAuthorizeUrl({ ...secrets, redirectUri: REDIRECT_URI }, { settings }));
    // Without the dispatcher the self-signed certificate is not trusted: no answer at all.
    const error = await rejection(exchangeCode({ code: params.get("code")!, codeVerifier: secrets.codeVerifier, redirectUri: REDIRECT_URI }, { settings }), CalendarProviderError);
    expect(error.reason).toBe("transient");
  });
});
