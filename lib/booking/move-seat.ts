/**
 * Seats and reschedule: where a guest's seat goes when they move to another
 * time, and what becomes of the meeting they leave. Each guest moves alone —
 * the other guests keep their time:
 * - into the meeting already at the new time while it has a seat left (the
 *   engine offers it then), sharing its range and calendar event;
 * - else, when they were their meeting's only guest, the meeting itself
 *   moves: same seat group, same calendar event (moved by the write-back);
 * - else into a new meeting of their own, with a new event.
 * The meeting left behind keeps its event without this guest: its write-back
 * runs; when nobody is left in it, it deletes the event — or, if no booking
 * of it remains to run it, a job deletes the event directly.
 * Runs under the host's booking lock, inside the reschedule transaction.
 */
import type { Interval, SeatsPolicy } from "../availability/types";
import type { Booking, Prisma } from "../db/generated/client";
import { enqueueOrphanEventDeletion } from "./delete-orphan-event";
import { joinableMeeting, meetingCalendarEvent, newSeatGroupId } from "./place-seat";
import { enqueueWriteBack } from "./queue-write-back";

type SeatColumns = Pick<Booking, "seatGroupId" | "calendarEventCalendarId" | "calendarEventId" | "conferenceUrl">;

export interface SeatMove {
  /** The range the moved booking holds. */
  blocked: Interval;
  /** Columns the moved booking takes: its meeting's group and calendar event (none: unchanged). */
  booking: Partial<SeatColumns>;
  /** After the booking row has moved: the meeting it left follows. */
  afterMove(): Promise<void>;
}

const NOTHING = async () => undefined;

export async function moveSeat(
  tx: Prisma.TransactionClient,
  booking: Booking,
  seats: SeatsPolicy | undefined,
  start: number,
  end: number,
  blocked: Interval,
): Promise<SeatMove> {
  const from = booking.seatGroupId;
  if (!seats && !from) return { blocked, booking: {}, afterMove: NOTHING };

  // The engine's meetings leave this booking out (it is the one moving).
  const joinable = seats ? joinableMeeting(seats, start, end) : undefined;
  if (joinable && joinable.id === from) return { blocked: joinable.blocked, booking: {}, afterMove: NOTHING };
  if (joinable) {
    return {
      blocked: joinable.blocked,
      booking: { seatGroupId: joinable.id!, ...(await meetingCalendarEvent(tx, joinable.id!)) },
      afterMove: () => leaveMeeting(tx, booking, from),
    };
  }
  const others = from ? await tx.booking.count({ where: { seatGroupId: from, id: { not: booking.id }, status: "confirmed" } }) : 0;
  if (others === 0) {
    // Its meeting's only guest: the meeting moves, event and all.
    return { blocked, booking: { seatGroupId: from ?? (seats ? newSeatGroupId() : null) }, afterMove: NOTHING };
  }
  return {
    blocked,
    booking: { seatGroupId: seats ? newSeatGroupId() : null, calendarEventCalendarId: null, calendarEventId: null, conferenceUrl: null },
    afterMove: () => leaveMeeting(tx, booking, from),
  };
}

/** The meeting `from` lost `booking` (as it was before the move): its calendar event follows. */
async function leaveMeeting(tx: Prisma.TransactionClient, booking: Booking, from: string | null): Promise<void> {
  if (!from) return;
  const rest = { seatGroupId: from, id: { not: booking.id } };
  const others = await tx.booking.findMany({ where: rest, select: { id: true, calendarEventCalendarId: true, calendarEventId: true, conferenceUrl: true } });
  const event = booking.calendarEventId !== null ? booking : others.find((o) => o.calendarEventId !== null);
  if (!event) return;
  if (others.length === 0) {
    // No booking is left to carry the event: delete it by its address.
    if (event.calendarEventCalendarId) await enqueueOrphanEventDeletion(tx, event.calendarEventCalendarId, event.calendarEventId!);
    return;
  }
  // The remaining bookings carry the event (some may not have its ids yet) and its write-back drops this guest.
  await tx.booking.updateMany({
    where: { ...rest, calendarEventId: null },
    data: { calendarEventCalendarId: event.calendarEventCalendarId, calendarEventId: event.calendarEventId, conferenceUrl: event.conferenceUrl },
  });
  await tx.booking.updateMany({ where: rest, data: { writeBackStatus: "pending", writeBackError: null, writeBackUpdatedAt: new Date() } });
  await enqueueWriteBack(tx, { id: others[0].id, seatGroupId: from });
}
