/**
 * Connecting provider accounts in tests the way a host does: the real OAuth
 * flow against the emulators (consent answered by the emulator's redirect).
 */
import type { Db } from "../lib/db/client";
import { finishOAuthConnection } from "../lib/calendars/finish-oauth-connection";
import type { ProviderSettings } from "../lib/calendars/build-provider";
import type { ConnectionDto } from "../lib/calendars/connection-dto";
import type { OAuthProviderKind } from "../lib/calendars/oauth-pending-state";
import { startOAuthConnection } from "../lib/calendars/start-oauth-connection";

export async function connectOAuthAccount(
  db: Db,
  userId: string,
  provider: OAuthProviderKind,
  loginHint: string,
  settings: ProviderSettings = {},
): Promise<ConnectionDto> {
  const started = startOAuthConnection(userId, provider, { loginHint }, settings);
  const response = await fetch(started.authorizeUrl, {
    redirect: "manual",
    ...(settings.microsoftTransport?.dispatcher ? { dispatcher: settings.microsoftTransport.dispatcher } : {}),
  } as RequestInit);
  if (response.status !== 302) throw new Error(`The emulator answered the authorize request with ${response.status}.`);
  const query = new URL(response.headers.get("location")!).searchParams;
  return finishOAuthConnection(db, userId, provider, { pendingState: started.pendingState, code: query.get("code"), state: query.get("state") }, settings);
}
