/**
 * Google event resources: validating what clients write, rendering what Google returns, and
 * computing the instances of recurring events (ids `{masterId}_{YYYYMMDDTHHMMSSZ}` for timed,
 * `{masterId}_{YYYYMMDD}` for all-day instances, as Google forms them).
 */
import { expandRecurrenceSet, rruleProblem, type Occurrence, type RecurrenceSet } from "../shared/recurrence";
import {
  formatOffsetDateTime,
  formatUtcMillis,
  instantOfWallTime,
  isIanaZone,
  parseDateOnly,
  parseInstant,
  parseLocalDateTime,
  wallDate,
  wallTimeOf,
  hasOffset,
  addDaysToWall,
  daysBetweenDates,
  type WallTime,
} from "../shared/zoned-time";
import { invalid, required, timeRangeEmpty } from "./errors";
import type { EventTime, GoogleAccount, GoogleCalendar, StoredEvent } from "./model";

/** Fields clients may write that the emulator keeps verbatim. */
export const VERBATIM_FIELDS = [
  "summary",
  "description",
  "location",
  "colorId",
  "transparency",
  "visibility",
  "attendees",
  "reminders",
  "extendedProperties",
  "guestsCanInviteOthers",
  "guestsCanModify",
  "guestsCanSeeOtherGuests",
  "anyoneCanAddSelf",
  "source",
  "attachments",
  "eventType",
  "endTimeUnspecified",
  "locked",
  "privateCopy",
  "outOfOfficeProperties",
  "focusTimeProperties",
  "workingLocationProperties",
] as const;

const BASE32HEX = /^[a-v0-9]{5,1024}$/;

export function isValidClientEventId(id: string): boolean {
  return BASE32HEX.test(id);
}

// ---------------------------------------------------------------------------------------------
// Times

export interface ParsedTimes {
  allDay: boolean;
  start: EventTime;
  end: EventTime;
  zone: string;
}

function parseEventTime(which: "start" | "end", value: unknown, fallbackZone: string): EventTime & { allDay: boolean; zone: string } {
  if (!value || typeof value !== "object") throw required(`Missing ${which} time.`);
  const v = value as { date?: unknown; dateTime?: unknown; timeZone?: unknown };
  if (v.timeZone !== undefined && v.timeZone !== null && (typeof v.timeZone !== "string" || !isIanaZone(v.timeZone))) {
    throw invalid(`Invalid time zone definition for ${which} time.`);
  }
  const timeZone = typeof v.timeZone === "string" ? v.timeZone : undefined;
  const hasDate = v.date !== undefined && v.date !== null;
  const hasDateTime = v.dateTime !== undefined && v.dateTime !== null;
  if (hasDate && hasDateTime) throw invalid(`Invalid ${which} time.`);
  if (hasDate) {
    const wall = parseDateOnly(v.date);
    if (!wall) throw invalid(`Invalid ${which} time.`);
    // All-day events float; their instants are taken in the calendar's zone.
    return { allDay: true, zone: fallbackZone, wall, date: wallDate(wall), ms: instantOfWallTime(wall, fallbackZone) };
  }
  if (!hasDateTime || typeof v.dateTime !== "string") throw required(`Missing ${which} time.`);
  const zone = timeZone ?? fallbackZone;
  if (hasOffset(v.dateTime)) {
    const ms = parseInstant(v.dateTime);
    if (ms === null) throw invalid(`Invalid ${which} time.`);
    return { allDay: false, zone, wall: wallTimeOf(ms, zone), ms, timeZone };
  }
  if (!timeZone) throw invalid(`Missing time zone definition for ${which} time.`);
  const wall = parseLocalDateTime(v.dateTime);
  if (!wall) throw invalid(`Invalid ${which} time.`);
  return { allDay: false, zone, wall, ms: instantOfWallTime(wall, zone), timeZone };
}

export function parseTimes(input: Record<string, unknown>, calendar: GoogleCalendar): ParsedTimes {
  const start = parseEventTime("start", input.start, calendar.timeZone);
  const end = parseEventTime("end", input.end, calendar.timeZone);
  if (start.allDay !== end.allDay) throw invalid("Invalid end time.");
  if (end.ms < start.ms || (start.allDay && end.ms <= start.ms)) throw timeRangeEmpty("end.dateTime");
  const zone = start.allDay ? calendar.timeZone : start.zone;
  const strip = ({ allDay: _a, zone: _z, ...t }: EventTime & { allDay: boolean; zone: string }): EventTime => t;
  return { allDay: start.allDay, start: strip(start), end: strip(end), zone };
}

