/**
 * Connecting provider accounts in tests the way a host does: the real OAuth
 * flow against the emulators (consent answered by the emulator's redirect).
 */
import type { Db } from "../lib/db/client";
import { finishOAuthConnection } from "../lib/calendars/finish-oauth-connection";
import type { ProviderSettings } from "../lib/calendars/build-provider";
import type { ConnectionDto } from "../lib/calendars/connection-dto";
import type { OAuthProviderKind } from "../lib/calendars/oauth-pending-state";
import { createOAuthFlowSecrets } from "../lib/calendars/oauth-state";
import type { ConnectedAccountTokens, OAuthTokens } from "../lib/calendars/oauth-tokens";
import { startOAuthConnection } from "../lib/calendars/start-oauth-connection";

export async function connectOAuthAccount(
  db: Db,
  userId: string,
  provider: OAuthProviderKind,
  loginHint: string,
  settings: ProviderSettings = {},
): Promise<ConnectionDto> {
  const started = startOAuthConnection(userId, provider, { loginHint }, settings);
  const query = await consentAtProvider(started.authorizeUrl, { dispatcher: settings.microsoftTransport?.dispatcher });
  return finishOAuthConnection(db, userId, provider, { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") }, settings);
}

/**
 * Plays the browser at the provider's consent screen: opens the authorize URL
 * (an emulator consents at once and answers 302 back to Kairos) and returns
 * the query the callback would get — code and state, or error. Every OAuth
 * test goes through here so they all check the same redirect.
 * `redirectUri`: where the 302 must lead (checked when given).
 * `dispatcher`: for the Microsoft emulator's https when fetch does not trust it globally.
 */
export async function consentAtProvider(authorizeUrl: string, options: { redirectUri?: string; dispatcher?: object } = {}): Promise<URLSearchParams> {
  const response = await fetch(authorizeUrl, { redirect: "manual", ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) } as RequestInit);
  // Plain errors, not expect(): the benchmark (bench/push-latency.ts) connects accounts through here too.
  if (response.status !== 302) throw new Error(`The consent screen answered ${response.status}, not a 302 back to Kairos.`);
  const location = new URL(response.headers.get("location")!);
  const target = `${location.origin}${location.pathname}`;
  if (options.redirectUri && target !== options.redirectUri) throw new Error(`The consent screen redirected to ${target}, not ${options.redirectUri}.`);
  return location.searchParams;
}

/** A provider's OAuth code flow as lib/calendars/google and lib/calendars/microsoft export it. */
export interface OAuthCodeFlow<Options> {
  buildAuthorizeUrl(input: { state: string; codeVerifier: string; redirectUri: string; loginHint?: string }, options: Options): string;
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }, options: Options): Promise<ConnectedAccountTokens>;
}

/**
 * Tokens for an adapter test, from the real code flow against an emulator —
 * authorize URL with PKCE, consent, code exchange — with no database (a
 * stored connection is connectOAuthAccount's job). The options go to both
 * calls; their dispatcher, when there is one, also carries the consent request.
 */
export async function tokensFromCodeFlow<Options extends object>(
  flow: OAuthCodeFlow<Options>,
  options: NoInfer<Options>,
  input: { redirectUri: string; loginHint: string },
): Promise<OAuthTokens> {
  const secrets = createOAuthFlowSecrets();
  const url = flow.buildAuthorizeUrl({ ...secrets, ...input }, options);
  const dispatcher = "dispatcher" in options ? (options.dispatcher as object | undefined) : undefined;
  const code = (await consentAtProvider(url, { redirectUri: input.redirectUri, dispatcher })).get("code");
  if (!code) throw new Error("The emulator's consent redirect carried no code.");
  const { account: _account, ...tokens } = await flow.exchangeCode({ code, codeVerifier: secrets.codeVerifier, redirectUri: input.redirectUri }, options);
  return tokens;
}
