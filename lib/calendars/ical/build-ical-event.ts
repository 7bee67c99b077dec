/**
 * EventWrite → one VCALENDAR holding one VEVENT (RFC 5545), as Kairos writes a
 * booking into a CalDAV calendar. Built with ical.js's component API (escaping
 * and line folding are its job). The event is written in the host's zone with
 * a VTIMEZONE, so it reads naturally in their client; UTC when the zone is UTC,
 * unknown, or cannot name the instant (the second 01:30 of a fall-back night).
 */
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { isValidTimeZone, zonedTimeToInstant } from "../../time";
import { sha256Hex } from "../../security/tokens";
import type { EventWrite } from "../provider";
import { buildVtimezone } from "./build-vtimezone";

const UTC_NAMES = /^(Etc\/)?(UTC|UCT|GMT|Universal|Zulu|Greenwich)([+-]0)?$/i;

export interface BuildIcalEventOptions {
  /** Defaults to icalUidFor(event.idempotencyKey). */
  uid?: string;
  /** Grows with every update of the same UID (RFC 5545 §3.8.7.4); 0 on creation. */
  sequence?: number;
  /** DTSTAMP / LAST-MODIFIED (and CREATED when sequence is 0); defaults to now. */
  now?: number;
  /** The calendar owner, when known (their calendar-user address). */
  organizer?: { email: string; name?: string };
}

/**
 * The iCalendar UID for an idempotency key: the same key always gives the same
 * UID (and CalDAV resource name), so a retried create can never make a second
 * event. Hashed so any key is safe in a URL path.
 */
export function icalUidFor(idempotencyKey: string): string {
  return `kairos-${sha256Hex(idempotencyKey).slice(0, 40)}`;
}

export function buildIcalEvent(event: EventWrite, options: BuildIcalEventOptions = {}): string {
  const now = options.now ?? Date.now();
  const sequence = options.sequence ?? 0;
  const zone = isValidTimeZone(event.timeZone) && !UTC_NAMES.test(event.timeZone) ? event.timeZone : null;

  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("prodid", "-//Kairos//Kairos scheduling//EN");
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");

  const wallStart = zone ? wallTimeIn(event.start, zone) : null;
  const wallEnd = zone ? wallTimeIn(event.end, zone) : null;
  const zoned = zone !== null && wallStart !== null && wallEnd !== null;
  if (zoned) {
    const vtimezone = buildVtimezone(zone, { start: event.start, end: event.end });
    if (vtimezone) calendar.addSubcomponent(vtimezone);
  }

  const vevent = new ICAL.Component("vevent");
  vevent.addPropertyWithValue("uid", options.uid ?? icalUidFor(event.idempotencyKey));
  vevent.addPropertyWithValue("dtstamp", utcTime(now));
  if (sequence === 0) vevent.addPropertyWithValue("created", utcTime(now));
  vevent.addPropertyWithValue("last-modified", utcTime(now));
  vevent.addPropertyWithValue("sequence", sequence);
  vevent.addProperty(timeProperty("dtstart", event.start, zoned ? zone : null));
  vevent.addProperty(timeProperty("dtend", event.end, zoned ? zone : null));
  vevent.addPropertyWithValue("summary", event.title);
  if (event.description) vevent.addPropertyWithValue("description", event.description);
  if (event.location) vevent.addPropertyWithValue("location", event.location);
  vevent.addPropertyWithValue("status", "CONFIRMED");
  vevent.addPropertyWithValue("transp", "OPAQUE");

  if (options.organizer) {
    const organizer = new ICAL.Property("organizer");
    organizer.setValue(`mailto:${options.organizer.email}`);
    if (options.organizer.name) organizer.setParameter("cn", options.organizer.name);
    vevent.addProperty(organizer);
  }
  for (const attendee of event.attendees) {
    const property = new ICAL.Property("attendee");
    property.setValue(`mailto:${attendee.email}`);
    if (attendee.name) property.setParameter("cn", attendee.name);
    property.setParameter("role", "REQ-PARTICIPANT");
    // They booked the time themselves: nothing left to answer.
    property.setParameter("partstat", "ACCEPTED");
    property.setParameter("rsvp", "FALSE");
    // Kairos sends its own confirmations; stop scheduling servers (RFC 6638:
    // Nextcloud, iCloud, SOGo) from e-mailing a second invitation.
    property.setParameter("schedule-agent", "CLIENT");
    vevent.addProperty(property);
  }

  calendar.addSubcomponent(vevent);
  // ical.js folds at 75 octets plus the continuation's leading space; RFC 5545
  // §3.1 wants whole lines within 75. Synchronous, so the global is safe to borrow.
  const foldLength = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return calendar.toString() + "\r\n";
  } finally {
    ICAL.foldLength = foldLength;
  }
}

/** The wall-clock reading of `instant` in `zone`, or null when that reading names another instant. */
function wallTimeIn(instant: number, zone: string): DateTime | null {
  const local = DateTime.fromMillis(instant, { zone });
  const date = local.toISODate()!;
  const back = zonedTimeToInstant(date, local.hour * 60 + local.minute, zone) + local.second * 1000 + local.millisecond;
  return back === instant ? local : null;
}

function timeProperty(name: string, instant: number, zone: string | null): ICAL.Property {
  const property = new ICAL.Property(name);
  if (!zone) {
    property.setValue(utcTime(instant));
    return property;
  }
  const local = DateTime.fromMillis(instant, { zone });
  property.setParameter("tzid", zone);
  property.setValue(
    new ICAL.Time(
      { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second, isDate: false },
      ICAL.Timezone.localTimezone,
    ),
  );
  return property;
}

function utcTime(instant: number): ICAL.Time {
  const date = new Date(instant);
  return new ICAL.Time(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      isDate: false,
    },
    ICAL.Timezone.utcTimezone,
  );
}
