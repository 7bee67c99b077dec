/**
 * Translation between Google Calendar event resources and Kairos' normalized
 * shapes (pure functions; the adapter does the calls).
 */
import { createHash } from "node:crypto";
import type { calendar_v3 } from "googleapis";
import { isValidTimeZone, parseIsoInstant, startOfZonedDay, toZonedIso } from "../../time";
import type { EventWrite, ProviderEvent, WrittenEvent } from "../provider";

const BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

/** RFC 4648 base32hex, lower case, no padding: exactly the characters Google allows in event ids. */
export function base32hex(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The event id Kairos chooses for a write: a hash of the idempotency key, so
 * any key (any length, any characters) becomes a valid id ([a-v0-9], 5–1024)
 * and a retried insert of the same booking answers 409 instead of creating a
 * second event.
 */
export function googleEventIdFor(idempotencyKey: string): string {
  return `kairos${base32hex(createHash("sha256").update(idempotencyKey, "utf8").digest())}`;
}

type EventTime = calendar_v3.Schema$EventDateTime | undefined;

function instantOf(time: EventTime, zone: string): { ms: number; allDay: boolean } | null {
  if (time?.dateTime) {
    const ms = parseIsoInstant(time.dateTime);
    return ms === null ? null : { ms, allDay: false };
  }
  if (time?.date) {
    const ms = startOfZonedDay(time.date, zone);
    return Number.isNaN(ms) ? null : { ms, allDay: true };
  }
  return null;
}

function conferenceUrlOf(event: calendar_v3.Schema$Event): string | undefined {
  if (event.hangoutLink) return event.hangoutLink;
  return event.conferenceData?.entryPoints?.find((e) => e.entryPointType === "video")?.uri ?? undefined;
}

/**
 * One event of a `singleEvents=true` listing as a ProviderEvent. All-day
 * events (`date`) become the local midnights of their days in `calendarZone`.
 * Returns null for items without times (cancelled stubs).
 */
export function toProviderEvent(event: calendar_v3.Schema$Event, calendarZone: string | null | undefined): ProviderEvent | null {
  if (!event.id) return null;
  const zone = calendarZone && isValidTimeZone(calendarZone) ? calendarZone : "UTC";
  const start = instantOf(event.start, zone);
  const end = instantOf(event.end, zone);
  if (!start || !end) return null;
  const self = event.attendees?.find((a) => a.self);
  const response = self?.responseStatus;
  const updatedAt = event.updated ? Date.parse(event.updated) : NaN;
  const out: ProviderEvent = {
    externalId: event.id,
    title: event.summary ?? "",
    start: start.ms,
    end: end.ms,
    allDay: start.allDay,
    status: event.status === "cancelled" ? "cancelled" : event.status === "tentative" ? "tentative" : "confirmed",
    showAs: event.transparency === "transparent" ? "free" : "busy",
  };
  if (event.recurringEventId) out.seriesId = event.recurringEventId;
  if (event.description) out.description = event.description;
  if (event.location) out.location = event.location;
  if (response === "accepted" || response === "declined" || response === "tentative" || response === "needsAction") {
    out.selfResponse = response;
  }
  const conferenceUrl = conferenceUrlOf(event);
  if (conferenceUrl) out.conferenceUrl = conferenceUrl;
  if (event.etag) out.etag = event.etag;
  if (!Number.isNaN(updatedAt)) out.updatedAt = updatedAt;
  return out;
}

/** The fields Kairos writes (insert and patch alike). */
export function toGoogleEventBody(event: EventWrite): calendar_v3.Schema$Event {
  const body: calendar_v3.Schema$Event = {
    summary: event.title,
    description: event.description,
    // Written with the zone's offset *and* its name, so Google shows the host's wall time.
    start: { dateTime: toZonedIso(event.start, event.timeZone), timeZone: event.timeZone },
    end: { dateTime: toZonedIso(event.end, event.timeZone), timeZone: event.timeZone },
    attendees: event.attendees.map((a) => ({ email: a.email, displayName: a.name })),
  };
  if (event.location !== undefined) body.location = event.location;
  if (event.attendeesPrivate) body.guestsCanSeeOtherGuests = false;
  if (event.conference === "google_meet") {
    body.conferenceData = {
      // Google creates at most one meeting per requestId, so a retried write reuses it.
      createRequest: { requestId: event.idempotencyKey, conferenceSolutionKey: { type: "hangoutsMeet" } },
    };
  }
  return body;
}

export function toWrittenEvent(event: calendar_v3.Schema$Event): WrittenEvent {
  const out: WrittenEvent = { externalId: event.id ?? "" };
  const conferenceUrl = conferenceUrlOf(event);
  if (conferenceUrl) out.conferenceUrl = conferenceUrl;
  if (event.etag) out.etag = event.etag;
  return out;
}
