/**
 * The real google-auth-library / googleapis against the emulator's OAuth endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Auth, Common, google } from "googleapis";
import { startGoogleEmulator, type GoogleEmulator } from "./index";

const REDIRECT_URI = "http://127.0.0.1:9/oauth/callback";
const SCOPES = ["openid", "email", "profile", "https://www.googleapis.com/auth/calendar"];

let emu: GoogleEmulator;

/** Google's error body as gaxios hands it over. */
type GoogleErrorBody = { error: { code: number; message: string; status?: string; errors: Array<Record<string, string>> } };
const bodyOf = (e: { response?: { data?: unknown } } | null | undefined) => e?.response?.data as GoogleErrorBody;


beforeAll(async () => {
  emu = await startGoogleEmulator({ accounts: [{ email: "ada@example.com", name: "Ada Lovelace", timeZone: "Europe/Berlin" }] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

function oauthClient(options: { eagerRefreshThresholdMillis?: number } = {}) {
  return new google.auth.OAuth2({
    clientId: emu.client.clientId,
    clientSecret: emu.client.clientSecret,
    redirectUri: REDIRECT_URI,
    endpoints: {
      oauth2AuthBaseUrl: emu.authorizeUrl,
      oauth2TokenUrl: emu.tokenUrl,
      oauth2RevokeUrl: emu.revokeUrl,
      oauth2FederatedSignonPemCertsUrl: `${emu.url}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${emu.url}/oauth2/v3/certs`,
    },
    ...options,
  });
}

/** Plays the browser: follows the authorize URL to the redirect and returns its query. */
async function signIn(authUrl: string): Promise<URLSearchParams> {
  const response = await fetch(authUrl, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return location.searchParams;
}

async function codeFlow(client: Auth.OAuth2Client, extra: Record<string, string> = {}) {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: "offline",
    prompt: "consent",
    scope: SCOPES,
    state: "state-123",
    code_challenge_method: Auth.CodeChallengeMethod.S256,
    code_challenge: codeChallenge,
    login_hint: "ada@example.com",
    ...extra,
  });
  const params = await signIn(url);
  return { params, codeVerifier };
}

/**
 * googleapis-common pins its own gaxios copy (7.1.3) while google-auth-library, which performs
 * every authorised request, uses the hoisted one (7.3.1). GaxiosError's instanceof check is
 * version-keyed, so errors must be tested against `Auth.gaxios.GaxiosError`, not `Common.GaxiosError`.
 */
async function gaxiosError(promise: Promise<unknown>): Promise<InstanceType<typeof Auth.gaxios.GaxiosError>> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Auth.gaxios.GaxiosError);
  expect(error).not.toBeInstanceOf(Common.GaxiosError);
  return error as InstanceType<typeof Auth.gaxios.GaxiosError>;
}

describe("Google OAuth 2.0 emulation", () => {
  it("runs the authorization-code flow with PKCE and returns tokens with a verifiable id_token", async () => {
    const client = oauthClient();
    const { params, codeVerifier } = await codeFlow(client);
    expect(params.get("state")).toBe("state-123");
    const code = params.get("code")!;
    expect(code).toMatch(/^4\/0/);

    const { tokens } = await client.getToken({ code, codeVerifier });
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.scope?.split(" ")).toEqual(expect.arrayContaining(SCOPES));
    expect(tokens.expiry_date).toBeGreaterThan(Date.now() + 3_000_000);

    const ticket = await client.verifyIdToken({ idToken: tokens.id_token!, audience: emu.client.clientId });
    const payload = ticket.getPayload()!;
    expect(payload.email).toBe("ada@example.com");
    expect(payload.email_verified).toBe(true);
    expect(payload.sub).toMatch(/^\d{21}$/);
    expect(payload.iss).toBe("https://accounts.google.com");

    // The JWKS that OIDC libraries use publishes the same key.
    const jwks = (await (await fetch(`${emu.url}/oauth2/v3/certs`)).json()) as { keys: Array<{ kid: string; alg: string }> };
    expect(jwks.keys[0].alg).toBe("RS256");
    expect(JSON.parse(Buffer.from(tokens.id_token!.split(".")[0], "base64url").toString()).kid).toBe(jwks.keys[0].kid);

    client.setCredentials(tokens);
    const me = await google.oauth2({ version: "v2", auth: client, rootUrl: emu.rootUrl }).userinfo.get();
    expect(me.data).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace", id: payload.sub });
  });

  it("rejects a wrong PKCE verifier, a reused code and a wrong redirect URI with Google's errors", async () => {
    const client = oauthClient();
    const first = await codeFlow(client);
    const wrongVerifier = await gaxiosError(client.getToken({ code: first.params.get("code")!, codeVerifier: "x".repeat(43) }));
    expect(wrongVerifier.status).toBe(400);
    expect(wrongVerifier.response?.data).toEqual({ error: "invalid_grant", error_description: "Invalid code verifier." });

    const second = await codeFlow(client);
    await client.getToken({ code: second.params.get("code")!, codeVerifier: second.codeVerifier });
    const reused = await gaxiosError(client.getToken({ code: second.params.get("code")!, codeVerifier: second.codeVerifier }));
    expect(reused.response?.data).toMatchObject({ error: "invalid_grant" });

    const third = await codeFlow(client);
    const mismatch = await gaxiosError(
      client.getToken({ code: third.params.get("code")!, codeVerifier: third.codeVerifier, redirect_uri: "http://127.0.0.1:9/other" }),
    );
    expect(mismatch.response?.data).toMatchObject({ error: "redirect_uri_mismatch" });

    const badSecret = new google.auth.OAuth2({ clientId: emu.client.clientId, clientSecret: "nope", redirectUri: REDIRECT_URI, endpoints: { oauth2TokenUrl: emu.tokenUrl } });
    const fourth = await codeFlow(client);
    const unauthorized = await gaxiosError(badSecret.getToken({ code: fourth.params.get("code")!, codeVerifier: fourth.codeVerifier }));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.response?.data).toMatchObject({ error: "invalid_client" });
  });

  it("refreshes an expired access token through the token endpoint, and the old token gets 401", async () => {
    await emu.control.setAccessTokenTtl(2);
    // (0 would be ignored: the library falls back to its 5-minute default on a falsy value.)
    const client = oauthClient({ eagerRefreshThresholdMillis: 1 });
    const { params, codeVerifier } = await codeFlow(client);
    const { tokens } = await client.getToken({ code: params.get("code")!, codeVerifier });
    client.setCredentials(tokens);
    const refreshed: string[] = [];
    client.on("tokens", (t) => refreshed.push(t.access_token!));

    const calendar = google.calendar({ version: "v3", auth: client, rootUrl: emu.rootUrl });
    await calendar.calendarList.list();
    expect(refreshed).toHaveLength(0);

    await new Promise((r) => setTimeout(r, 2_100));
    const before = await emu.control.requests();
    const list = await calendar.calendarList.list();
    expect(list.data.items?.[0].id).toBe("ada@example.com");
    expect(refreshed).toHaveLength(1);
    expect(refreshed[0]).not.toBe(tokens.access_token);
    const after = await emu.control.requests({ since: before.lastSeq });
    expect(after.counts).toEqual({ "POST /token": 1, "GET /calendar/v3/users/me/calendarList": 1 });

    // The expired token itself is refused with Google's 401 body.
    const stale = new google.auth.OAuth2();
    stale.setCredentials({ access_token: tokens.access_token! });
    const error = await gaxiosError(google.calendar({ version: "v3", auth: stale, rootUrl: emu.rootUrl }).calendarList.list());
    expect(error.status).toBe(401);
    expect(bodyOf(error).error).toMatchObject({ code: 401, status: "UNAUTHENTICATED", errors: [{ reason: "authError" }] });
  });

  it("without an expiry date the library refreshes once on 401 and retries", async () => {
    const minted = await emu.control.mintTokens({ email: "ada@example.com" });
    await emu.control.expireAccessTokens("ada@example.com");
    const client = oauthClient();
    client.setCredentials({ access_token: minted.access_token, refresh_token: minted.refresh_token });
    const before = (await emu.control.requests()).lastSeq;
    const result = await google.calendar({ version: "v3", auth: client, rootUrl: emu.rootUrl }).calendars.get({ calendarId: "primary" });
    expect(result.data.id).toBe("ada@example.com");
    const log = (await emu.control.requests({ since: before })).requests.map((r) => `${r.status} ${r.method} ${r.path}`);
    expect(log).toEqual([
      "401 GET /calendar/v3/calendars/primary",
      "200 POST /token",
      "200 GET /calendar/v3/calendars/primary",
    ]);
  });

  it("answers invalid_grant for a revoked refresh token", async () => {
    const client = oauthClient();
    const { params, codeVerifier } = await codeFlow(client);
    const { tokens } = await client.getToken({ code: params.get("code")!, codeVerifier });
    expect(await emu.control.revokeRefreshTokens({ email: "ada@example.com" })).toEqual({ revoked: 1 });
    client.setCredentials({ refresh_token: tokens.refresh_token });
    const error = await gaxiosError(client.refreshAccessToken());
    expect(error.status).toBe(400);
    expect(error.response?.data).toEqual({ error: "invalid_grant", error_description: "Token has been expired or revoked." });
    // The access token issued with it died too.
    const check = oauthClient();
    check.setCredentials({ access_token: tokens.access_token! });
    expect((await gaxiosError(google.calendar({ version: "v3", auth: check, rootUrl: emu.rootUrl }).calendarList.list())).status).toBe(401);
  });

  it("revokes through /revoke like Google", async () => {
    const client = oauthClient();
    const { params, codeVerifier } = await codeFlow(client);
    const { tokens } = await client.getToken({ code: params.get("code")!, codeVerifier });
    await client.revokeToken(tokens.refresh_token!);
    client.setCredentials({ refresh_token: tokens.refresh_token });
    expect((await gaxiosError(client.refreshAccessToken())).response?.data).toMatchObject({ error: "invalid_grant" });
  });

  it("only returns a refresh token on first consent or prompt=consent, as Google does", async () => {
    const client = oauthClient();
    const first = await codeFlow(client, { prompt: "select_account" });
    expect((await client.getToken({ code: first.params.get("code")!, codeVerifier: first.codeVerifier })).tokens.refresh_token).toBeTruthy();
    const again = await codeFlow(client, { prompt: "select_account" });
    expect((await client.getToken({ code: again.params.get("code")!, codeVerifier: again.codeVerifier })).tokens.refresh_token).toBeUndefined();
    const forced = await codeFlow(client, { prompt: "consent" });
    expect((await client.getToken({ code: forced.params.get("code")!, codeVerifier: forced.codeVerifier })).tokens.refresh_token).toBeTruthy();
  });

  it("signs in the account chosen by the control API, or reports access_denied", async () => {
    await emu.control.createAccount({ email: "bob@example.com", name: "Bob" });
    const client = oauthClient();
    await emu.control.setNextSignIn({ email: "bob@example.com" });
    const flow = await codeFlow(client);
    const { tokens } = await client.getToken({ code: flow.params.get("code")!, codeVerifier: flow.codeVerifier });
    const ticket = await client.verifyIdToken({ idToken: tokens.id_token!, audience: emu.client.clientId });
    expect(ticket.getPayload()?.email).toBe("bob@example.com");

    await emu.control.setNextSignIn({ deny: true });
    const denied = await codeFlow(client);
    expect(denied.params.get("error")).toBe("access_denied");
    expect(denied.params.get("state")).toBe("state-123");
  });

  it("refuses unknown clients and unregistered redirect URIs without redirecting", async () => {
    const unknown = await fetch(`${emu.authorizeUrl}?client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&response_type=code&scope=openid`, { redirect: "manual" });
    expect(unknown.status).toBe(401);
    await emu.control.registerClient({ clientId: "strict", clientSecret: "s", redirectUris: ["https://app.example/cb"] });
    const mismatch = await fetch(`${emu.authorizeUrl}?client_id=strict&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&response_type=code&scope=openid`, { redirect: "manual" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("redirect_uri_mismatch");
  });
});
