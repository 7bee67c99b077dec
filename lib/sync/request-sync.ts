/**
 * "Sync now" for one connected account (POST /api/v1/connections/{id}/sync,
 * the button in Settings → Calendars): a "calendar.sync" job (reason
 * "manual", keyed, so it merges with one already waiting) for every calendar
 * of the account that is ticked for conflicts, and this instance's workers
 * woken so it runs at once. Answers the account's sync status, in which those
 * calendars now show a job; the sync itself runs after the response.
 *
 * A connection that needs reconnecting is queued too: the job records why it
 * cannot run (the status says so), and a host who has just fixed the account
 * gets a sync without waiting for the poller. An account with nothing ticked
 * has nothing to sync: 409 conflict.
 */
import type { Db } from "../db/client";
import { withTransaction } from "../db/transaction";
import { AppError, notFound } from "../errors";
import { wakeJobWorkers } from "../jobs";
import { enqueueCalendarSync } from "./enqueue-calendar-sync";
import { getSyncStatus, type ConnectionSyncStatus } from "./get-sync-status";

export async function requestSync(db: Db, userId: string, connectionId: string): Promise<ConnectionSyncStatus> {
  const connection = await db.calendarConnection.findFirst({
    where: { id: connectionId, userId },
    select: { calendars: { where: { selectedForConflicts: true }, select: { id: true } } },
  });
  if (!connection) throw notFound("Calendar connection");
  if (connection.calendars.length === 0) {
    throw new AppError("conflict", "None of this account's calendars is ticked for conflicts, so there is nothing to sync. Tick one first.");
  }
  await withTransaction(db, async (tx) => {
    for (const calendar of connection.calendars) await enqueueCalendarSync(tx, calendar.id, "manual");
  });
  // After the commit: the jobs are visible to the workers now.
  wakeJobWorkers();
  return getSyncStatus(db, userId, connectionId);
}
