/**
 * Connecting a Microsoft 365 / Outlook account: the Entra ID v2.0 authorize
 * URL (code flow + PKCE S256; `offline_access` yields the refresh token) and
 * the code exchange, then GET /me for who signed in. Framework-free.
 */
import { pkceChallenge } from "../oauth-state";
import type { ConnectedAccountTokens } from "../oauth-tokens";
import { CalendarProviderError } from "../provider-error";
import { MICROSOFT_SCOPES, microsoftFetch, requestEntraToken, type MicrosoftTransport } from "./entra-token";
import { entraEndpoint, microsoftSettings, type MicrosoftSettings } from "./microsoft-settings";

export interface MicrosoftOAuthOptions extends MicrosoftTransport {
  /** Credentials and endpoints; default from configuration. */
  settings?: MicrosoftSettings;
}

export interface AuthorizeUrlInput {
  state: string;
  codeVerifier: string;
  redirectUri: string;
  loginHint?: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput, options: MicrosoftOAuthOptions = {}): string {
  const settings = options.settings ?? microsoftSettings();
  const url = new URL(entraEndpoint(settings, "authorize"));
  const params: Record<string, string> = {
    client_id: settings.clientId,
    response_type: "code",
    redirect_uri: input.redirectUri,
    response_mode: "query",
    scope: MICROSOFT_SCOPES.join(" "),
    state: input.state,
    code_challenge: pkceChallenge(input.codeVerifier),
    code_challenge_method: "S256",
  };
  if (input.loginHint) params.login_hint = input.loginHint;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

export interface ExchangeCodeInput {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

/** "Calendars.ReadWrite" or "https://graph.microsoft.com/Calendars.ReadWrite", in any case. */
function grants(scope: string, wanted: string): boolean {
  return scope
    .split(/\s+/)
    .some((s) => s.toLowerCase() === wanted.toLowerCase() || s.toLowerCase().endsWith(`/${wanted.toLowerCase()}`));
}

export async function exchangeCode(input: ExchangeCodeInput, options: MicrosoftOAuthOptions = {}): Promise<ConnectedAccountTokens> {
  const settings = options.settings ?? microsoftSettings();
  const provider = { provider: "microsoft" };
  const tokens = await requestEntraToken(
    settings,
    { grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri, code_verifier: input.codeVerifier },
    options,
  );
  if (!grants(tokens.scope, "Calendars.ReadWrite")) {
    throw new CalendarProviderError(
      "forbidden",
      "Microsoft did not grant access to your calendars (Calendars.ReadWrite). An administrator may need to allow Kairos for your organisation.",
      provider,
    );
  }
  if (!tokens.refreshToken) {
    throw new CalendarProviderError("auth", "Microsoft did not return a refresh token; connect the account again.", provider);
  }
  const response = await microsoftFetch(
    `${settings.graphUrl}v1.0/me?$select=id,mail,userPrincipalName`,
    { headers: { authorization: `Bearer ${tokens.accessToken}`, accept: "application/json" } },
    options,
  );
  const me = (await response.json().catch(() => undefined)) as { id?: string; mail?: string | null; userPrincipalName?: string } | undefined;
  if (!response.ok || !me?.id) {
    throw new CalendarProviderError(response.status >= 500 ? "transient" : "invalid", `Microsoft Graph did not say who signed in (HTTP ${response.status}).`, {
      ...provider,
      status: response.status,
    });
  }
  // `mail` is empty for some accounts (no Exchange licence yet); the UPN is the sign-in name then.
  const email = me.mail || me.userPrincipalName;
  if (!email) throw new CalendarProviderError("invalid", "Microsoft Graph returned an account without an address.", provider);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    scope: tokens.scope,
    account: { email: email.toLowerCase(), externalId: me.id },
  };
}