// ---------------------------------------------------------------------------------------------
// Recurrence lines ("RRULE:…", "EXDATE;TZID=Europe/Berlin:20260406T090000", "RDATE;VALUE=DATE:…")

function parseDateValue(raw: string, params: Record<string, string>, zone: string): { wall: WallTime; dateOnly: boolean } {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(raw.trim());
  if (!m) throw invalid("Invalid recurrence rule.");
  const wall: WallTime = { year: +m[1], month: +m[2], day: +m[3], hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  if (!m[4]) return { wall, dateOnly: true };
  if (m[7]) return { wall: wallTimeOf(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second), zone), dateOnly: false };
  const tzid = params.TZID;
  if (tzid && tzid !== zone) {
    if (!isIanaZone(tzid)) throw invalid("Invalid recurrence rule.");
    return { wall: wallTimeOf(instantOfWallTime(wall, tzid), zone), dateOnly: false };
  }
  return { wall, dateOnly: false };
}

export function parseRecurrence(lines: unknown, times: ParsedTimes): { lines: string[]; set: RecurrenceSet } | undefined {
  if (lines === undefined || lines === null) return undefined;
  if (!Array.isArray(lines) || lines.some((l) => typeof l !== "string")) throw invalid("Invalid recurrence rule.");
  if (lines.length === 0) return undefined;
  const set: RecurrenceSet = {
    start: times.start.wall,
    allDay: times.allDay,
    zone: times.zone,
    rrules: [],
    rdates: [],
    exdates: [],
    exdateDays: [],
    dtstartAlwaysFirst: true,
  };
  for (const line of lines as string[]) {
    const colon = line.indexOf(":");
    if (colon < 0) throw invalid("Invalid recurrence rule.");
    const [name, ...paramParts] = line.slice(0, colon).split(";");
    const params: Record<string, string> = {};
    for (const part of paramParts) {
      const [k, v] = part.split("=");
      if (k && v !== undefined) params[k.toUpperCase()] = v;
    }
    const value = line.slice(colon + 1);
    switch (name.toUpperCase()) {
      case "RRULE": {
        if (rruleProblem(value)) throw invalid("Invalid recurrence rule.");
        set.rrules.push(value);
        break;
      }
      case "EXDATE":
        for (const raw of value.split(",")) {
          const parsed = parseDateValue(raw, params, times.zone);
          if (parsed.dateOnly && !times.allDay) set.exdateDays!.push(wallDate(parsed.wall));
          else set.exdates!.push(parsed.wall);
        }
        break;
      case "RDATE":
        for (const raw of value.split(",")) {
          const parsed = parseDateValue(raw, params, times.zone);
          set.rdates!.push(
            parsed.dateOnly && !times.allDay ? { ...parsed.wall, hour: times.start.wall.hour, minute: times.start.wall.minute, second: times.start.wall.second } : parsed.wall,
          );
        }
        break;
      default:
        // EXRULE is deprecated by RFC 5545 and not emulated.
        throw invalid("Invalid recurrence rule.");
    }
  }
  if (!times.allDay && !times.start.timeZone) {
    // Google needs a named zone to repeat a wall-clock time across DST changes.
    throw invalid("Missing time zone definition for start time.");
  }
  return { lines: [...(lines as string[])], set };
}

// ---------------------------------------------------------------------------------------------
// Instances

export function durationOf(event: StoredEvent): number {
  return event.end.ms - event.start.ms;
}

/** Length of an all-day event in calendar days (not ms: a DST day has 23 or 25 hours). */
export function allDayLengthDays(event: StoredEvent): number {
  return daysBetweenDates(event.start.wall, event.end.wall);
}

/** Key identifying one occurrence of a series: the original start instant or date. */
export function occurrenceKey(allDay: boolean, ms: number, date?: string): string {
  return allDay ? `D${date}` : `T${ms}`;
}

export function occurrenceDate(o: Occurrence): string {
  return wallDate(o.wall);
}

function basicUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export function instanceIdOf(master: StoredEvent, occurrence: Occurrence): string {
  return master.allDay ? `${master.id}_${wallDate(occurrence.wall).replace(/-/g, "")}` : `${master.id}_${basicUtc(occurrence.startMs)}`;
}

/** "{masterId}_{suffix}" → the master id and the original start it names; null if not that shape. */
export function parseInstanceId(id: string): { masterId: string; ms?: number; date?: string } | null {
  const at = id.lastIndexOf("_");
  if (at <= 0) return null;
  const suffix = id.slice(at + 1);
  const masterId = id.slice(0, at);
  let m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(suffix);
  if (m) return { masterId, ms: Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(suffix);
  if (m) return { masterId, date: `${m[1]}-${m[2]}-${m[3]}` };
  return null;
}

/** Occurrences of a master overlapping [from, to). */
export function occurrencesOf(master: StoredEvent, from: number, to: number): Occurrence[] {
  if (!master.recurrence) return [];
  return expandRecurrenceSet(master.recurrence.set, { from, to, durationMs: durationOf(master) });
}

/** The occurrence of `master` whose original start is `ms` (timed) or `date` (all-day), if any. */
export function findOccurrence(master: StoredEvent, original: { ms?: number; date?: string }): Occurrence | undefined {
  if (!master.recurrence) return undefined;
  if (master.allDay) {
    if (!original.date) return undefined;
    const wall = parseDateOnly(original.date)!;
    const ms = instantOfWallTime(wall, master.zone);
    return occurrencesOf(master, ms, ms + 1).find((o) => wallDate(o.wall) === original.date);
  }
  if (original.ms === undefined) return undefined;
  return occurrencesOf(master, original.ms, original.ms + 1).find((o) => o.startMs === original.ms);
}

// ---------------------------------------------------------------------------------------------
// Rendering

export interface RenderContext {
  calendar: GoogleCalendar;
  owner: GoogleAccount;
  /** Zone dateTimes are written in: the request's timeZone parameter or the calendar's. */
  responseZone: string;
}

function renderTime(time: EventTime, allDay: boolean, zone: string): Record<string, string> {
  if (allDay) return { date: time.date! };
  const out: Record<string, string> = { dateTime: formatOffsetDateTime(time.ms, zone) };
  if (time.timeZone) out.timeZone = time.timeZone;
  return out;
}

function htmlLink(eventId: string, calendarId: string): string {
  const eid = Buffer.from(`${eventId} ${calendarId}`).toString("base64").replace(/=+$/, "");
  return `https://www.google.com/calendar/event?eid=${eid}`;
}

function person(p: { email: string; displayName?: string }, calendarOwnerEmail: string) {
  const out: Record<string, unknown> = { email: p.email };
  if (p.displayName) out.displayName = p.displayName;
  if (p.email.toLowerCase() === calendarOwnerEmail.toLowerCase()) out.self = true;
  return out;
}

function renderAttendees(attendees: unknown, event: StoredEvent, ctx: RenderContext): unknown {
  if (!Array.isArray(attendees)) return undefined;
  return attendees.map((a: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...a, responseStatus: a.responseStatus ?? "needsAction" };
    const email = typeof a.email === "string" ? a.email.toLowerCase() : "";
    if (email === event.organizer.email.toLowerCase()) out.organizer = true;
    if (email === ctx.owner.email.toLowerCase()) out.self = true;
    return out;
  });
}

function originalStartOf(allDay: boolean, original: { ms: number; date?: string; timeZone?: string }, zone: string) {
  if (allDay) return { date: original.date! };
  const out: Record<string, string> = { dateTime: formatOffsetDateTime(original.ms, zone) };
  if (original.timeZone) out.timeZone = original.timeZone;
  return out;
}

