/**
 * Typed client for the Google emulator's control API, for tests and scripts:
 *
 *   const google = await startGoogleEmulator();
 *   await google.control.createAccount({ email: "ada@example.com", timeZone: "Europe/Berlin" });
 *   await google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*\/events", status: 429, retryAfterSeconds: 7 });
 */
import { ControlTransport, EmulatorControl, queryString } from "../shared/control-client";
import type { Delivery } from "../shared/outbox";
import type { AccessRole, CalendarListEntry, GoogleAccount, GoogleCalendar } from "./model";
import type { Channel } from "./state";

/** A Google event resource as the API renders it. */
export type GoogleEventResource = Record<string, unknown> & { id: string; status: string };

/** The shared calls (reset, tokens, faults, request log, deliveries) come from EmulatorControl. */
export class GoogleControl extends EmulatorControl {
  constructor(origin: string) {
    super(new ControlTransport(origin));
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

  channels(): Promise<{ channels: Channel[] }> {
    return this.transport.call("GET", "/channels");
  }

  notifyChannel(id: string, state: "sync" | "exists" | "not_exists" = "exists"): Promise<Delivery> {
    return this.transport.call("POST", `/channels/${encodeURIComponent(id)}/notify`, { state });
  }

  expireChannel(id: string): Promise<void> {
    return this.transport.call("POST", `/channels/${encodeURIComponent(id)}/expire`, {});
  }
}
