/**
 * The Entra ID v2.0 token endpoint (form POST, client_secret_post), shared
 * by the code exchange and the adapter's refresh. There is no MSAL in the
 * project: these two grants are all Kairos needs.
 */
import type { OAuthTokens } from "../oauth-tokens";
import { CalendarProviderError } from "../provider-error";
import { entraTokenError } from "./microsoft-errors";
import { entraEndpoint, type MicrosoftSettings } from "./microsoft-settings";

/** Delegated permissions Kairos asks for (Graph resource scopes may be written short). */
export const MICROSOFT_SCOPES = ["offline_access", "openid", "email", "profile", "Calendars.ReadWrite", "User.Read"] as const;

export interface MicrosoftTransport {
  /** An undici dispatcher for fetch (tests: one that trusts the emulator's certificate). */
  dispatcher?: object;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
}

/** fetch with the transport's dispatcher and timeout; network failures become "transient". */
export async function microsoftFetch(url: string, init: RequestInit, transport: MicrosoftTransport = {}): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      signal: AbortSignal.timeout(transport.timeoutMs ?? 30_000),
      ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
    } as RequestInit);
  } catch (error) {
    throw new CalendarProviderError("transient", `Microsoft: ${new URL(url).host} did not answer (${(error as Error).message}).`, {
      provider: "microsoft",
      cause: error,
    });
  }
}

export interface EntraTokens extends Omit<OAuthTokens, "refreshToken" | "scope"> {
  refreshToken?: string;
  scope: string;
  idToken?: string;
}

export async function requestEntraToken(
  settings: MicrosoftSettings,
  grant: { grant_type: "authorization_code"; code: string; redirect_uri: string; code_verifier: string } | { grant_type: "refresh_token"; refresh_token: string },
  transport: MicrosoftTransport = {},
): Promise<EntraTokens> {
  const form = new URLSearchParams({
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
    scope: MICROSOFT_SCOPES.join(" "),
    ...grant,
  });
  const response = await microsoftFetch(
    entraEndpoint(settings, "token"),
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: form },
    transport,
  );
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) throw entraTokenError(response.status, body, response.headers);
  if (typeof body?.access_token !== "string" || typeof body.expires_in !== "number") {
    throw new CalendarProviderError("invalid", "Microsoft's token response lacks an access token.", { provider: "microsoft", status: response.status });
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    expiresAt: Date.now() + body.expires_in * 1000,
    scope: typeof body.scope === "string" ? body.scope : "",
    idToken: typeof body.id_token === "string" ? body.id_token : undefined,
  };
}
