/**
 * Graph event resources: validating what clients write (dateTimeTimeZone with Windows or IANA
 * names, patternedRecurrence), rendering Graph's JSON (local dateTimes with seven fractional
 * digits in the `Prefer: outlook.timezone` zone, UTC by default) and computing occurrences.
 */
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { expandRecurrenceSet, type Occurrence, type RecurrenceSet } from "../shared/recurrence";
import {
  addDaysToWall,
  daysBetweenDates,
  hasOffset,
  instantOfWallTime,
  isoWeekday,
  parseDateOnly,
  parseInstant,
  parseLocalDateTime,
  wallDate,
  wallTimeOf,
  type WallTime,
} from "../shared/zoned-time";
import { graphError, invalidRequest } from "./errors";
import type { MsEvent, MsEventTime, MsUser } from "./model";
import { resolveOutlookZone } from "./windows-zones";

export interface ViewOptions {
  /** Zone name to label dateTimes with (as the client wrote it in Prefer), default "UTC". */
  zoneLabel: string;
  /** IANA zone behind zoneLabel. */
  zone: string;
  /** `Prefer: outlook.body-content-type`. */
  bodyType?: "text" | "html";
  user: MsUser;
}

export const UTC_VIEW = (user: MsUser): ViewOptions => ({ zoneLabel: "UTC", zone: "Etc/UTC", user });

// ---------------------------------------------------------------------------------------------
// Times

const timeZoneNotSupported = (value: unknown) =>
  graphError(
    400,
    "TimeZoneNotSupportedException",
    `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${typeof value === "string" ? value : ""}'.`,
  );

export function parseDateTimeTimeZone(which: "start" | "end", value: unknown): MsEventTime & { zone: string } {
  if (!value || typeof value !== "object") throw invalidRequest(`Your request can't be completed. The ${which} time is required.`);
  const v = value as { dateTime?: unknown; timeZone?: unknown };
  const zone = resolveOutlookZone(v.timeZone);
  if (!zone) throw timeZoneNotSupported(v.timeZone);
  if (typeof v.dateTime !== "string") throw invalidRequest(`Your request can't be completed. The ${which} time is required.`);
  if (hasOffset(v.dateTime)) {
    const ms = parseInstant(v.dateTime);
    if (ms === null) throw invalidRequest(`Cannot convert the literal '${v.dateTime}' to the expected type 'Edm.String'.`);
    return { ms, wall: wallTimeOf(ms, zone), timeZone: v.timeZone as string, zone };
  }
  const wall = parseLocalDateTime(v.dateTime);
  if (!wall) throw invalidRequest(`Cannot convert the literal '${v.dateTime}' to the expected type 'Edm.String'.`);
  return { ms: instantOfWallTime(wall, zone), wall, timeZone: v.timeZone as string, zone };
}

export function parseTimes(input: Record<string, unknown>): { start: MsEventTime; end: MsEventTime; zone: string; isAllDay: boolean } {
  const start = parseDateTimeTimeZone("start", input.start);
  const end = parseDateTimeTimeZone("end", input.end);
  const isAllDay = input.isAllDay === true;
  if (isAllDay) {
    const midnight = (w: WallTime) => w.hour === 0 && w.minute === 0 && w.second === 0;
    if (!midnight(start.wall) || !midnight(end.wall) || daysBetweenDates(start.wall, end.wall) < 1) {
      throw invalidRequest("Your request can't be completed. If isAllDay is true, start and end must be midnight at least one day apart.");
    }
  } else if (end.ms < start.ms) {
    throw invalidRequest("Your request can't be completed. The end time must be later than the start time.");
  }
  const { zone: startZone, ...startTime } = start;
  const { zone: _endZone, ...endTime } = end;
  return { start: startTime, end: endTime, zone: startZone, isAllDay };
}

/** Graph's local dateTime format: "2026-12-07T09:00:00.0000000". */
export function formatGraphDateTime(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")}0000`;
}

