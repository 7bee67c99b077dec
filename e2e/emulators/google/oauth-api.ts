/**
 * Google's OAuth 2.0 / OpenID Connect endpoints: authorize (signs in immediately, no screen),
 * token (authorization_code with PKCE, refresh_token), revoke, tokeninfo, userinfo, certs and
 * discovery. Error bodies follow oauth2.googleapis.com (`{ error, error_description }`).
 */
import { createHash, randomBytes } from "node:crypto";
import type { OAuthFailureReason, OAuthStore, IssuedTokens } from "../shared/oauth-store";
import { header, json, readFormBody, redirect, type RouteRequest, type RouteResponse, type Router } from "../shared/router";
import type { SigningKey } from "../shared/signing-key";
import { requestContext } from "../shared/http-server";
import { unauthenticated, insufficientScopes } from "./errors";
import type { GoogleAccount } from "./model";
import type { GoogleState } from "./state";

export interface GoogleOAuthContext {
  state: GoogleState;
  oauth: OAuthStore;
  key: SigningKey;
  issuer: string;
  origin: () => string;
}

const oauthError = (status: number, error: string, description: string): RouteResponse =>
  json(status, { error, error_description: description });

/** The page Google shows instead of redirecting when it cannot trust the redirect URI. */
const errorPage = (status: number, error: string, detail: string): RouteResponse => ({
  status,
  text: `Access blocked: authorisation error\n\nError ${status}: ${error}\n${detail}\n`,
  contentType: "text/plain; charset=utf-8",
});

function tokenFailure(reason: OAuthFailureReason): RouteResponse {
  switch (reason) {
    case "unknown_client":
      return oauthError(401, "invalid_client", "The OAuth client was not found.");
    case "bad_client_secret":
      return oauthError(401, "invalid_client", "Unauthorized");
    case "missing_client_secret":
      return oauthError(400, "invalid_request", "client_secret is missing.");
    case "redirect_uri_mismatch":
      return oauthError(400, "redirect_uri_mismatch", "Bad Request");
    case "pkce_verifier_missing":
      return oauthError(400, "invalid_grant", "Missing code verifier.");
    case "pkce_verifier_mismatch":
      return oauthError(400, "invalid_grant", "Invalid code verifier.");
    case "unknown_refresh_token":
    case "revoked_refresh_token":
      return oauthError(400, "invalid_grant", "Token has been expired or revoked.");
    case "refresh_client_mismatch":
      return oauthError(400, "unauthorized_client", "Unauthorized");
    default:
      return oauthError(400, "invalid_grant", "Bad Request");
  }
}

function bearerToken(request: RouteRequest): string | undefined {
  const auth = header(request, "authorization");
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth) : null;
  return m ? m[1].trim() : (request.query.get("access_token") ?? undefined);
}

/** Authenticates a Calendar/userinfo call; throws Google's 401/403 bodies. */
export function authenticate(ctx: GoogleOAuthContext, request: RouteRequest, anyOfScopes: readonly string[]) {
  const check = ctx.oauth.checkAccessToken(bearerToken(request));
  if (!check.ok) throw unauthenticated();
  const account = ctx.state.accounts.get(check.record.accountId);
  if (!account) throw unauthenticated();
  requestContext(request).account = account.email;
  if (!check.record.scope.some((s) => anyOfScopes.includes(s))) throw insufficientScopes();
  return { account, scope: check.record.scope, clientId: check.record.clientId };
}

