/**
 * Microsoft identity platform (Entra ID) v2.0 endpoints: authorize (signs in immediately),
 * token (authorization_code with PKCE, refresh_token), discovery, JWKS and logout. Errors carry
 * AADSTS codes like login.microsoftonline.com.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { IssuedTokens, OAuthFailureReason, OAuthStore } from "../shared/oauth-store";
import { header, json, readFormBody, redirect, type RouteRequest, type RouteResponse, type Router } from "../shared/router";
import type { SigningKey } from "../shared/signing-key";
import { aadError } from "./errors";
import { DEFAULT_GRAPH_SCOPES, type MsUser } from "./model";
import type { GraphState } from "./state";

export interface EntraContext {
  state: GraphState;
  oauth: OAuthStore;
  key: SigningKey;
  origin: () => string;
}

const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
const GRAPH_RESOURCE = "https://graph.microsoft.com/";

/** "https://graph.microsoft.com/Calendars.ReadWrite" → "Calendars.ReadWrite"; ".default" → the app's consented set. */
export function normalizeScopes(raw: string): string[] {
  const out: string[] = [];
  for (const scope of raw.split(/\s+/).filter(Boolean)) {
    const lower = scope.toLowerCase();
    if (OIDC_SCOPES.has(lower)) out.push(lower);
    else if (lower === `${GRAPH_RESOURCE}.default` || lower === ".default") out.push(...DEFAULT_GRAPH_SCOPES);
    else out.push(scope.startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope);
  }
  return [...new Set(out)];
}

function tenantKnown(ctx: EntraContext, tenant: string): boolean {
  const t = tenant.toLowerCase();
  if (["common", "organizations", "consumers", ctx.state.tenantId].includes(t)) return true;
  return [...ctx.state.users.values()].some((u) => u.mail.split("@")[1] === t);
}

const page = (status: number, code: number, message: string): RouteResponse => ({
  status,
  text: `Sign in\n\nSorry, but we're having trouble signing you in.\n\nAADSTS${code}: ${message}\n`,
  contentType: "text/plain; charset=utf-8",
});

