/**
 * The outbox side of calendar write-back: inside the transaction that creates,
 * moves or cancels a booking, decide whether the host's calendar must follow,
 * and if so mark the booking `pending` and enqueue its "booking.write-back"
 * job — both commit or roll back with the change itself, so a booking never
 * changes without its calendar following, even if the process dies right after.
 */
import { resolveDestinationCalendar } from "../calendars/resolve-destination-calendar";
import type { DbClient } from "../db/client";
import type { Booking } from "../db/generated/client";
import { isConferenceLocation } from "../event-types/conference-location";
import { enqueueJob } from "../jobs";

/** How long a request waits for the inline write-back (write-back-now.ts) before answering with `pending`. */
export const WRITE_BACK_INLINE_TIMEOUT_MS = 8_000;

/**
 * Whether the calendar has to follow this booking's (new) state: an event
 * exists or is being written, or a confirmed booking has somewhere to go. A
 * Meet / Teams booking always needs its calendar (for the link): without a
 * fitting destination its write-back fails visibly rather than staying silent.
 */
export async function writeBackNeeded(
  db: DbClient,
  booking: Pick<Booking, "hostId" | "eventTypeId" | "status" | "locationType" | "calendarEventId" | "writeBackStatus">,
): Promise<boolean> {
  if (booking.calendarEventId !== null || booking.writeBackStatus === "pending" || booking.writeBackStatus === "failed") return true;
  if (booking.status !== "confirmed") return false;
  if (isConferenceLocation(booking.locationType)) return true;
  return (await resolveDestinationCalendar(db, booking.hostId, booking.eventTypeId)) !== null;
}

/**
 * Enqueues the write-back job of the booking's meeting (keyed: one queued job
 * per meeting — a booking, or all seats of a seated meeting, which share one
 * calendar event — later changes merge into it, and the queue runs one job of
 * a key at a time). With `afterInline` the job waits out the inline attempt
 * the caller makes right after its commit, so the two do not call the
 * provider at the same time; the job is then the retry, or the safety net if
 * this process dies.
 */
export async function enqueueWriteBack(
  db: DbClient,
  booking: Pick<Booking, "id" | "seatGroupId">,
  options: { afterInline?: boolean } = {},
): Promise<void> {
  const runAt = new Date(Date.now() + (options.afterInline ? WRITE_BACK_INLINE_TIMEOUT_MS + 2_000 : 0));
  const key = booking.seatGroupId ? `booking.write-back:seats:${booking.seatGroupId}` : `booking.write-back:${booking.id}`;
  await enqueueJob(db, "booking.write-back", { bookingId: booking.id }, { key, runAt });
}
