/**
 * Asks for a sync of one calendar: a keyed "calendar.sync" job, so requests
 * that arrive while one is queued (a burst of push notifications, a poll, a
 * "sync now" click) merge into a single run. Given a transaction client the
 * job commits with the caller's writes; call wakeJobWorkers() after the
 * commit for the lowest latency (see lib/jobs/enqueue-job.ts).
 */
import type { DbClient } from "../db/client";
import { enqueueJob, type SyncReason } from "../jobs";

/** Key prefix of sync jobs; the key of one calendar's is `calendar.sync:{calendarId}`. */
export const CALENDAR_SYNC_KEY_PREFIX = "calendar.sync:";

/** Attempts of one sync job; after that the poller takes over again with its own backoff. */
const SYNC_MAX_ATTEMPTS = 5;

export interface EnqueueCalendarSyncOptions {
  /** Relist everything instead of continuing from the cursor (merged jobs keep it). */
  full?: boolean;
  /** Not before (default now); a debounce for bursts of notifications. */
  runAt?: Date;
}

export async function enqueueCalendarSync(db: DbClient, calendarId: string, reason: SyncReason, options: EnqueueCalendarSyncOptions = {}): Promise<void> {
  await enqueueJob(
    db,
    "calendar.sync",
    { calendarId, reason, ...(options.full ? { full: true as const } : {}) },
    { key: `${CALENDAR_SYNC_KEY_PREFIX}${calendarId}`, runAt: options.runAt, maxAttempts: SYNC_MAX_ATTEMPTS },
  );
}
