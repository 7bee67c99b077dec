import type { DbClient } from "../../db/client";
import { enqueueJob } from "../../jobs";

/**
 * Queues "make this calendar's push channel match its state" (watch-calendar.ts).
 * Keyed per calendar: ticks, unticks, upkeep and lifecycle notifications that
 * arrive together become one run, which reads the current state anyway.
 */
export function enqueueCalendarWatch(db: DbClient, calendarId: string, options: { renew?: boolean } = {}): Promise<void> {
  return enqueueJob(db, "calendar.watch", options.renew ? { calendarId, renew: true } : { calendarId }, {
    key: `calendar.watch:${calendarId}`,
    maxAttempts: 6,
  });
}