/** The full Google event resource for a stored event (single, master or exception). */
export function renderEvent(event: StoredEvent, ctx: RenderContext): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: "calendar#event",
    etag: event.etag,
    id: event.id,
    status: event.status,
    htmlLink: htmlLink(event.id, event.calendarId),
    created: formatUtcMillis(event.created),
    updated: formatUtcMillis(event.updated),
  };
  for (const field of ["summary", "description", "location", "colorId"] as const) {
    if (event.fields[field] !== undefined) out[field] = event.fields[field];
  }
  out.creator = person(event.creator, ctx.owner.email);
  out.organizer = person(event.organizer, ctx.owner.email);
  out.start = renderTime(event.start, event.allDay, ctx.responseZone);
  out.end = renderTime(event.end, event.allDay, ctx.responseZone);
  if (event.fields.endTimeUnspecified !== undefined) out.endTimeUnspecified = event.fields.endTimeUnspecified;
  if (event.recurrence) out.recurrence = event.recurrence.lines;
  if (event.recurringEventId && event.originalStart) {
    out.recurringEventId = event.recurringEventId;
    out.originalStartTime = originalStartOf(event.allDay, event.originalStart, ctx.responseZone);
  }
  for (const field of VERBATIM_FIELDS) {
    if (["summary", "description", "location", "colorId", "endTimeUnspecified", "attendees", "eventType"].includes(field)) continue;
    if (event.fields[field] !== undefined) out[field] = event.fields[field];
  }
  out.iCalUID = event.iCalUID;
  out.sequence = event.sequence;
  const attendees = renderAttendees(event.fields.attendees, event, ctx);
  if (attendees) out.attendees = attendees;
  if (event.fields.hangoutLink) out.hangoutLink = event.fields.hangoutLink;
  if (event.fields.conferenceData) out.conferenceData = event.fields.conferenceData;
  out.reminders ??= { useDefault: true };
  out.eventType = event.fields.eventType ?? "default";
  return out;
}

/** One computed instance of a master (not overridden by an exception). */
export function renderInstance(master: StoredEvent, occurrence: Occurrence, ctx: RenderContext): Record<string, unknown> {
  const resource = renderEvent(master, ctx);
  const duration = durationOf(master);
  delete resource.recurrence;
  resource.id = instanceIdOf(master, occurrence);
  resource.htmlLink = htmlLink(resource.id as string, master.calendarId);
  const date = wallDate(occurrence.wall);
  if (master.allDay) {
    resource.start = { date };
    resource.end = { date: wallDate(addDaysToWall(occurrence.wall, allDayLengthDays(master))) };
  } else {
    resource.start = renderTime({ ...master.start, ms: occurrence.startMs }, false, ctx.responseZone);
    resource.end = renderTime({ ...master.end, ms: occurrence.startMs + duration }, false, ctx.responseZone);
  }
  resource.recurringEventId = master.id;
  resource.originalStartTime = originalStartOf(
    master.allDay,
    { ms: occurrence.startMs, date, timeZone: master.start.timeZone },
    ctx.responseZone,
  );
  return resource;
}

/**
 * A deleted event as sync and showDeleted listings return it: "only the id is guaranteed", plus
 * recurringEventId/originalStartTime for cancelled instances.
 */
export function renderCancelled(
  base: { id: string; etag: string; updated: number },
  instanceOf?: { masterId: string; allDay: boolean; original: { ms: number; date?: string; timeZone?: string } },
  zone = "UTC",
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: "calendar#event",
    etag: base.etag,
    id: base.id,
    status: "cancelled",
    updated: formatUtcMillis(base.updated),
  };
  if (instanceOf) {
    out.recurringEventId = instanceOf.masterId;
    out.originalStartTime = originalStartOf(instanceOf.allDay, instanceOf.original, zone);
  }
  return out;
}

/** The writable view a PATCH merges into (so `{ start: { dateTime } }` keeps start.timeZone). */
export function writableView(event: StoredEvent): Record<string, unknown> {
  const time = (t: EventTime) =>
    event.allDay ? { date: t.date } : { dateTime: formatOffsetDateTime(t.ms, event.zone), ...(t.timeZone ? { timeZone: t.timeZone } : {}) };
  const view: Record<string, unknown> = {
    ...event.fields,
    status: event.status,
    start: time(event.start),
    end: time(event.end),
  };
  if (event.recurrence) view.recurrence = event.recurrence.lines;
  return view;
}

/** Google patch semantics: objects merge recursively, arrays and scalars replace, null clears. */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (
      typeof value === "object" &&
      !Array.isArray(value) &&
      typeof out[key] === "object" &&
      out[key] !== null &&
      !Array.isArray(out[key])
    ) {
      out[key] = mergePatch(out[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else out[key] = value;
  }
  return out;
}
