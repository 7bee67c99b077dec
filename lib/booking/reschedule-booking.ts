import { z } from "zod";
import { isSlotOffered } from "../availability/is-slot-offered";
import { loadSlotContext } from "../availability/load-slot-context";
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { isExclusionViolation } from "../db/errors";
import { chooseDuration } from "../event-types/duration-options";
import { AppError } from "../errors";
import { MINUTE_MS, parseIsoInstant } from "../time";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";
import { rescheduleBookingSchema } from "./booking-schema";
import { getBooking, type BookingActor } from "./get-booking";
import { enqueueWriteBack, writeBackNeeded } from "./queue-write-back";
import { moveSeat } from "./move-seat";
import { lockHostBookings, runBookingTransaction, slotLookupWindow, slotUnavailable, startInPast } from "./slot-rules";
import { writeBackNow } from "./write-back-now";

const moveSchema = z.object({ start: rescheduleBookingSchema.shape.start, durationMinutes: rescheduleBookingSchema.shape.durationMinutes });

/**
 * Moves a booking to a new start, keeping its uid, guest token and history.
 * Atomic by construction: the move is ONE UPDATE of the same row, which the
 * exclusion constraint checks against every other live booking. If the new
 * time is taken the UPDATE fails and the booking keeps its old time — there is
 * never a moment with both slots held or neither. The booking's own old range
 * does not block the new one (excludeBookingUid), so it may move by less than
 * its length.
 * Buffers are the event type's current ones, as the slot offered to the guest
 * was computed with them. The length is `durationMinutes` when given (one of
 * the event type's options, else 400), else the booking's own length while it
 * is still an option, else the event type's default. The booking does not
 * count against the limits it is moving within (excludeBookingUid).
 * The calendar event follows (the same event is moved): its write-back job is
 * enqueued with the move and tried once inline after the commit, as on create.
 * A seat of a seated meeting moves alone: into the meeting at the new time if
 * there is one with a seat left, else into a new meeting — unless it was its
 * meeting's only guest, then the meeting itself moves (move-seat.ts).
 */
export async function rescheduleBooking(
  db: Db,
  uid: string,
  actor: BookingActor,
  newStartIso: string,
  options: { now?: number; durationMinutes?: number; inlineWriteBack?: boolean } = {},
): Promise<BookingWithRelations> {
  const inline = options.inlineWriteBack ?? true;
  const move = moveSchema.parse({ start: newStartIso, durationMinutes: options.durationMinutes });
  const start = parseIsoInstant(move.start)!;
  const now = options.now ?? Date.now();
  try {
    const moved = await runBookingTransaction(db, async (tx) => {
      const booking = await getBooking(tx, uid, actor);
      if (booking.status === "cancelled") {
        throw new AppError("conflict", "This booking was cancelled; book a new time instead.");
      }
      if (booking.startAt.getTime() <= now) {
        throw new AppError("conflict", "This meeting has already started or taken place, so it can no longer be moved.");
      }
      if (!booking.eventTypeId) {
        throw new AppError("conflict", "The event type of this booking no longer exists, so it cannot be rescheduled.");
      }
      // Booking writes of this host run one at a time from here (see lockHostBookings).
      await lockHostBookings(tx, booking.hostId);
      const context = await loadSlotContext(tx, { eventTypeId: booking.eventTypeId }, slotLookupWindow(start), {
        excludeBookingUid: uid,
      });
      const { eventType } = context;
      const ownLength = (booking.endAt.getTime() - booking.startAt.getTime()) / MINUTE_MS;
      const durationMinutes =
        move.durationMinutes !== undefined
          ? chooseDuration(eventType, move.durationMinutes, "durationMinutes")
          : context.durationOptions.includes(ownLength)
            ? ownLength
            : eventType.durationMinutes;
      if (start <= now) throw startInPast();
      const policy = { ...context.query.policy, durationMinutes };
      if (!isSlotOffered({ ...context.query, policy, now }, start)) throw slotUnavailable();

      const end = start + durationMinutes * MINUTE_MS;
      const blocked = { start: start - eventType.bufferBeforeMinutes * MINUTE_MS, end: end + eventType.bufferAfterMinutes * MINUTE_MS };
      const seat = await moveSeat(tx, booking, context.query.seats, start, end, blocked);
      const moving = { ...booking, ...seat.booking };
      const writeBack = await writeBackNeeded(tx, moving);
      const { count } = await tx.booking.updateMany({
        where: { id: booking.id, status: "confirmed" },
        data: {
          startAt: new Date(start),
          endAt: new Date(end),
          blockedStartAt: new Date(seat.blocked.start),
          blockedEndAt: new Date(seat.blocked.end),
          ...seat.booking,
          ...(writeBack ? { writeBackStatus: "pending" as const, writeBackError: null, writeBackUpdatedAt: new Date(now) } : {}),
        },
      });
      // Cancelled by someone else between our read and this write.
      if (count === 0) throw new AppError("conflict", "This booking was cancelled; book a new time instead.");
      if (writeBack) await enqueueWriteBack(tx, moving, { afterInline: inline });
      await seat.afterMove();
      return tx.booking.findUniqueOrThrow({ where: { id: booking.id }, include: bookingRelations });
    });
    // After the commit: the old time is free, the new one taken (slot-cache.ts).
    await invalidateHost(moved.hostId);
    if (inline && moved.writeBackStatus === "pending") {
      await writeBackNow(db, moved.id);
      return db.booking.findUniqueOrThrow({ where: { id: moved.id }, include: bookingRelations });
    }
    return moved;
  } catch (error) {
    if (isExclusionViolation(error)) throw slotUnavailable();
    throw error;
  }
}