function formatWall(wall: WallTime): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${wallDate(wall)}T${p(wall.hour)}:${p(wall.minute)}:${p(wall.second)}.0000000`;
}

/** 2026-03-23T08:00:00Z-style offset timestamp (Graph's DateTimeOffset). */
export function formatOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---------------------------------------------------------------------------------------------
// patternedRecurrence → RRULE

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const INDEX: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

function nthWeekdayOfMonth(wall: WallTime): { index: number; fromEnd: boolean } {
  const index = Math.floor((wall.day - 1) / 7) + 1;
  const daysInMonth = DateTime.fromObject({ year: wall.year, month: wall.month }, { zone: "UTC" }).daysInMonth!;
  return { index, fromEnd: wall.day + 7 > daysInMonth };
}

export function parsePatternedRecurrence(
  value: unknown,
  times: { start: MsEventTime; zone: string; isAllDay: boolean },
): { value: Record<string, unknown>; set: RecurrenceSet } | undefined {
  if (value === undefined || value === null) return undefined;
  const bad = (why: string) => invalidRequest(`Your request can't be completed. The recurrence pattern is invalid: ${why}.`);
  const v = value as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  if (!v.pattern || !v.range) throw bad("pattern and range are required");
  const pattern = v.pattern;
  const range = v.range;
  const interval = pattern.interval === undefined ? 1 : Number(pattern.interval);
  if (!Number.isInteger(interval) || interval < 1 || interval > 99) throw bad("interval");
  const days = Array.isArray(pattern.daysOfWeek) ? (pattern.daysOfWeek as string[]).map((d) => String(d).toLowerCase()) : [];
  if (days.some((d) => !DAYS.includes(d))) throw bad("daysOfWeek");
  const byDay = days.map((d) => ICAL_DAYS[DAYS.indexOf(d)]).join(",");
  const firstDayOfWeek = String(pattern.firstDayOfWeek ?? "sunday").toLowerCase();
  if (!DAYS.includes(firstDayOfWeek)) throw bad("firstDayOfWeek");
  const index = INDEX[String(pattern.index ?? "first").toLowerCase()];
  if (index === undefined) throw bad("index");
  const month = Number(pattern.month ?? 0);
  const dayOfMonth = Number(pattern.dayOfMonth ?? 0);

  const parts: string[] = [];
  let matches: (w: WallTime) => boolean;
  switch (pattern.type) {
    case "daily":
      parts.push("FREQ=DAILY");
      matches = () => true;
      break;
    case "weekly":
      if (!byDay) throw bad("weekly needs daysOfWeek");
      parts.push("FREQ=WEEKLY", `BYDAY=${byDay}`, `WKST=${ICAL_DAYS[DAYS.indexOf(firstDayOfWeek)]}`);
      matches = (w) => days.includes(DAYS[isoWeekday(w) - 1]);
      break;
    case "absoluteMonthly":
      if (!(dayOfMonth >= 1 && dayOfMonth <= 31)) throw bad("dayOfMonth");
      parts.push("FREQ=MONTHLY", `BYMONTHDAY=${dayOfMonth}`);
      matches = (w) => w.day === dayOfMonth;
      break;
    case "relativeMonthly":
      if (!byDay) throw bad("relativeMonthly needs daysOfWeek");
      parts.push("FREQ=MONTHLY", `BYDAY=${byDay}`, `BYSETPOS=${index}`);
      matches = (w) => {
        const nth = nthWeekdayOfMonth(w);
        return days.includes(DAYS[isoWeekday(w) - 1]) && (index === -1 ? nth.fromEnd : nth.index === index);
      };
      break;
    case "absoluteYearly":
      if (!(month >= 1 && month <= 12) || !(dayOfMonth >= 1 && dayOfMonth <= 31)) throw bad("month/dayOfMonth");
      parts.push("FREQ=YEARLY", `BYMONTH=${month}`, `BYMONTHDAY=${dayOfMonth}`);
      matches = (w) => w.month === month && w.day === dayOfMonth;
      break;
    case "relativeYearly":
      if (!(month >= 1 && month <= 12) || !byDay) throw bad("month/daysOfWeek");
      parts.push("FREQ=YEARLY", `BYMONTH=${month}`, `BYDAY=${byDay}`, `BYSETPOS=${index}`);
      matches = (w) => {
        const nth = nthWeekdayOfMonth(w);
        return w.month === month && days.includes(DAYS[isoWeekday(w) - 1]) && (index === -1 ? nth.fromEnd : nth.index === index);
      };
      break;
    default:
      throw bad("pattern.type");
  }
  if (interval > 1) parts.push(`INTERVAL=${interval}`);

  const startDate = range.startDate === undefined ? wallDate(times.start.wall) : range.startDate;
  const startWall = parseDateOnly(startDate);
  if (!startWall) throw bad("range.startDate");
  switch (range.type) {
    case "noEnd":
      break;
    case "numbered": {
      const n = Number(range.numberOfOccurrences);
      if (!Number.isInteger(n) || n < 1) throw bad("range.numberOfOccurrences");
      parts.push(`COUNT=${n}`);
      break;
    }
    case "endDate": {
      const end = parseDateOnly(range.endDate);
      if (!end) throw bad("range.endDate");
      // endDate is inclusive, in the recurrence's zone.
      parts.push(`UNTIL=${wallDate(end).replace(/-/g, "")}${times.isAllDay ? "" : "T235959"}`);
      break;
    }
    default:
      throw bad("range.type");
  }
  const dtstart: WallTime = { ...startWall, hour: times.start.wall.hour, minute: times.start.wall.minute, second: times.start.wall.second };
  const set: RecurrenceSet = {
    start: dtstart,
    allDay: times.isAllDay,
    zone: times.zone,
    rrules: [parts.join(";")],
    // Outlook only yields pattern matches (a Sunday start of a Monday series is not an occurrence).
    dtstartAlwaysFirst: false,
  };
  if (!matches(dtstart)) set.exdates = [dtstart];
  const normalized = {
    pattern: {
      type: pattern.type,
      interval,
      month: month || 0,
      dayOfMonth: dayOfMonth || 0,
      daysOfWeek: days,
      firstDayOfWeek,
      index: Object.keys(INDEX).find((k) => INDEX[k] === index),
    },
    range: {
      type: range.type,
      startDate,
      endDate: range.type === "endDate" ? range.endDate : "0001-01-01",
      recurrenceTimeZone: typeof range.recurrenceTimeZone === "string" ? range.recurrenceTimeZone : times.start.timeZone,
      numberOfOccurrences: range.type === "numbered" ? Number(range.numberOfOccurrences) : 0,
    },
  };
  return { value: normalized, set };
}

