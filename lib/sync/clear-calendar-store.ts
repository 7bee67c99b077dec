/**
 * Forgets what the busy store holds for one calendar: its occurrences and its
 * sync state (cursor included, so ticking it again starts with a full
 * listing). Answers how many occurrences went, so callers know whether the
 * host's availability changed.
 */
import type { DbClient } from "../db/client";

export async function clearCalendarStore(db: DbClient, calendarId: string): Promise<number> {
  const { count } = await db.externalEvent.deleteMany({ where: { calendarId } });
  await db.calendarSyncState.deleteMany({ where: { calendarId } });
  return count;
}
