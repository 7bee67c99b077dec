import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { guestUrls, type BookingWithRelations } from "./booking-dto";
import { bookingLocationText, bookingMeetingUrl, conferenceName } from "./booking-location";

/**
 * The booking as an iCalendar file for "add to calendar". METHOD:PUBLISH (a
 * download, not a scheduling message). The UID is stable per booking, and the
 * SEQUENCE grows with every change, so importing the file again after a
 * reschedule or cancellation updates the existing calendar entry; a cancelled
 * booking carries STATUS:CANCELLED.
 */
export function renderBookingIcs(booking: BookingWithRelations, options: { token?: string; now?: number } = {}): string {
  const cancelled = booking.status === "cancelled";
  const manageUrl = options.token
    ? guestUrls(booking.uid, options.token, booking.host.username, booking.eventType?.slug ?? null).manageUrl
    : undefined;
  const where = bookingLocationText(booking);
  const meetingUrl = bookingMeetingUrl(booking);

  const description = [
    cancelled ? `Cancelled${booking.cancelReason ? `: ${booking.cancelReason}` : "."}` : undefined,
    `${booking.title}.`,
    where ? (conferenceName(booking.locationType) ? `Join ${conferenceName(booking.locationType)}: ${where}` : `Where: ${where}`) : undefined,
    booking.notes ? `Notes from ${booking.attendeeName}:\n${booking.notes}` : undefined,
    manageUrl ? `Reschedule or cancel: ${manageUrl}` : undefined,
  ]
    .filter(Boolean)
    .join("\n\n");

  const calendar = ical({
    prodId: { company: "Kairos", product: "Kairos", language: "EN" },
    method: ICalCalendarMethod.PUBLISH,
    name: booking.title,
  });
  calendar.createEvent({
    id: `${booking.uid}@kairos`,
    start: booking.startAt,
    end: booking.endAt,
    stamp: new Date(options.now ?? Date.now()),
    created: booking.createdAt,
    lastModified: booking.updatedAt,
    // Seconds since creation grow with every update, as SEQUENCE must; the +1
    // makes a cancellation win even within the second of the last change.
    sequence:
      Math.max(0, Math.floor((booking.updatedAt.getTime() - booking.createdAt.getTime()) / 1000)) + (cancelled ? 1 : 0),
    summary: booking.title,
    description,
    location: where,
    url: meetingUrl ?? manageUrl ?? null,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: booking.host.name, email: booking.host.email },
    attendees: [
      {
        name: booking.attendeeName,
        email: booking.attendeeEmail,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.ACCEPTED,
      },
    ],
  });
  return calendar.toString();
}

/** A safe download name, e.g. "kairos-2026-12-07-intro-call.ics". */
export function bookingIcsFilename(booking: BookingWithRelations): string {
  const date = booking.startAt.toISOString().slice(0, 10);
  const slug = (booking.eventType?.slug ?? "booking").replace(/[^a-z0-9-]/gi, "").slice(0, 60) || "booking";
  return `kairos-${date}-${slug}.ics`;
}
