/**
 * The "booking.retry-failed-write-backs" job: after a host connects or
 * reconnects a calendar account (save-connection.ts enqueues it with the
 * connection), every calendar write of theirs that failed — most often
 * because the old grant was revoked, or no fitting calendar was connected —
 * is queued once more, so the host does not have to click "Retry calendar
 * write" on each booking. Only meetings that still matter: not yet begun, or
 * cancelled with an event left to remove. A write that fails again is failed
 * again, with its reason.
 */
import type { Db } from "../db/client";
import type { JobHandler } from "../jobs";
import { enqueueWriteBack } from "./queue-write-back";

export async function retryFailedWriteBacks(db: Db, hostId: string, now = Date.now()): Promise<number> {
  return db.$transaction(async (tx) => {
    const failed = await tx.booking.findMany({
      where: {
        hostId,
        writeBackStatus: "failed",
        OR: [{ startAt: { gt: new Date(now) } }, { status: "cancelled", calendarEventId: { not: null } }],
      },
      select: { id: true, seatGroupId: true },
    });
    if (failed.length === 0) return 0;
    await tx.booking.updateMany({
      where: { id: { in: failed.map((b) => b.id) } },
      data: { writeBackStatus: "pending", writeBackError: null, writeBackUpdatedAt: new Date(now) },
    });
    // One job per meeting: the seats of one meeting share theirs.
    const meetings = new Map(failed.map((b) => [b.seatGroupId ?? b.id, b]));
    for (const booking of meetings.values()) await enqueueWriteBack(tx, booking);
    return meetings.size;
  });
}

export const retryFailedWriteBacksJob: JobHandler<"booking.retry-failed-write-backs"> = async ({ hostId }, { db }) => ({
  subjectId: hostId,
  result: { requeued: await retryFailedWriteBacks(db, hostId) },
});
