import type { Db } from "../db/client";
import { AppError } from "../errors";
import { bookingRelations, type BookingWithRelations } from "./booking-dto";
import { getBooking } from "./get-booking";
import { enqueueWriteBack } from "./queue-write-back";
import { writeBackNow } from "./write-back-now";

/**
 * "Retry calendar write" for the host: a failed (or still pending) write-back
 * is queued again and tried at once, e.g. after reconnecting the account or
 * choosing another destination. Another host's booking is 404; a booking whose
 * calendar already matches (synced) or that has no calendar (none) is 409.
 */
export async function retryWriteBack(db: Db, uid: string, hostId: string, options: { inline?: boolean } = {}): Promise<BookingWithRelations> {
  const booking = await getBooking(db, uid, { kind: "host", userId: hostId });
  if (booking.writeBackStatus !== "failed" && booking.writeBackStatus !== "pending") {
    throw new AppError(
      "conflict",
      booking.writeBackStatus === "synced" ? "This booking is already in your calendar." : "This booking has no calendar to be written to.",
    );
  }
  const inline = options.inline ?? true;
  await db.$transaction(async (tx) => {
    await tx.booking.update({ where: { id: booking.id }, data: { writeBackStatus: "pending", writeBackError: null, writeBackUpdatedAt: new Date() } });
    await enqueueWriteBack(tx, booking, { afterInline: inline });
  });
  if (inline) await writeBackNow(db, booking.id);
  return db.booking.findUniqueOrThrow({ where: { id: booking.id }, include: bookingRelations });
}