function clientCredentials(request: RouteRequest, form: URLSearchParams) {
  const basic = header(request, "authorization");
  const m = basic ? /^Basic\s+(.+)$/i.exec(basic) : null;
  if (m) {
    const decoded = Buffer.from(m[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  }
  return { clientId: form.get("client_id") ?? undefined, clientSecret: form.get("client_secret") ?? undefined };
}

function tokenBody(request: RouteRequest): URLSearchParams {
  const type = header(request, "content-type") ?? "";
  if (type.includes("application/json")) {
    try {
      const data = JSON.parse(request.body.toString("utf8")) as Record<string, string>;
      return new URLSearchParams(Object.entries(data).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return readFormBody(request);
}

export function idTokenFor(ctx: GoogleOAuthContext, account: GoogleAccount, tokens: IssuedTokens): string | undefined {
  if (!tokens.scope.includes("openid")) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const atHash = createHash("sha256").update(tokens.accessToken).digest().subarray(0, 16).toString("base64url");
  const claims: Record<string, unknown> = {
    iss: ctx.issuer,
    azp: tokens.clientId,
    aud: tokens.clientId,
    sub: account.id,
    at_hash: atHash,
    iat: now,
    exp: now + 3600,
  };
  if (tokens.scope.some((s) => s === "email" || s.endsWith("/userinfo.email"))) {
    claims.email = account.email;
    claims.email_verified = true;
  }
  if (tokens.scope.some((s) => s === "profile" || s.endsWith("/userinfo.profile"))) {
    claims.name = account.name;
    claims.picture = account.picture;
    claims.given_name = account.givenName;
    if (account.familyName) claims.family_name = account.familyName;
  }
  if (tokens.nonce) claims.nonce = tokens.nonce;
  return ctx.key.signJwt(claims);
}

function tokenResponse(ctx: GoogleOAuthContext, tokens: IssuedTokens): RouteResponse {
  const account = ctx.state.accounts.get(tokens.accountId)!;
  const body: Record<string, unknown> = {
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    scope: tokens.scope.join(" "),
    token_type: "Bearer",
  };
  if (tokens.refreshToken) body.refresh_token = tokens.refreshToken;
  const idToken = idTokenFor(ctx, account, tokens);
  if (idToken) body.id_token = idToken;
  return json(200, body, { "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache" });
}

function chooseAccount(ctx: GoogleOAuthContext, loginHint: string | null): GoogleAccount | "denied" | undefined {
  const next = ctx.state.nextSignIn;
  ctx.state.nextSignIn = undefined;
  if (next?.deny) return "denied";
  if (next?.email) return ctx.state.accountByEmail(next.email);
  if (loginHint) {
    const hinted = ctx.state.accountByEmail(loginHint);
    if (hinted) return hinted;
  }
  return ctx.state.accounts.values().next().value;
}

export function registerGoogleOAuthRoutes(router: Router, ctx: GoogleOAuthContext): void {
  const authorize = (request: RouteRequest): RouteResponse => {
    const q = request.query;
    const clientId = q.get("client_id");
    const redirectUri = q.get("redirect_uri");
    const client = clientId ? ctx.oauth.client(clientId) : undefined;
    if (!client) return errorPage(401, "invalid_client", "The OAuth client was not found.");
    if (!redirectUri || !ctx.oauth.redirectAllowed(client, redirectUri)) {
      return errorPage(400, "redirect_uri_mismatch", `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. redirect_uri=${redirectUri ?? ""}`);
    }
    const back = (params: Record<string, string | undefined>) => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
      return redirect(url.toString());
    };
    const state = q.get("state") ?? undefined;
    const scope = (q.get("scope") ?? "").split(/\s+/).filter(Boolean);
    if (scope.length === 0) return errorPage(400, "invalid_request", "Missing required parameter: scope");
    if (q.get("response_type") !== "code") return back({ error: "unsupported_response_type", state });
    const challenge = q.get("code_challenge") ?? undefined;
    const method = q.get("code_challenge_method") ?? (challenge ? "plain" : undefined);
    if (method && method !== "S256" && method !== "plain") {
      return errorPage(400, "invalid_request", "Invalid code_challenge_method value.");
    }
    if (method && !challenge) return errorPage(400, "invalid_request", "Missing code_challenge.");
    const account = chooseAccount(ctx, q.get("login_hint"));
    if (!account || account === "denied") return back({ error: "access_denied", state });
    const prompt = (q.get("prompt") ?? "").split(" ");
    const offline =
      q.get("access_type") === "offline" && (!ctx.oauth.hasConsent(account.id, client.clientId) || prompt.includes("consent"));
    ctx.oauth.recordConsent(account.id, client.clientId);
    const code = ctx.oauth.issueCode({
      clientId: client.clientId,
      redirectUri,
      scope,
      accountId: account.id,
      codeChallenge: challenge,
      codeChallengeMethod: method as "S256" | "plain" | undefined,
      nonce: q.get("nonce") ?? undefined,
      offline,
    });
    return back({ state, code, scope: scope.join(" "), authuser: "0", prompt: prompt.includes("consent") ? "consent" : "none" });
  };
  router.get("/o/oauth2/v2/auth", authorize);
  router.get("/o/oauth2/auth", authorize);

  const token = (request: RouteRequest): RouteResponse => {
    const form = tokenBody(request);
    const grantType = form.get("grant_type");
    const { clientId, clientSecret } = clientCredentials(request, form);
    if (grantType !== "authorization_code" && grantType !== "refresh_token") {
      return oauthError(400, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
    }
    const client = ctx.oauth.authenticateClient(clientId, clientSecret, { publicAllowedWithPkce: false });
    if (ctx.oauth.isFailure(client)) return tokenFailure(client.failure);
    if (grantType === "authorization_code") {
      if (!form.get("code")) return oauthError(400, "invalid_request", "Missing required parameter: code");
      const issued = ctx.oauth.redeemCode({
        code: form.get("code") ?? undefined,
        clientId: client.clientId,
        redirectUri: form.get("redirect_uri") ?? undefined,
        codeVerifier: form.get("code_verifier") ?? undefined,
      });
      if (ctx.oauth.isFailure(issued)) return tokenFailure(issued.failure);
      return tokenResponse(ctx, issued);
    }
    if (!form.get("refresh_token")) return oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
    const refreshed = ctx.oauth.refresh({
      refreshToken: form.get("refresh_token") ?? undefined,
      clientId: client.clientId,
      scope: form.get("scope")?.split(" ").filter(Boolean),
    });
    if (ctx.oauth.isFailure(refreshed)) return tokenFailure(refreshed.failure);
    return tokenResponse(ctx, refreshed);
  };
  router.post("/token", token);
  router.post("/o/oauth2/token", token);
  router.post("/oauth2/v4/token", token);

  router.post("/revoke", (request) => {
    const token = request.query.get("token") ?? tokenBody(request).get("token");
    if (!token || !ctx.oauth.revoke(token)) return oauthError(400, "invalid_token", "Token expired or revoked");
    return json(200, {});
  });

  const tokeninfo = (request: RouteRequest): RouteResponse => {
    const form = request.method === "POST" ? tokenBody(request) : new URLSearchParams();
    const accessToken =
      request.query.get("access_token") ?? form.get("access_token") ?? /^Bearer\s+(.+)$/i.exec(header(request, "authorization") ?? "")?.[1];
    const check = ctx.oauth.checkAccessToken(accessToken ?? undefined);
    if (!check.ok) return oauthError(400, "invalid_token", "Invalid Value");
    const account = ctx.state.accounts.get(check.record.accountId)!;
    const expiresIn = Math.max(0, Math.floor((check.record.expiresAt - Date.now()) / 1000));
    return json(200, {
      azp: check.record.clientId,
      aud: check.record.clientId,
      sub: account.id,
      scope: check.record.scope.join(" "),
      exp: String(Math.floor(check.record.expiresAt / 1000)),
      expires_in: String(expiresIn),
      email: account.email,
      email_verified: "true",
      access_type: check.record.refreshToken ? "offline" : "online",
    });
  };
  router.get("/tokeninfo", tokeninfo);
  router.post("/tokeninfo", tokeninfo);
  router.get("/oauth2/v3/tokeninfo", tokeninfo);

  router.get("/oauth2/v1/certs", () =>
    json(200, { [ctx.key.kid]: ctx.key.certificatePem }, { "cache-control": "public, max-age=21600" }),
  );
  router.get("/oauth2/v3/certs", () => json(200, ctx.key.jwks(), { "cache-control": "public, max-age=21600" }));

  const userinfoV2 = (request: RouteRequest) => {
    const { account } = authenticate(ctx, request, ["openid", "email", "profile", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile"]);
    return json(200, {
      id: account.id,
      email: account.email,
      verified_email: true,
      name: account.name,
      given_name: account.givenName,
      family_name: account.familyName || undefined,
      picture: account.picture,
    });
  };
  const userinfoOidc = (request: RouteRequest) => {
    const { account } = authenticate(ctx, request, ["openid", "email", "profile", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile"]);
    return json(200, {
      sub: account.id,
      name: account.name,
      given_name: account.givenName,
      family_name: account.familyName || undefined,
      picture: account.picture,
      email: account.email,
      email_verified: true,
    });
  };
  router.get("/oauth2/v2/userinfo", userinfoV2);
  router.get("/oauth2/v1/userinfo", userinfoV2);
  router.get("/oauth2/v3/userinfo", userinfoOidc);
  router.get("/v1/userinfo", userinfoOidc);

  router.get("/.well-known/openid-configuration", () => {
    const o = ctx.origin();
    return json(200, {
      issuer: ctx.issuer,
      authorization_endpoint: `${o}/o/oauth2/v2/auth`,
      token_endpoint: `${o}/token`,
      userinfo_endpoint: `${o}/v1/userinfo`,
      revocation_endpoint: `${o}/revoke`,
      jwks_uri: `${o}/oauth2/v3/certs`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      claims_supported: ["aud", "email", "email_verified", "exp", "family_name", "given_name", "iat", "iss", "name", "picture", "sub"],
      code_challenge_methods_supported: ["plain", "S256"],
      grant_types_supported: ["authorization_code", "refresh_token"],
    });
  });
}

export function mintGoogleAccessToken(): string {
  return `ya29.${randomBytes(48).toString("base64url")}`;
}
