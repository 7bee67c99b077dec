/**
 * Connecting a Google account: the authorize URL (code flow + PKCE S256,
 * offline access) and the code exchange. Framework-free; the routes that
 * redirect and receive the callback live in app/.
 *
 * Scopes: calendar.events + calendar.readonly rather than the full
 * `calendar` scope. Together they read every calendar (busy time, the list
 * of calendars) and write events (bookings, watch channels), but cannot
 * delete calendars or change who they are shared with — powers Kairos never
 * needs, so it should not hold them.
 */
import { google } from "googleapis";
import { pkceChallenge } from "../oauth-state";
import type { ConnectedAccountTokens } from "../oauth-tokens";
import { CalendarProviderError } from "../provider-error";
import { toGoogleProviderError } from "./google-errors";
import { googleSettings, type GoogleSettings } from "./google-settings";

const CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";
const CALENDAR_READONLY = "https://www.googleapis.com/auth/calendar.readonly";
const CALENDAR_FULL = "https://www.googleapis.com/auth/calendar";

export const GOOGLE_SCOPES = ["openid", "email", CALENDAR_EVENTS, CALENDAR_READONLY] as const;

export interface GoogleOAuthOptions {
  /** Credentials and endpoints; default from configuration. */
  settings?: GoogleSettings;
}

export interface AuthorizeUrlInput {
  state: string;
  codeVerifier: string;
  redirectUri: string;
  /** The address the person is expected to sign in with (preselects the account). */
  loginHint?: string;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput, options: GoogleOAuthOptions = {}): string {
  const settings = options.settings ?? googleSettings();
  const url = new URL(settings.authorizeUrl);
  const params: Record<string, string> = {
    client_id: settings.clientId,
    redirect_uri: input.redirectUri,
    response_type: "code",
    scope: GOOGLE_SCOPES.join(" "),
    state: input.state,
    code_challenge: pkceChallenge(input.codeVerifier),
    code_challenge_method: "S256",
    // A refresh token is what lets Kairos read busy time while the host is away;
    // Google only issues one on consent, so ask for consent every time.
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
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

/** The claims of an id_token received straight from the token endpoint over TLS (OIDC Core §3.1.3.7 allows skipping the signature check then). */
function idTokenClaims(idToken: string): Record<string, unknown> {
  const payload = idToken.split(".")[1];
  if (!payload) throw new CalendarProviderError("invalid", "Google returned a malformed id_token.", { provider: "google" });
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new CalendarProviderError("invalid", "Google returned a malformed id_token.", { provider: "google" });
  }
}

export async function exchangeCode(input: ExchangeCodeInput, options: GoogleOAuthOptions = {}): Promise<ConnectedAccountTokens> {
  const settings = options.settings ?? googleSettings();
  const client = new google.auth.OAuth2({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    redirectUri: input.redirectUri,
    endpoints: { oauth2TokenUrl: settings.tokenUrl },
    transporterOptions: { timeout: 30_000 },
  });
  let tokens;
  try {
    ({ tokens } = await client.getToken({ code: input.code, codeVerifier: input.codeVerifier, redirect_uri: input.redirectUri }));
  } catch (error) {
    throw toGoogleProviderError(error);
  }
  const provider = { provider: "google" };
  if (!tokens.access_token || !tokens.id_token) {
    throw new CalendarProviderError("invalid", "Google's token response lacks an access token or id_token.", provider);
  }
  const granted = new Set((tokens.scope ?? "").split(/\s+/).filter(Boolean));
  // With granular consent a person can untick calendar access and still finish the flow.
  const canRead = granted.has(CALENDAR_FULL) || granted.has(CALENDAR_READONLY);
  const canWrite = granted.has(CALENDAR_FULL) || granted.has(CALENDAR_EVENTS);
  if (!canRead || !canWrite) {
    throw new CalendarProviderError(
      "forbidden",
      "Google did not grant access to your calendars. Connect again and allow Kairos to see and edit your calendar events.",
      provider,
    );
  }
  if (!tokens.refresh_token) {
    throw new CalendarProviderError("auth", "Google did not return a refresh token; connect the account again.", provider);
  }
  const claims = idTokenClaims(tokens.id_token);
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(settings.clientId)) {
    throw new CalendarProviderError("invalid", "Google's id_token was issued to another client.", provider);
  }
  if (typeof claims.email !== "string" || typeof claims.sub !== "string" || claims.email_verified === false) {
    throw new CalendarProviderError("invalid", "Google did not tell which (verified) account signed in.", provider);
  }
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: tokens.expiry_date ?? Date.now() + 3_600_000,
    scope: [...granted].join(" "),
    account: { email: claims.email.toLowerCase(), externalId: claims.sub },
  };
}
