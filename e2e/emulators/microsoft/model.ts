/**
 * The Microsoft emulator's data: users (mailboxes), calendars and stored events. Stored events
 * are single instances, series masters and exceptions; occurrences are computed from their
 * master, with stable ids so clients can PATCH/DELETE one occurrence.
 */
import { randomBytes } from "node:crypto";
import type { RecurrenceSet } from "../shared/recurrence";
import type { WallTime } from "../shared/zoned-time";

export interface MsUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  /** Mailbox time zone (IANA), used for working hours. */
  timeZone: string;
}

export interface MsCalendar {
  id: string;
  userId: string;
  name: string;
  color: string;
  hexColor: string;
  isDefaultCalendar: boolean;
  changeKey: string;
  canEdit: boolean;
}

export interface MsEventTime {
  ms: number;
  wall: WallTime;
  /** The zone name the client wrote (Windows or IANA), echoed as originalStartTimeZone. */
  timeZone: string;
}

export type MsEventType = "singleInstance" | "seriesMaster" | "exception";

export interface MsEvent {
  id: string;
  calendarId: string;
  userId: string;
  type: MsEventType;
  /** For exceptions: the series master and the original start of the occurrence replaced. */
  seriesMasterId?: string;
  originalStartMs?: number;
  isAllDay: boolean;
  start: MsEventTime;
  end: MsEventTime;
  /** IANA zone of the start (wall times and recurrence live there). */
  zone: string;
  recurrence?: { value: Record<string, unknown>; set: RecurrenceSet };
  /** Original starts (ms) of deleted occurrences (masters only). */
  deletedOccurrences: Set<number>;
  /** Writable properties as stored (subject, body, showAs, attendees, …). */
  fields: Record<string, unknown>;
  iCalUId: string;
  created: number;
  lastModified: number;
  changeKey: string;
}

/** Writable event properties kept as the client sent them. */
export const WRITABLE_EVENT_FIELDS = [
  "subject",
  "body",
  "showAs",
  "importance",
  "sensitivity",
  "categories",
  "location",
  "locations",
  "attendees",
  "isReminderOn",
  "reminderMinutesBeforeStart",
  "responseRequested",
  "allowNewTimeProposals",
  "hideAttendees",
  "isOnlineMeeting",
  "onlineMeetingProvider",
  "transactionId",
  "isCancelled",
  "isOrganizer",
  "responseStatus",
  "organizer",
  "isDraft",
] as const;

export const SHOW_AS = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"] as const;

/** An Exchange-looking opaque id ("AAMkAD…="). */
export function exchangeId(prefix = "AAMkAD"): string {
  return `${prefix}${randomBytes(33).toString("base64url")}AAA=`;
}

export function newChangeKey(): string {
  return randomBytes(16).toString("base64");
}

export const GRAPH_SCOPES = {
  calendarsRead: ["Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic", "Calendars.Read.Shared", "Calendars.ReadWrite.Shared"],
  calendarsWrite: ["Calendars.ReadWrite", "Calendars.ReadWrite.Shared"],
  userRead: ["User.Read", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite", "Directory.Read.All"],
} as const;

/** What a control-API token (or a `.default` request) is granted. */
export const DEFAULT_GRAPH_SCOPES = ["Calendars.ReadWrite", "User.Read"];