// ---------------------------------------------------------------------------------------------
// Occurrences

const OCCURRENCE_PREFIX = "AAMkOC";

export function occurrenceId(masterId: string, originalStartMs: number): string {
  return `${OCCURRENCE_PREFIX}${Buffer.from(`${masterId}\n${originalStartMs}`).toString("base64url")}`;
}

export function parseOccurrenceId(id: string): { masterId: string; originalStartMs: number } | null {
  if (!id.startsWith(OCCURRENCE_PREFIX)) return null;
  const decoded = Buffer.from(id.slice(OCCURRENCE_PREFIX.length), "base64url").toString("utf8");
  const [masterId, ms] = decoded.split("\n");
  return masterId && ms && /^-?\d+$/.test(ms) ? { masterId, originalStartMs: Number(ms) } : null;
}

export function durationOf(event: MsEvent): number {
  return event.end.ms - event.start.ms;
}

/** Occurrences of a master overlapping [from, to), deleted ones removed (exceptions included). */
export function occurrencesOf(master: MsEvent, from: number, to: number): Occurrence[] {
  if (!master.recurrence) return [];
  return expandRecurrenceSet(master.recurrence.set, { from, to, durationMs: durationOf(master) }).filter(
    (o) => !master.deletedOccurrences.has(o.startMs),
  );
}

