import { config } from "../config";
import type { EventWrite } from "../calendars/provider";
import type { Booking } from "../db/generated/client";
import { isConferenceLocation } from "../event-types/conference-location";
import { bookingLocationText } from "./booking-location";

/** The booking fields a calendar event is made from. */
export type WriteBackGuest = Pick<Booking, "uid" | "attendeeName" | "attendeeEmail" | "notes">;

/**
 * What one calendar event stands for: a booking, or a seated meeting with
 * the guests (live bookings) it has now. Times, location and link are the
 * meeting's, shared by all its seats.
 */
export interface WriteBackMeeting {
  /** The booking's uid, or the meeting's seat group id (seated = true). */
  id: string;
  seated: boolean;
  title: string;
  startAt: Date;
  endAt: Date;
  locationType: Booking["locationType"];
  locationValue: string | null;
  conferenceUrl: string | null;
  guests: WriteBackGuest[];
}

/**
 * The idempotency key of a meeting's calendar event. Adapters turn it into the
 * provider's own dedupe (Google event id, Graph transactionId, CalDAV UID), so
 * a create that is retried — by the job, or by a client library after a 429 —
 * finds the event it already made. After the host deleted that event by hand,
 * a new one needs a new key: it is derived from the lost event's id, so it is
 * stable across retries too.
 */
export function writeBackKey(meeting: Pick<WriteBackMeeting, "id" | "seated">, replacesEventId?: string | null): string {
  const key = meeting.seated ? `seats:${meeting.id}` : `booking:${meeting.id}`;
  return replacesEventId ? `${key}:after:${replacesEventId}` : key;
}

const detailsUrl = (uid: string) => `${config().publicUrl}/booking/${encodeURIComponent(uid)}`;

/** Who booked, their notes and where the host finds each booking: one guest, or every guest of a seated meeting. */
function describeGuests(meeting: WriteBackMeeting): string[] {
  const notes = meeting.guests.filter((g) => g.notes).map((g) => `Notes from ${g.attendeeName}:\n${g.notes}`);
  if (!meeting.seated) {
    const [guest] = meeting.guests;
    return [`Booked with Kairos by ${guest.attendeeName} (${guest.attendeeEmail}).`, ...notes, `Booking details: ${detailsUrl(guest.uid)}`];
  }
  const count = meeting.guests.length === 1 ? "1 guest" : `${meeting.guests.length} guests`;
  const list = meeting.guests.map((g) => `- ${g.attendeeName} (${g.attendeeEmail}): ${detailsUrl(g.uid)}`).join("\n");
  return [`Booked with Kairos by ${count}:\n${list}`, ...notes];
}

/**
 * The event Kairos writes for a meeting: its title, the guests as attendees
 * (providers invite them), the fixed location or a request for a Meet / Teams
 * link, and a description that says who booked and links the host to it.
 * `withConference: false` on updates of an event that has its link already:
 * asking again would make Google replace the link.
 */
export function toWriteBackEvent(
  meeting: WriteBackMeeting,
  hostTimeZone: string,
  options: { idempotencyKey: string; withConference: boolean },
): EventWrite {
  const where = isConferenceLocation(meeting.locationType) ? null : bookingLocationText(meeting);
  const [first, ...notes] = describeGuests(meeting);
  const description = [first, where ? `Where: ${where}` : undefined, ...notes].filter(Boolean).join("\n\n");
  const event: EventWrite = {
    idempotencyKey: options.idempotencyKey,
    title: meeting.title,
    description,
    start: meeting.startAt.getTime(),
    end: meeting.endAt.getTime(),
    timeZone: hostTimeZone,
    // "" rather than absent: Google and Graph keep a location that is not sent.
    location: where ?? "",
    attendees: meeting.guests.map((g) => ({ name: g.attendeeName, email: g.attendeeEmail })),
  };
  if (options.withConference && isConferenceLocation(meeting.locationType)) event.conference = meeting.locationType;
  // Guests who booked seats of one meeting do not know each other.
  if (meeting.seated) event.attendeesPrivate = true;
  return event;
}