function tokenFailure(reason: OAuthFailureReason, clientId: string | undefined, tenant: string): RouteResponse {
  switch (reason) {
    case "unknown_client":
      return aadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory '${tenant}'.`);
    case "bad_client_secret":
      return aadError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.");
    case "missing_client_secret":
      return aadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    case "code_redeemed":
      return aadError(400, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
    case "code_expired":
      return aadError(400, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
    case "pkce_verifier_missing":
    case "pkce_verifier_mismatch":
      return aadError(400, "invalid_grant", 50148, "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");
    case "redirect_uri_mismatch":
      return aadError(400, "invalid_grant", 500117, "The reply uri specified in the request does not match the reply uri used when acquiring the authorization code.");
    case "revoked_refresh_token":
      return aadError(400, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.");
    case "unknown_code":
    case "unknown_refresh_token":
      return aadError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
    default:
      return aadError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed.");
  }
}

function idToken(ctx: EntraContext, user: MsUser, tokens: IssuedTokens): string | undefined {
  if (!tokens.scope.includes("openid")) return undefined;
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    aud: tokens.clientId,
    iss: `${ctx.origin()}/${ctx.state.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    // v2 `sub` is pairwise per application; `oid` is the stable user id.
    sub: createHash("sha256").update(`${user.id}:${tokens.clientId}`).digest("base64url").slice(0, 43),
    oid: user.id,
    tid: ctx.state.tenantId,
    ver: "2.0",
    uti: randomBytes(16).toString("base64url"),
  };
  if (tokens.scope.includes("profile")) {
    claims.name = user.displayName;
    claims.preferred_username = user.userPrincipalName;
  }
  if (tokens.scope.includes("email")) claims.email = user.mail;
  if (tokens.nonce) claims.nonce = tokens.nonce;
  return ctx.key.signJwt(claims);
}

/** Graph access tokens are JWTs (opaque to apps; the emulator recognises them by lookup). */
export function graphAccessToken(
  key: SigningKey,
  tenantId: string,
  user: MsUser | undefined,
  input: { clientId: string; scope: string[]; expiresAt: number },
): string {
  const now = Math.floor(Date.now() / 1000);
  return key.signJwt({
    aud: "00000003-0000-0000-c000-000000000000",
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: Math.floor(input.expiresAt / 1000),
    appid: input.clientId,
    name: user?.displayName,
    oid: user?.id,
    scp: input.scope.filter((s) => !OIDC_SCOPES.has(s)).join(" "),
    sub: user ? createHash("sha256").update(user.id).digest("base64url").slice(0, 43) : undefined,
    tid: tenantId,
    upn: user?.userPrincipalName,
    ver: "1.0",
    uti: randomBytes(16).toString("base64url"),
  });
}

function chooseUser(ctx: EntraContext, loginHint: string | null): MsUser | "denied" | undefined {
  const next = ctx.state.nextSignIn;
  ctx.state.nextSignIn = undefined;
  if (next?.deny) return "denied";
  if (next?.email) return ctx.state.userByEmail(next.email);
  if (loginHint) {
    const hinted = ctx.state.userByEmail(loginHint);
    if (hinted) return hinted;
  }
  return ctx.state.users.values().next().value;
}

function formPost(redirectUri: string, params: Record<string, string | undefined>): RouteResponse {
  const inputs = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${String(v).replace(/"/g, "&quot;")}" />`)
    .join("");
  return {
    status: 200,
    contentType: "text/html; charset=utf-8",
    text: `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${redirectUri}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">document.forms[0].submit();</script></body></html>`,
  };
}

export function registerEntraRoutes(router: Router, ctx: EntraContext): void {
  router.get("/:tenant/oauth2/v2.0/authorize", (request) => {
    const q = request.query;
    const tenant = request.params.tenant;
    if (!tenantKnown(ctx, tenant)) return page(400, 90002, `Tenant '${tenant}' not found.`);
    const clientId = q.get("client_id");
    const client = clientId ? ctx.oauth.client(clientId) : undefined;
    if (!client) return page(400, 700016, `Application with identifier '${clientId ?? ""}' was not found in the directory '${tenant}'.`);
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri || !ctx.oauth.redirectAllowed(client, redirectUri)) {
      return page(400, 50011, `The redirect URI '${redirectUri ?? ""}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'.`);
    }
    const state = q.get("state") ?? undefined;
    const mode = q.get("response_mode") ?? "query";
    const back = (params: Record<string, string | undefined>) => {
      if (mode === "form_post") return formPost(redirectUri, params);
      const url = new URL(redirectUri);
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
      if (mode === "fragment") url.hash = search.toString();
      else for (const [k, v] of search) url.searchParams.set(k, v);
      return redirect(url.toString());
    };
    const fail = (error: string, code: number, description: string) =>
      back({ error, error_description: `AADSTS${code}: ${description}`, state });
    if (q.get("response_type") !== "code") return fail("unsupported_response_type", 700054, "response_type 'code' is required.");
    const scope = normalizeScopes(q.get("scope") ?? "");
    if (scope.length === 0) return fail("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
    const challenge = q.get("code_challenge") ?? undefined;
    const method = q.get("code_challenge_method") ?? (challenge ? "plain" : undefined);
    if (method && method !== "S256" && method !== "plain") return fail("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");
    const user = chooseUser(ctx, q.get("login_hint"));
    if (!user || user === "denied") {
      return fail("access_denied", 65004, "User declined to consent to access the app.");
    }
    const code = ctx.oauth.issueCode({
      clientId: client.clientId,
      redirectUri,
      scope,
      accountId: user.id,
      codeChallenge: challenge,
      codeChallengeMethod: method as "S256" | "plain" | undefined,
      nonce: q.get("nonce") ?? undefined,
      offline: scope.includes("offline_access"),
    });
    return back({ code, state, session_state: randomUUID() });
  });

  router.post("/:tenant/oauth2/v2.0/token", (request) => {
    const tenant = request.params.tenant;
    if (!tenantKnown(ctx, tenant)) return aadError(400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
    const form = readFormBody(request);
    const basic = /^Basic\s+(.+)$/i.exec(header(request, "authorization") ?? "");
    let clientId = form.get("client_id") ?? undefined;
    let clientSecret = form.get("client_secret") ?? undefined;
    if (basic) {
      const decoded = Buffer.from(basic[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const grantType = form.get("grant_type");
    if (grantType !== "authorization_code" && grantType !== "refresh_token") {
      return aadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType ?? ""}'.`);
    }
    if (!clientId) return aadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
    const client = ctx.oauth.authenticateClient(clientId, clientSecret, { publicAllowedWithPkce: false });
    if (ctx.oauth.isFailure(client)) return tokenFailure(client.failure, clientId, tenant);

    let issued;
    if (grantType === "authorization_code") {
      if (!form.get("code")) return aadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'code'.");
      issued = ctx.oauth.redeemCode({
        code: form.get("code") ?? undefined,
        clientId: client.clientId,
        redirectUri: form.get("redirect_uri") ?? undefined,
        codeVerifier: form.get("code_verifier") ?? undefined,
      });
    } else {
      if (!form.get("refresh_token")) {
        return aadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'refresh_token'.");
      }
      issued = ctx.oauth.refresh({
        refreshToken: form.get("refresh_token") ?? undefined,
        clientId: client.clientId,
        scope: form.get("scope") ? normalizeScopes(form.get("scope")!).filter((s) => s !== "offline_access") : undefined,
      });
    }
    if (ctx.oauth.isFailure(issued)) return tokenFailure(issued.failure, clientId, tenant);
    const user = ctx.state.users.get(issued.accountId)!;
    const body: Record<string, unknown> = {
      token_type: "Bearer",
      scope: issued.scope.filter((s) => s !== "offline_access").join(" "),
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.accessToken,
    };
    if (issued.refreshToken) body.refresh_token = issued.refreshToken;
    const token = idToken(ctx, user, issued);
    if (token) body.id_token = token;
    return json(200, body, { "cache-control": "no-store, no-cache", pragma: "no-cache" });
  });

  const discovery = (request: RouteRequest) => {
    const o = ctx.origin();
    const tenant = request.params.tenant;
    const issuerTenant = ["common", "organizations", "consumers"].includes(tenant.toLowerCase()) ? "{tenantid}" : ctx.state.tenantId;
    return json(200, {
      token_endpoint: `${o}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${o}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${o}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${o}/oidc/userinfo`,
      authorization_endpoint: `${o}/${tenant}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${o}/${tenant}/oauth2/v2.0/logout`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid", "ver", "email"],
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
    });
  };
  router.get("/:tenant/v2.0/.well-known/openid-configuration", discovery);
  router.get("/:tenant/discovery/v2.0/keys", () => json(200, ctx.key.jwks()));
  router.get("/:tenant/oauth2/v2.0/logout", (request) => {
    const target = request.query.get("post_logout_redirect_uri");
    return target ? redirect(target) : { status: 200, text: "You signed out of your account.", contentType: "text/plain" };
  });
}
