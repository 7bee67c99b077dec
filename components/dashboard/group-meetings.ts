import type { BookingDto } from "@/lib/booking/booking-dto";

/**
 * One entry of the host's bookings list: an ordinary booking, or a meeting of
 * a group event with the bookings (seats) of its guests.
 */
export type BookingListEntry = { kind: "booking"; booking: BookingDto } | { kind: "meeting"; seatGroupId: string; seats: BookingDto[] };

/**
 * Folds the seats of each group-event meeting (same seatGroupId) into one
 * entry where its first seat stood, so the list keeps the API's order; a
 * meeting's guests are listed in the order they booked. Ordinary bookings
 * pass through as they are.
 */
export function groupMeetings(bookings: readonly BookingDto[]): BookingListEntry[] {
  const entries: BookingListEntry[] = [];
  const meetings = new Map<string, BookingDto[]>();
  for (const booking of bookings) {
    if (booking.seatGroupId === null) {
      entries.push({ kind: "booking", booking });
      continue;
    }
    const seats = meetings.get(booking.seatGroupId);
    if (seats) {
      seats.push(booking);
    } else {
      const first = [booking];
      meetings.set(booking.seatGroupId, first);
      entries.push({ kind: "meeting", seatGroupId: booking.seatGroupId, seats: first });
    }
  }
  for (const seats of meetings.values()) seats.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return entries;
}

const WRITE_BACK_CONCERN = { failed: 3, pending: 2, synced: 1, none: 0 } as const;

/**
 * The seat whose calendar state speaks for the meeting (its guests share one
 * calendar event): the one needing attention most — failed, then pending.
 */
export function meetingCalendarSeat(seats: readonly BookingDto[]): BookingDto {
  return seats.reduce((worst, seat) =>
    WRITE_BACK_CONCERN[seat.writeBack?.status ?? "none"] > WRITE_BACK_CONCERN[worst.writeBack?.status ?? "none"] ? seat : worst,
  );
}
