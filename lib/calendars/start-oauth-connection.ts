/**
 * Step 1 of connecting a Google or Microsoft account: a fresh `state` and PKCE
 * verifier, the provider's authorize URL, and the sealed pending flow the
 * route keeps in an httpOnly cookie until the callback (oauth-pending-state.ts).
 */
import { config, ConfigurationError } from "../config";
import { requireCredentialStore } from "./calendar-features";
import { buildAuthorizeUrl as googleAuthorizeUrl, googleSettings } from "./google";
import { buildAuthorizeUrl as microsoftAuthorizeUrl, microsoftSettings } from "./microsoft";
import { OAuthConnectError } from "./oauth-connect-error";
import { PENDING_OAUTH_TTL_SECONDS, sealPendingOAuth, type OAuthProviderKind } from "./oauth-pending-state";
import { createOAuthFlowSecrets } from "./oauth-state";
import type { ProviderSettings } from "./build-provider";

export const OAUTH_PROVIDER_NAMES: Record<OAuthProviderKind, string> = { google: "Google Calendar", microsoft: "Microsoft 365 / Outlook" };

/** Where the provider sends the person back: `${PUBLIC_URL}/api/integrations/{provider}/callback`. */
export function oauthRedirectUri(provider: OAuthProviderKind, publicUrl = config().publicUrl): string {
  return `${publicUrl}/api/integrations/${provider}/callback`;
}

export interface StartedOAuthConnection {
  authorizeUrl: string;
  /** The value of the pending-flow cookie. */
  pendingState: string;
  maxAgeSeconds: number;
}

export function startOAuthConnection(
  userId: string,
  provider: OAuthProviderKind,
  input: { loginHint?: string; redirectUri?: string } = {},
  settings: ProviderSettings = {},
): StartedOAuthConnection {
  try {
    requireCredentialStore();
  } catch {
    throw new OAuthConnectError("no_encryption_key", "This server cannot store calendar credentials yet (KAIROS_ENCRYPTION_KEY is not set).");
  }
  const secrets = createOAuthFlowSecrets();
  const redirectUri = input.redirectUri ?? oauthRedirectUri(provider);
  const flow = { state: secrets.state, codeVerifier: secrets.codeVerifier, redirectUri, loginHint: input.loginHint };
  let authorizeUrl: string;
  try {
    authorizeUrl =
      provider === "google"
        ? googleAuthorizeUrl(flow, { settings: settings.google ?? googleSettings() })
        : microsoftAuthorizeUrl(flow, { settings: settings.microsoft ?? microsoftSettings() });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new OAuthConnectError("not_configured", error.message);
    throw error;
  }
  const pendingState = sealPendingOAuth({
    provider,
    userId,
    state: secrets.state,
    codeVerifier: secrets.codeVerifier,
    expiresAt: Date.now() + PENDING_OAUTH_TTL_SECONDS * 1000,
  });
  return { authorizeUrl, pendingState, maxAgeSeconds: PENDING_OAUTH_TTL_SECONDS };
}