export function findOccurrence(master: MsEvent, originalStartMs: number): Occurrence | undefined {
  return occurrencesOf(master, originalStartMs, originalStartMs + 1).find((o) => o.startMs === originalStartMs);
}

/** Occurrence times: exact duration for timed events, whole days for all-day ones. */
export function occurrenceTimes(master: MsEvent, occurrence: Occurrence): { start: MsEventTime; end: MsEventTime } {
  if (master.isAllDay) {
    const days = daysBetweenDates(master.start.wall, master.end.wall);
    const endWall = addDaysToWall(occurrence.wall, days);
    return {
      start: { ms: occurrence.startMs, wall: occurrence.wall, timeZone: master.start.timeZone },
      end: { ms: instantOfWallTime(endWall, master.zone), wall: endWall, timeZone: master.end.timeZone },
    };
  }
  const endMs = occurrence.startMs + durationOf(master);
  return {
    start: { ms: occurrence.startMs, wall: occurrence.wall, timeZone: master.start.timeZone },
    end: { ms: endMs, wall: wallTimeOf(endMs, master.zone), timeZone: master.end.timeZone },
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

export function teamsJoinUrl(tenantId: string, userId: string): string {
  const thread = `19%3ameeting_${randomBytes(36).toString("base64url")}%40thread.v2`;
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: userId })).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return `https://teams.microsoft.com/l/meetup-join/${thread}/0?context=${context}`;
}

function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/\s+/g, " ").trim();
}

