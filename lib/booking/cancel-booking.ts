import { z } from "zod";
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";
import { cancelBookingSchema } from "./booking-schema";
import { getBooking, type BookingActor } from "./get-booking";
import { enqueueWriteBack, writeBackNeeded } from "./queue-write-back";
import { writeBackNow } from "./write-back-now";

const reasonSchema = z.object({ reason: cancelBookingSchema.shape.reason });

/**
 * Cancels a booking for its host or for the guest with the manage token. The
 * row stays (status cancelled, who, when, why); the exclusion constraint
 * ignores cancelled rows, so the time is offered again at once.
 * A seat of a group event is cancelled alone (the other guests keep the
 * meeting), unless the host asks for `allSeats`: then every guest's booking
 * of that meeting is cancelled with the same reason, in one transaction.
 * Not found / foreign / wrong token → 404; a guest asking for allSeats → 403;
 * already cancelled or already begun → 409.
 * The calendar event is updated or deleted by the meeting's write-back job,
 * enqueued with the cancellation and tried once inline after the commit.
 */
export async function cancelBooking(
  db: Db,
  uid: string,
  actor: BookingActor,
  reason?: string,
  options: { now?: number; inlineWriteBack?: boolean; allSeats?: boolean } = {},
): Promise<BookingWithRelations> {
  const inline = options.inlineWriteBack ?? true;
  const parsed = reasonSchema.parse({ reason });
  const now = options.now ?? Date.now();
  const booking = await getBooking(db, uid, actor);
  if (options.allSeats && actor.kind !== "host") {
    throw new AppError("forbidden", "Only the host can cancel every seat of a meeting; a guest cancels their own seat.");
  }
  if (booking.status === "cancelled") throw alreadyCancelled();
  if (booking.startAt.getTime() <= now) {
    throw new AppError("conflict", "This meeting has already started or taken place, so it can no longer be cancelled.");
  }
  // Conditional on still being confirmed: of two simultaneous cancels, one wins
  // and the other gets a clear 409 instead of overwriting who cancelled.
  const writeBack = await writeBackNeeded(db, { ...booking, status: "cancelled" });
  const seats = options.allSeats && booking.seatGroupId ? { seatGroupId: booking.seatGroupId } : { id: booking.id };
  await db.$transaction(async (tx) => {
    const { count } = await tx.booking.updateMany({
      where: { ...seats, status: "confirmed" },
      data: {
        status: "cancelled",
        cancelledAt: new Date(now),
        cancelledBy: actor.kind,
        cancelReason: parsed.reason ? parsed.reason : null,
        ...(writeBack ? { writeBackStatus: "pending" as const, writeBackError: null, writeBackUpdatedAt: new Date(now) } : {}),
      },
    });
    if (count === 0) throw alreadyCancelled();
    if (writeBack) await enqueueWriteBack(tx, booking, { afterInline: inline });
  });
  // The time is free again: the host's cached slots no longer hold (slot-cache.ts).
  await invalidateHost(booking.hostId);
  if (inline && writeBack) await writeBackNow(db, booking.id);
  return db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: bookingRelations });
}

const alreadyCancelled = () => new AppError("conflict", "This booking is already cancelled.");
