/**
 * The Google emulator's data: accounts, calendars, calendar-list entries and stored events.
 * Stored events are singles, recurring masters and exceptions (overrides of one instance);
 * plain instances are computed from their master on demand, as Google does.
 */
import type { RecurrenceSet } from "../shared/recurrence";
import type { WallTime } from "../shared/zoned-time";

export type AccessRole = "owner" | "writer" | "reader" | "freeBusyReader";

export interface GoogleAccount {
  /** Google's numeric subject id (21 digits). */
  id: string;
  email: string;
  name: string;
  givenName: string;
  familyName: string;
  picture: string;
  timeZone: string;
}

export interface GoogleCalendar {
  id: string;
  summary: string;
  description?: string;
  timeZone: string;
  colorId: string;
  ownerAccountId: string;
  etag: string;
}

export interface CalendarListEntry {
  accountId: string;
  calendarId: string;
  accessRole: AccessRole;
  primary: boolean;
  colorId?: string;
  hidden: boolean;
  selected: boolean;
}

export interface EventTime {
  ms: number;
  /** Wall time in the event's zone (for all-day: the date at midnight). */
  wall: WallTime;
  /** "YYYY-MM-DD" for all-day events. */
  date?: string;
  /** The timeZone field the client wrote, if any. */
  timeZone?: string;
}

export interface StoredEvent {
  id: string;
  calendarId: string;
  status: "confirmed" | "tentative" | "cancelled";
  allDay: boolean;
  start: EventTime;
  end: EventTime;
  /** Zone the event's wall times (and its recurrence) live in: start.timeZone or the calendar's. */
  zone: string;
  recurrence?: { lines: string[]; set: RecurrenceSet };
  /** Set on exceptions (overridden instances). */
  recurringEventId?: string;
  originalStart?: { ms: number; date?: string; timeZone?: string };
  /** Other writable fields as the client wrote them (summary, attendees, conferenceData, …). */
  fields: Record<string, unknown>;
  iCalUID: string;
  organizer: { email: string; displayName?: string };
  creator: { email: string; displayName?: string };
  created: number;
  updated: number;
  sequence: number;
  /** Emulator-wide change counter at the last write (drives sync tokens). */
  seq: number;
  etag: string;
}

/** Google's calendar colour palette (colors.get → calendar). */
export const CALENDAR_COLORS: Record<string, string> = {
  "1": "#ac725e",
  "2": "#d06b64",
  "3": "#f83a22",
  "4": "#fa573c",
  "5": "#ff7537",
  "6": "#ffad46",
  "7": "#42d692",
  "8": "#16a765",
  "9": "#7bd148",
  "10": "#b3dc6c",
  "11": "#fbe983",
  "12": "#fad165",
  "13": "#92e1c0",
  "14": "#9fe1e7",
  "15": "#9fc6e7",
  "16": "#4986e7",
  "17": "#9a9cff",
  "18": "#b99aff",
  "19": "#c2c2c2",
  "20": "#cabdbf",
  "21": "#cca6ac",
  "22": "#f691b2",
  "23": "#cd74e6",
  "24": "#a47ae2",
};

export const GOOGLE_SCOPES = {
  calendar: "https://www.googleapis.com/auth/calendar",
  calendarReadonly: "https://www.googleapis.com/auth/calendar.readonly",
  events: "https://www.googleapis.com/auth/calendar.events",
  eventsReadonly: "https://www.googleapis.com/auth/calendar.events.readonly",
  eventsOwned: "https://www.googleapis.com/auth/calendar.events.owned",
  freebusy: "https://www.googleapis.com/auth/calendar.freebusy",
  eventsFreebusy: "https://www.googleapis.com/auth/calendar.events.freebusy",
  calendarList: "https://www.googleapis.com/auth/calendar.calendarlist",
  calendarListReadonly: "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
  userinfoEmail: "https://www.googleapis.com/auth/userinfo.email",
  userinfoProfile: "https://www.googleapis.com/auth/userinfo.profile",
} as const;

/** Which granted scopes allow which kind of call (any one suffices). */
export const SCOPES_FOR = {
  readEvents: [
    GOOGLE_SCOPES.calendar,
    GOOGLE_SCOPES.calendarReadonly,
    GOOGLE_SCOPES.events,
    GOOGLE_SCOPES.eventsReadonly,
    GOOGLE_SCOPES.eventsOwned,
  ],
  writeEvents: [GOOGLE_SCOPES.calendar, GOOGLE_SCOPES.events, GOOGLE_SCOPES.eventsOwned],
  readCalendars: [
    GOOGLE_SCOPES.calendar,
    GOOGLE_SCOPES.calendarReadonly,
    GOOGLE_SCOPES.calendarList,
    GOOGLE_SCOPES.calendarListReadonly,
  ],
  freeBusy: [
    GOOGLE_SCOPES.calendar,
    GOOGLE_SCOPES.calendarReadonly,
    GOOGLE_SCOPES.events,
    GOOGLE_SCOPES.eventsReadonly,
    GOOGLE_SCOPES.freebusy,
    GOOGLE_SCOPES.eventsFreebusy,
  ],
  userinfo: ["openid", "email", "profile", GOOGLE_SCOPES.userinfoEmail, GOOGLE_SCOPES.userinfoProfile],
} as const;
