/**
 * Typed client for the Google emulator's control API, for tests and scripts:
 *
 *   const google = await startGoogleEmulator();
 *   await google.control.createAccount({ email: "ada@example.com", timeZone: "Europe/Berlin" });
 *   await google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*\/events", status: 429, retryAfterSeconds: 7 });
 */
import { ControlTransport, queryString } from "../shared/control-client";
import type { FaultRule, FaultSpec } from "../shared/faults";
import type { Delivery } from "../shared/outbox";
import type { LoggedRequest, RequestLogQuery } from "../shared/request-log";
import type { OAuthClientRegistration } from "../shared/oauth-store";
import type { AccessRole, CalendarListEntry, GoogleAccount, GoogleCalendar } from "./model";
import type { Channel } from "./state";

/** A Google event resource as the API renders it. */
export type GoogleEventResource = Record<string, unknown> & { id: string; status: string };

export interface MintedTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
  token_type: "Bearer";
}

export class GoogleControl {
  private readonly transport: ControlTransport;

  constructor(origin: string) {
    this.transport = new ControlTransport(origin);
  }

  /** Back to the start state (accounts the emulator was started with, no events/tokens/faults). */
  reset(): Promise<void> {
    return this.transport.call("POST", "/reset");
  }

  state(): Promise<{ accounts: GoogleAccount[]; calendars: Array<GoogleCalendar & { events: number }>; calendarList: CalendarListEntry[]; seq: number; channels: Channel[] }> {
    return this.transport.call("GET", "/state");
  }

  createAccount(input: { email: string; name?: string; timeZone?: string }): Promise<{ account: GoogleAccount; primaryCalendarId: string }> {
    return this.transport.call("POST", "/accounts", input);
  }

  listAccounts(): Promise<{ accounts: GoogleAccount[] }> {
    return this.transport.call("GET", "/accounts");
  }

  createCalendar(
    ownerEmail: string,
    input: { id?: string; summary?: string; description?: string; timeZone?: string; colorId?: string },
  ): Promise<GoogleCalendar> {
    return this.transport.call("POST", `/accounts/${encodeURIComponent(ownerEmail)}/calendars`, input);
  }

  shareCalendar(calendarId: string, email: string, accessRole: AccessRole): Promise<void> {
    return this.transport.call("POST", `/calendars/${encodeURIComponent(calendarId)}/share`, { email, accessRole });
  }

  /** Who signs in at the next authorize request (one-shot); `{ deny: true }` → error=access_denied. */
  setNextSignIn(next: { email: string } | { deny: true } | null): Promise<void> {
    return this.transport.call("POST", "/next-sign-in", next ?? {});
  }

  registerClient(client: OAuthClientRegistration): Promise<OAuthClientRegistration> {
    return this.transport.call("POST", "/oauth/clients", client);
  }

  setAccessTokenTtl(seconds: number): Promise<{ accessTokenTtlSeconds: number }> {
    return this.transport.call("POST", "/oauth/config", { accessTokenTtlSeconds: seconds });
  }

  /** Tokens for an account without the browser round-trip (default: full calendar scope, offline). */
  mintTokens(input: { email: string; clientId?: string; scope?: string[]; offline?: boolean }): Promise<MintedTokens> {
    return this.transport.call("POST", "/tokens", input);
  }

  /** Expires live access tokens (of one account, or all) now; the next API call answers 401. */
  expireAccessTokens(email?: string): Promise<{ expired: number }> {
    return this.transport.call("POST", "/tokens/expire", { email });
  }

  /** Revokes refresh tokens (one, an account's, or all); refreshing then fails with invalid_grant. */
  revokeRefreshTokens(filter: { email?: string; refreshToken?: string } = {}): Promise<{ revoked: number }> {
    return this.transport.call("POST", "/tokens/revoke", filter);
  }

  /** Raw stored events of a calendar (masters, exceptions, cancelled ones included). */
  listStoredEvents(calendarId: string): Promise<{ items: GoogleEventResource[] }> {
    return this.transport.call("GET", `/calendars/${encodeURIComponent(calendarId)}/events`);
  }

  /** Creates an event as the calendar's owner would (counts as a change). */
  createEvent(calendarId: string, event: Record<string, unknown>): Promise<GoogleEventResource> {
    return this.transport.call("POST", `/calendars/${encodeURIComponent(calendarId)}/events`, event);
  }

  updateEvent(calendarId: string, eventId: string, patch: Record<string, unknown>): Promise<GoogleEventResource> {
    return this.transport.call("PATCH", `/calendars/${encodeURIComponent(calendarId)}/events/${encodeURIComponent(eventId)}`, patch);
  }

  replaceEvent(calendarId: string, eventId: string, event: Record<string, unknown>): Promise<GoogleEventResource> {
    return this.transport.call("PUT", `/calendars/${encodeURIComponent(calendarId)}/events/${encodeURIComponent(eventId)}`, event);
  }

  deleteEvent(calendarId: string, eventId: string): Promise<void> {
    return this.transport.call("DELETE", `/calendars/${encodeURIComponent(calendarId)}/events/${encodeURIComponent(eventId)}`);
  }

  /** Invalidates sync tokens (one calendar's, or all): their next use answers 410 fullSyncRequired. */
  invalidateSyncTokens(calendarId?: string): Promise<{ invalidated: number }> {
    return this.transport.call("POST", "/sync-tokens/invalidate", { calendarId });
  }

  injectFault(spec: FaultSpec): Promise<FaultRule> {
    return this.transport.call("POST", "/faults", spec);
  }

  listFaults(): Promise<{ faults: FaultRule[] }> {
    return this.transport.call("GET", "/faults");
  }

  clearFaults(): Promise<void> {
    return this.transport.call("DELETE", "/faults");
  }

  requests(filter: RequestLogQuery = {}): Promise<{ requests: LoggedRequest[]; counts: Record<string, number>; lastSeq: number }> {
    return this.transport.call("GET", `/requests${queryString({ ...filter })}`);
  }

  /** Number of provider-API requests matching the filter (e.g. `{ pathPrefix: "/calendar/v3/" }`). */
  async countRequests(filter: RequestLogQuery = {}): Promise<number> {
    return (await this.requests(filter)).requests.length;
  }

  clearRequests(): Promise<void> {
    return this.transport.call("DELETE", "/requests");
  }

  channels(): Promise<{ channels: Channel[] }> {
    return this.transport.call("GET", "/channels");
  }

  notifyChannel(id: string, state: "sync" | "exists" | "not_exists" = "exists"): Promise<Delivery> {
    return this.transport.call("POST", `/channels/${encodeURIComponent(id)}/notify`, { state });
  }

  expireChannel(id: string): Promise<void> {
    return this.transport.call("POST", `/channels/${encodeURIComponent(id)}/expire`, {});
  }

  deliveries(kind?: string): Promise<{ deliveries: Delivery[] }> {
    return this.transport.call("GET", `/deliveries${queryString({ kind })}`);
  }

  /** Waits until every notification sent so far has been answered (or failed), then lists them. */
  waitForDeliveries(kind?: string): Promise<{ deliveries: Delivery[] }> {
    return this.transport.call("POST", `/deliveries/wait${queryString({ kind })}`, {});
  }

  clearDeliveries(): Promise<void> {
    return this.transport.call("DELETE", "/deliveries");
  }
}
