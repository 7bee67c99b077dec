import type { Db } from "../../db/client";
import type { SyncReason } from "../../jobs";
import { enqueueCalendarSync } from "../enqueue-calendar-sync";

/**
 * A verified notification: note when the channel last spoke and queue an
 * incremental sync of its calendar. The job key merges bursts (one queued sync
 * per calendar however many notifications arrive); a notification landing
 * while a sync runs queues exactly one more, so no change is lost. The
 * enqueue wakes this instance's worker, so the sync starts right after the
 * webhook has answered.
 */
export async function enqueuePushSync(db: Db, channel: { id: string; calendarId: string }, reason: SyncReason = "push"): Promise<void> {
  await db.pushChannel.updateMany({ where: { id: channel.id }, data: { lastNotificationAt: new Date() } });
  await enqueueCalendarSync(db, channel.calendarId, reason);
}
