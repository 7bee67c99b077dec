/**
 * Step 2 of connecting a Google or Microsoft account, on the provider's
 * redirect back: checks the flow is this user's and the `state` matches,
 * exchanges the code (with the PKCE verifier), lists the account's calendars
 * and stores the connection with its tokens encrypted. Connecting an account
 * again (e.g. from the "Reconnect" button) updates the same connection.
 */
import { ConfigurationError } from "../config";
import type { Db } from "../db/client";
import { buildProvider, type ProviderSettings } from "./build-provider";
import type { ConnectionDto } from "./connection-dto";
import { exchangeCode as googleExchangeCode, googleSettings } from "./google";
import { exchangeCode as microsoftExchangeCode, microsoftSettings } from "./microsoft";
import { OAuthConnectError } from "./oauth-connect-error";
import { openPendingOAuth, type OAuthProviderKind } from "./oauth-pending-state";
import { isSameOAuthState } from "./oauth-state";
import type { ConnectedAccountTokens, OAuthTokens } from "./oauth-tokens";
import type { ProviderCalendar } from "./provider";
import { CalendarProviderError } from "./provider-error";
import { saveConnection } from "./save-connection";
import { oauthRedirectUri } from "./start-oauth-connection";

export interface OAuthCallbackInput {
  /** The pending-flow cookie set by startOAuthConnection. */
  pendingState: string | undefined;
  /** Query parameters of the redirect back. */
  code?: string | null;
  state?: string | null;
  error?: string | null;
  /** Defaults to oauthRedirectUri(provider); must equal the one the flow started with. */
  redirectUri?: string;
}

const TRY_AGAIN = "Please try connecting again.";

export async function finishOAuthConnection(
  db: Db,
  userId: string,
  provider: OAuthProviderKind,
  input: OAuthCallbackInput,
  settings: ProviderSettings = {},
): Promise<ConnectionDto> {
  const pending = openPendingOAuth(input.pendingState, provider);
  // Checked before anything else, the error answer included: a callback that
  // is not the continuation of this user's own flow must have no effect.
  if (!pending || pending.userId !== userId || !isSameOAuthState(pending.state, input.state)) {
    throw new OAuthConnectError("invalid_state", `This sign-in was not started here, was started by another user, or took longer than 10 minutes. ${TRY_AGAIN}`);
  }
  if (input.error) {
    throw input.error === "access_denied"
      ? new OAuthConnectError("access_denied", "The connection was cancelled at the provider; nothing was connected.")
      : new OAuthConnectError("provider_error", `The provider refused the sign-in (${input.error.slice(0, 100)}). ${TRY_AGAIN}`);
  }
  if (!input.code) throw new OAuthConnectError("provider_error", `The provider sent no authorization code. ${TRY_AGAIN}`);

  const redirectUri = input.redirectUri ?? oauthRedirectUri(provider);
  const exchange = { code: input.code, codeVerifier: pending.codeVerifier, redirectUri };
  let connected: ConnectedAccountTokens;
  try {
    connected =
      provider === "google"
        ? await googleExchangeCode(exchange, { settings: settings.google ?? googleSettings() })
        : await microsoftExchangeCode(exchange, { ...settings.microsoftTransport, settings: settings.microsoft ?? microsoftSettings() });
  } catch (error) {
    throw connectFailure(error);
  }

  const { account, ...first } = connected;
  let tokens: OAuthTokens = first;
  let calendars: ProviderCalendar[];
  try {
    const adapter = await buildProvider(
      { provider, tokens },
      {
        ...settings,
        onTokens: (refreshed) => {
          tokens = refreshed;
        },
      },
    );
    calendars = await adapter.listCalendars();
  } catch (error) {
    throw connectFailure(error);
  }

  return saveConnection(db, userId, {
    credentials: { provider, tokens },
    externalAccountId: account.externalId,
    label: account.email,
    accountEmail: account.email,
    calendars,
  });
}

function connectFailure(error: unknown): unknown {
  if (error instanceof ConfigurationError) return new OAuthConnectError("not_configured", error.message);
  if (!(error instanceof CalendarProviderError)) return error;
  switch (error.reason) {
    case "forbidden":
      return new OAuthConnectError("no_calendar_access", error.message);
    case "auth":
      // invalid_grant at the code exchange: the code expired, was used, or the verifier did not match.
      return new OAuthConnectError("invalid_state", `The sign-in could not be completed (it expired or was already used). ${TRY_AGAIN}`);
    default:
      return new OAuthConnectError("provider_error", `${error.message} ${TRY_AGAIN}`);
  }
}
