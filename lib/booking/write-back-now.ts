import type { Db } from "../db/client";
import { WRITE_BACK_INLINE_TIMEOUT_MS } from "./queue-write-back";
import { writeBackBooking } from "./write-back-booking";

/**
 * One write-back attempt right after a booking change commits, so the guest's
 * confirmation normally has its Meet / Teams link already. Bounded: after
 * `timeoutMs` the request answers with the write-back still pending (the
 * attempt may finish in the background). Never fails the request — a failure
 * here is retried by the booking's job, which was enqueued with the change.
 */
export async function writeBackNow(db: Db, bookingId: string, timeoutMs: number = WRITE_BACK_INLINE_TIMEOUT_MS): Promise<void> {
  const attempt = writeBackBooking(db, bookingId).catch((error: unknown) => {
    console.error(`Calendar write-back of booking ${bookingId} failed; its job will retry.`, error);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
