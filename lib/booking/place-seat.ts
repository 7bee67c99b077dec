/**
 * Seats (group events): which meeting a guest's booking of a seated event type
 * goes into. Every guest has a booking of their own (own name, notes, manage
 * link, cancel); the bookings of one meeting share a seat group, its exact
 * start and end, its blocked range and its calendar event.
 */
import type { Interval, SeatsPolicy } from "../availability/types";
import type { Prisma } from "../db/generated/client";
import { randomToken } from "../security/tokens";

export interface SeatPlacement {
  seatGroupId: string;
  /** The range the booking holds: an existing meeting's own, so its seats never disagree about it. */
  blocked: Interval;
  /** The meeting's calendar event as its other guests' bookings have it (a new meeting has none yet). */
  calendarEvent: { calendarEventCalendarId: string | null; calendarEventId: string | null; conferenceUrl: string | null };
}

const NO_EVENT = { calendarEventCalendarId: null, calendarEventId: null, conferenceUrl: null };

/** A new seat group id: unguessable like booking uids, though knowing one grants nothing. */
export const newSeatGroupId = () => randomToken(12);

/** The meeting at exactly [start, end) that still has a seat, if any. */
export function joinableMeeting(seats: SeatsPolicy, start: number, end: number) {
  return seats.meetings.find((m) => m.start === start && m.end === end && m.taken < seats.capacity && m.id !== undefined);
}

/**
 * Where a seat at [start, end) goes, once the engine has offered that time:
 * into the meeting already there (the engine offers a taken time only while
 * it has a seat left, at its own start and length), else a new meeting held
 * by `blocked` (the event type's current buffers). Runs under the host's
 * booking lock, so the seats counted by the engine are still the seats taken.
 */
export async function placeSeat(
  tx: Prisma.TransactionClient,
  seats: SeatsPolicy,
  start: number,
  end: number,
  blocked: Interval,
): Promise<SeatPlacement> {
  const meeting = joinableMeeting(seats, start, end);
  if (!meeting) return { seatGroupId: newSeatGroupId(), blocked, calendarEvent: NO_EVENT };
  return { seatGroupId: meeting.id!, blocked: meeting.blocked, calendarEvent: await meetingCalendarEvent(tx, meeting.id!) };
}

/** The calendar event of a meeting, from a live booking of it that has one. */
export async function meetingCalendarEvent(tx: Prisma.TransactionClient, seatGroupId: string): Promise<SeatPlacement["calendarEvent"]> {
  const withEvent = await tx.booking.findFirst({
    where: { seatGroupId, status: "confirmed", calendarEventId: { not: null } },
    select: { calendarEventCalendarId: true, calendarEventId: true, conferenceUrl: true },
    orderBy: { createdAt: "asc" },
  });
  return withEvent ?? NO_EVENT;
}