function renderBody(body: unknown, wanted?: "text" | "html") {
  const b = (body ?? { contentType: "html", content: "" }) as { contentType?: string; content?: string };
  const type = String(b.contentType ?? "text").toLowerCase() === "html" ? "html" : "text";
  const content = String(b.content ?? "");
  if (!wanted || wanted === type) return { contentType: type, content };
  if (wanted === "text") return { contentType: "text", content: stripHtml(content) };
  return {
    contentType: "html",
    content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${content.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>")}</body></html>`,
  };
}

function bodyPreview(body: unknown): string {
  const b = (body ?? {}) as { contentType?: string; content?: string };
  const text = String(b.contentType ?? "text").toLowerCase() === "html" ? stripHtml(String(b.content ?? "")) : String(b.content ?? "");
  return text.slice(0, 255);
}

const EMPTY_LOCATION = { displayName: "", locationType: "default", uniqueIdType: "unknown", address: {}, coordinates: {} };

function renderLocation(location: unknown) {
  if (!location || typeof location !== "object") return EMPTY_LOCATION;
  const l = location as Record<string, unknown>;
  return {
    displayName: l.displayName ?? "",
    locationType: l.locationType ?? "default",
    uniqueId: l.uniqueId ?? l.displayName,
    uniqueIdType: l.uniqueIdType ?? "private",
    address: l.address ?? {},
    coordinates: l.coordinates ?? {},
  };
}

function renderAttendees(attendees: unknown) {
  if (!Array.isArray(attendees)) return [];
  return attendees.map((a: Record<string, unknown>) => ({
    type: a.type ?? "required",
    status: a.status ?? { response: "none", time: "0001-01-01T00:00:00Z" },
    emailAddress: a.emailAddress,
  }));
}

function renderTime(time: MsEventTime, isAllDay: boolean, view: ViewOptions) {
  // All-day events float: midnight on their dates whatever the requested zone.
  return isAllDay
    ? { dateTime: formatWall(time.wall), timeZone: view.zoneLabel }
    : { dateTime: formatGraphDateTime(time.ms, view.zone), timeZone: view.zoneLabel };
}

export interface RenderOverrides {
  id: string;
  type: "occurrence" | "exception" | "singleInstance" | "seriesMaster";
  start: MsEventTime;
  end: MsEventTime;
  seriesMasterId?: string;
  originalStartMs?: number;
}

/** Graph's event JSON for a stored event, or (with overrides) for a computed occurrence. */
export function renderEvent(event: MsEvent, view: ViewOptions, overrides?: RenderOverrides): Record<string, unknown> {
  const f = event.fields;
  const id = overrides?.id ?? event.id;
  const type = overrides?.type ?? event.type;
  const start = overrides?.start ?? event.start;
  const end = overrides?.end ?? event.end;
  const seriesMasterId = overrides?.seriesMasterId ?? event.seriesMasterId ?? null;
  const originalStartMs = overrides?.originalStartMs ?? event.originalStartMs;
  const isOrganizer = f.isOrganizer !== false;
  const out: Record<string, unknown> = {
    "@odata.etag": `W/"${event.changeKey}"`,
    id,
    createdDateTime: new Date(event.created).toISOString().replace("Z", "0000Z"),
    lastModifiedDateTime: new Date(event.lastModified).toISOString().replace("Z", "0000Z"),
    changeKey: event.changeKey,
    categories: f.categories ?? [],
    transactionId: f.transactionId ?? null,
    originalStartTimeZone: event.start.timeZone,
    originalEndTimeZone: event.end.timeZone,
    iCalUId: event.iCalUId,
    uid: event.iCalUId,
    reminderMinutesBeforeStart: f.reminderMinutesBeforeStart ?? 15,
    isReminderOn: f.isReminderOn ?? true,
    hasAttachments: false,
    subject: f.subject ?? "",
    bodyPreview: bodyPreview(f.body),
    importance: f.importance ?? "normal",
    sensitivity: f.sensitivity ?? "normal",
    isAllDay: event.isAllDay,
    isCancelled: f.isCancelled === true,
    isOrganizer,
    responseRequested: f.responseRequested ?? true,
    seriesMasterId,
    showAs: f.showAs ?? "busy",
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: f.isOnlineMeeting === true,
    onlineMeetingProvider: f.isOnlineMeeting === true ? (f.onlineMeetingProvider ?? "teamsForBusiness") : "unknown",
    allowNewTimeProposals: f.allowNewTimeProposals ?? true,
    occurrenceId: type === "occurrence" || type === "exception" ? `OID.${seriesMasterId}.${wallDate(wallTimeOf(originalStartMs!, event.zone))}` : null,
    isDraft: f.isDraft ?? false,
    hideAttendees: f.hideAttendees ?? false,
    responseStatus: f.responseStatus ?? { response: isOrganizer ? "organizer" : "none", time: "0001-01-01T00:00:00Z" },
    body: renderBody(f.body, view.bodyType),
    start: renderTime(start, event.isAllDay, view),
    end: renderTime(end, event.isAllDay, view),
    location: renderLocation(f.location),
    locations: Array.isArray(f.locations) ? f.locations : f.location ? [renderLocation(f.location)] : [],
    recurrence: type === "seriesMaster" && event.recurrence ? event.recurrence.value : null,
    attendees: renderAttendees(f.attendees),
    organizer: f.organizer ?? { emailAddress: { name: view.user.displayName, address: view.user.mail } },
    onlineMeeting: f.isOnlineMeeting === true && f.onlineMeeting ? f.onlineMeeting : null,
  };
  if (originalStartMs !== undefined && (type === "occurrence" || type === "exception")) {
    out.originalStart = formatOffset(originalStartMs);
  }
  return out;
}

export function renderOccurrence(master: MsEvent, occurrence: Occurrence, view: ViewOptions): Record<string, unknown> {
  const times = occurrenceTimes(master, occurrence);
  return renderEvent(master, view, {
    id: occurrenceId(master.id, occurrence.startMs),
    type: "occurrence",
    start: times.start,
    end: times.end,
    seriesMasterId: master.id,
    originalStartMs: occurrence.startMs,
  });
}

/** Applies `$select` (id and @odata.etag always stay, as in Graph). */
export function selectFields(resource: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select || select.length === 0) return resource;
  const wanted = new Set(select.map((s) => s.trim().toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) {
    if (k === "id" || k === "@odata.etag" || wanted.has(k.toLowerCase())) out[k] = v;
  }
  return out;
}
