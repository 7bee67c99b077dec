import { PermanentJobError, RetryJobLater, type JobHandler } from "../jobs";
import { writeBackBooking } from "./write-back-booking";

/**
 * The "booking.write-back" job: one attempt of writeBackBooking, its outcome
 * told to the queue — a provider's Retry-After is honoured, other retryable
 * failures back off, and on the last attempt they are stored as failed (the
 * host sees it and can retry). A refusal no retry can fix fails the job at once.
 */
export const bookingWriteBackJob: JobHandler<"booking.write-back"> = async ({ bookingId }, { db, attempt, maxAttempts }) => {
  const result = await writeBackBooking(db, bookingId, { finalAttempt: attempt >= maxAttempts });
  switch (result.outcome) {
    case "retry":
      if (result.retryAfterMs !== undefined) throw new RetryJobLater(result.retryAfterMs, result.message);
      throw new Error(result.message);
    case "failed":
      throw new PermanentJobError(result.message);
    default:
      return { subjectId: bookingId, result: { ...result } };
  }
};
