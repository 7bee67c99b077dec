/**
 * Entra ID v2.0 authorization-code flow with PKCE against the emulator, and a Graph client whose
 * auth provider refreshes through the token endpoint after a 401 — the way the app's Microsoft
 * adapter will (there is no MSAL in the project, so the OAuth calls are plain form POSTs).
 */
import { createHash, createPublicKey, randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "./index";
import { graphClient } from "./test-support";

const GRACE = "grace@contoso.test";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback/azure-ad";
const SCOPE = "openid profile email offline_access https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/User.Read";
let emu: MicrosoftEmulator;

beforeAll(async () => {
  emu = await startMicrosoftEmulator({ users: [{ email: GRACE, displayName: "Grace Hopper" }] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.reset());

const https = (url: string, init: RequestInit = {}) => fetch(url, { ...init, dispatcher: emu.dispatcher } as RequestInit);

async function authorize(extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(emu.authorizeUrl);
  for (const [k, v] of Object.entries({
    client_id: emu.client.clientId,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    response_mode: "query",
    scope: SCOPE,
    state: "st-1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    login_hint: GRACE,
    ...extra,
  })) {
    url.searchParams.set(k, v);
  }
  const response = await https(url.toString(), { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return { params: location.searchParams, verifier };
}

async function token(form: Record<string, string>) {
  const response = await https(emu.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: emu.client.clientId, client_secret: emu.client.clientSecret, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function verifyJwt(jwt: string, jwks: { keys: Array<Record<string, string>> }) {
  const [head, payload, signature] = jwt.split(".");
  const header = JSON.parse(Buffer.from(head, "base64url").toString());
  const jwk = jwks.keys.find((k) => k.kid === header.kid)!;
  const ok = verify("RSA-SHA256", Buffer.from(`${head}.${payload}`), createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(signature, "base64url"));
  return { ok, claims: JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown> };
}

describe("Entra ID emulation", () => {
  it("runs the code flow with PKCE and issues tokens with a verifiable id_token", async () => {
    const { params, verifier } = await authorize();
    expect(params.get("state")).toBe("st-1");
    const { status, body } = await token({ grant_type: "authorization_code", code: params.get("code")!, redirect_uri: REDIRECT_URI, code_verifier: verifier });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    expect(body.scope.split(" ")).toEqual(expect.arrayContaining(["Calendars.ReadWrite", "User.Read", "openid", "profile", "email"]));
    expect(body.scope).not.toContain("offline_access");
    expect(body.refresh_token).toBeTruthy();

    const discovery = await (await https(`${emu.loginUrl}/${emu.tenantId}/v2.0/.well-known/openid-configuration`)).json();
    expect(discovery.token_endpoint).toBe(emu.tokenUrl);
    const jwks = await (await https(discovery.jwks_uri)).json();
    const idToken = verifyJwt(body.id_token, jwks);
    expect(idToken.ok).toBe(true);
    expect(idToken.claims).toMatchObject({ aud: emu.client.clientId, iss: discovery.issuer, tid: emu.tenantId, preferred_username: GRACE, name: "Grace Hopper", ver: "2.0" });

    const client = graphClient(emu, async () => body.access_token);
    expect((await client.api("/me").get()).mail).toBe(GRACE);
  });

  it("answers AADSTS errors for a wrong verifier, a reused code, a bad secret and a revoked refresh token", async () => {
    const first = await authorize();
    const wrong = await token({ grant_type: "authorization_code", code: first.params.get("code")!, redirect_uri: REDIRECT_URI, code_verifier: "x".repeat(43) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: "invalid_grant", error_codes: [50148] });
    expect(wrong.body.error_description).toMatch(/^AADSTS50148: /);

    const second = await authorize();
    const form = { grant_type: "authorization_code", code: second.params.get("code")!, redirect_uri: REDIRECT_URI, code_verifier: second.verifier };
    const ok = await token(form);
    expect(ok.status).toBe(200);
    expect((await token(form)).body).toMatchObject({ error: "invalid_grant", error_codes: [54005] });

    const badSecret = await token({ ...form, client_secret: "wrong" });
    expect(badSecret.status).toBe(401);
    expect(badSecret.body).toMatchObject({ error: "invalid_client", error_codes: [7000215] });

    // Entra returns a new refresh token on each refresh; the previous one still works until revoked.
    const refreshed = await token({ grant_type: "refresh_token", refresh_token: ok.body.refresh_token, scope: SCOPE });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeTruthy();
    expect(refreshed.body.refresh_token).not.toBe(ok.body.refresh_token);
    await emu.control.revokeRefreshTokens({ email: GRACE });
    const revoked = await token({ grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token });
    expect(revoked.status).toBe(400);
    expect(revoked.body).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
  });

  it("redirects access_denied when sign-in is refused, and shows an error page for unknown redirect URIs", async () => {
    await emu.control.setNextSignIn({ deny: true });
    const denied = await authorize();
    expect(denied.params.get("error")).toBe("access_denied");
    expect(denied.params.get("state")).toBe("st-1");

    await emu.control.registerClient({ clientId: "strict-app", clientSecret: "s", redirectUris: ["https://kairos.example/cb"] });
    const url = `${emu.authorizeUrl}?client_id=strict-app&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=openid`;
    const page = await https(url, { redirect: "manual" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("AADSTS50011");
  });

  it("a 401 from Graph leads the app to refresh through the token endpoint and retry", async () => {
    const { params, verifier } = await authorize();
    let tokens = (await token({ grant_type: "authorization_code", code: params.get("code")!, redirect_uri: REDIRECT_URI, code_verifier: verifier })).body;
    const client = graphClient(emu, async () => tokens.access_token);
    /** What the adapter does: on InvalidAuthenticationToken, refresh once and retry. */
    async function withRefresh<T>(call: () => Promise<T>): Promise<T> {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof GraphError) || error.statusCode !== 401) throw error;
        expect(error.code).toBe("InvalidAuthenticationToken");
        const refreshed = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, scope: SCOPE });
        expect(refreshed.status).toBe(200);
        tokens = refreshed.body;
        return call();
      }
    }
    expect((await withRefresh(() => client.api("/me/calendars").get())).value).toHaveLength(1);
    await emu.control.expireAccessTokens(GRACE);
    const before = (await emu.control.requests()).lastSeq;
    expect((await withRefresh(() => client.api("/me/calendars").get())).value).toHaveLength(1);
    const log = (await emu.control.requests({ since: before })).requests.map((r) => `${r.status} ${r.route}`);
    expect(log).toEqual([
      "401 GET /v1.0/me/calendars",
      "200 POST /:tenant/oauth2/v2.0/token",
      "200 GET /v1.0/me/calendars",
    ]);
  });

  it("answers 403 ErrorAccessDenied for a token without calendar scopes", async () => {
    const tokens = await emu.control.mintTokens({ email: GRACE, scope: ["openid", "User.Read"] });
    const error = await graphClient(emu, async () => tokens.access_token)
      .api("/me/calendarView")
      .query({ startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2026-01-02T00:00:00Z" })
      .get()
      .then(() => null, (e: GraphError) => e);
    expect(error?.statusCode).toBe(403);
    expect(error?.code).toBe("ErrorAccessDenied");
  });
});
