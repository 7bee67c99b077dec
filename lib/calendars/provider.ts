/**
 * The one interface every calendar provider adapter implements (Google,
 * Microsoft 365, CalDAV, ICS). Everything above it — connecting, busy time,
 * write-back, sync — speaks only these normalized shapes, so adding a provider
 * means adding one adapter folder and nothing else.
 *
 * Instants are epoch milliseconds; ranges are half-open [start, end).
 */
import type { Interval } from "../availability/types";

export const PROVIDER_KINDS = ["google", "microsoft", "caldav", "ics"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A calendar inside a connected account, as the provider describes it. */
export interface ProviderCalendar {
  externalId: string;
  name: string;
  isPrimary: boolean;
  /** False for feeds and calendars shared read-only: never a booking destination. */
  canWrite: boolean;
  timeZone?: string;
  color?: string;
}

/**
 * One occurrence of an event. Recurring series arrive expanded: each
 * occurrence is its own ProviderEvent with the series' id in `seriesId`.
 */
export interface ProviderEvent {
  /** Stable id of this occurrence (the provider's instance id for series). */
  externalId: string;
  /** The series master's id for occurrences of a recurring event. */
  seriesId?: string;
  title: string;
  description?: string;
  location?: string;
  start: number;
  end: number;
  /** Date-only event; start/end are the local midnights of its days in the calendar's zone. */
  allDay: boolean;
  status: "confirmed" | "tentative" | "cancelled";
  /** "free" = marked free / transparent: never blocks time. */
  showAs: "busy" | "free";
  /** The account owner's own answer when invited; "declined" never blocks time. */
  selfResponse?: "accepted" | "declined" | "tentative" | "needsAction";
  conferenceUrl?: string;
  etag?: string;
  updatedAt?: number;
}

/** What Kairos writes into a destination calendar for a booking. */
export interface EventWrite {
  /**
   * Makes creation idempotent: the same key never yields two events, even when
   * the provider or its client library retries a POST. Adapters map it to the
   * provider's mechanism (Google: client-chosen event id; Graph: transactionId;
   * CalDAV: the iCalendar UID / resource name).
   */
  idempotencyKey: string;
  title: string;
  description: string;
  start: number;
  end: number;
  /** Zone the event is written in (the host's), so it reads naturally in their calendar. */
  timeZone: string;
  location?: string;
  attendees: { name: string; email: string }[];
  /** Ask the provider for a meeting link on the event. */
  conference?: "google_meet" | "microsoft_teams";
  /**
   * The attendees must not see each other (the guests of a seated meeting are
   * strangers): Google's guestsCanSeeOtherGuests false, Graph's hideAttendees.
   * iCalendar has no such property, so CalDAV events list them as they are —
   * in the host's own calendar.
   */
  attendeesPrivate?: boolean;
}

export interface WrittenEvent {
  externalId: string;
  conferenceUrl?: string;
  etag?: string;
}

/** One round of incremental sync (used by real-time sync). */
export interface SyncBatch {
  /** Occurrences added or changed since the cursor (or all of them, on a full sync). */
  changed: ProviderEvent[];
  /** externalIds of occurrences removed since the cursor. */
  removedIds: string[];
  /** True when this batch is a full listing that replaces everything stored. */
  full: boolean;
  /** Opaque cursor for the next call (sync token, delta link, CalDAV sync-token, ICS etag+hash). */
  cursor: string;
}

/** A push channel / subscription the provider will notify. */
export interface PushChannel {
  /** Our id for the channel (Google channel id, Graph subscription id). */
  id: string;
  /** Provider-side resource id where it has one (Google). */
  resourceId?: string;
  expiresAt: number;
}

export interface CalendarProvider {
  readonly kind: ProviderKind;
  listCalendars(): Promise<ProviderCalendar[]>;
  /** Every occurrence overlapping `range`, series expanded, cancelled ones left out. */
  listEvents(calendarId: string, range: Interval): Promise<ProviderEvent[]>;
  createEvent(calendarId: string, event: EventWrite): Promise<WrittenEvent>;
  updateEvent(calendarId: string, eventId: string, event: EventWrite): Promise<WrittenEvent>;
  /** Deleting an event that is already gone succeeds (idempotent). */
  deleteEvent(calendarId: string, eventId: string): Promise<void>;
  /**
   * Incremental sync. `cursor` null = full sync of `range`. When the provider
   * has forgotten the cursor (Google 410, Graph syncStateNotFound, CalDAV bad
   * sync-token) the adapter answers with a full batch rather than failing.
   */
  syncEvents(calendarId: string, cursor: string | null, range: Interval): Promise<SyncBatch>;
  /** Push notifications where the provider has them (Google, Graph); absent otherwise. */
  watch?(calendarId: string, options: { channelId: string; callbackUrl: string; secret: string; ttlSeconds: number }): Promise<PushChannel>;
  stopWatch?(channel: PushChannel & { calendarId: string }): Promise<void>;
  /**
   * Ends Kairos' access to the account at the provider, when the host
   * disconnects it. Google: revokes the refresh token, and with it the grant.
   * Absent elsewhere: Microsoft Graph has no per-token revoke for apps with
   * delegated permissions (revokeSignInSessions would sign the person out of
   * every app); CalDAV passwords and feed URLs are the host's to change.
   */
  revokeAccess?(): Promise<void>;
}

/** Whether an occurrence takes the host's time. */
export function blocksTime(event: ProviderEvent, options: { allDayBlocks: boolean }): boolean {
  if (event.status === "cancelled" || event.showAs === "free" || event.selfResponse === "declined") return false;
  if (event.allDay && !options.allDayBlocks) return false;
  return event.end > event.start;
}
