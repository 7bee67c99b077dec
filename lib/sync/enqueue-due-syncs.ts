/**
 * The poller's tick: enqueues a "poll" sync for every ticked calendar that is
 * due — its next_poll_at has passed, it has no sync state yet, or it was left
 * on the slow push safety-net schedule although its push channel is no longer
 * live (expired or stopped without a sync since) — and has no sync queued or
 * running already. Accounts that need reconnecting are left alone until the
 * host reconnects (which enqueues a sync itself).
 *
 * Safe on any number of instances at once: it only enqueues keyed jobs, which
 * merge.
 */
import { config } from "../config";
import type { Db } from "../db/client";
import type { PeriodicTask } from "../jobs";
import { CALENDAR_SYNC_KEY_PREFIX, enqueueCalendarSync } from "./enqueue-calendar-sync";

/** Calendars enqueued per tick at most; the rest follow on the next ticks. */
const DEFAULT_LIMIT = 200;

export async function enqueueDueSyncs(db: Db, options: { now?: number; limit?: number } = {}): Promise<string[]> {
  const now = new Date(options.now ?? Date.now());
  // A safety-net poll further out than a regular one (plus its jitter) means "push was live at the last sync".
  const regularHorizon = new Date(now.getTime() + config().sync.pollIntervalMs * 1.2);
  const due = await db.$queryRaw<Array<{ id: string }>>`
    SELECT c.id FROM connected_calendars c
    JOIN calendar_connections k ON k.id = c.connection_id
    LEFT JOIN calendar_sync_states s ON s.calendar_id = c.id
    WHERE c.selected_for_conflicts
      AND k.status <> 'needs_reconnect'
      AND (s.calendar_id IS NULL OR s.next_poll_at IS NULL OR s.next_poll_at <= ${now}
           OR (s.consecutive_failures = 0 AND s.next_poll_at > ${regularHorizon}
               AND NOT EXISTS (SELECT 1 FROM push_channels p
                               WHERE p.calendar_id = c.id AND p.status = 'active' AND p.expires_at > ${now})))
      AND NOT EXISTS (SELECT 1 FROM jobs j
                      WHERE j.key = ${CALENDAR_SYNC_KEY_PREFIX}::text || c.id AND j.state IN ('queued', 'running'))
    ORDER BY s.next_poll_at ASC NULLS FIRST
    LIMIT ${options.limit ?? DEFAULT_LIMIT}`;
  for (const { id } of due) await enqueueCalendarSync(db, id, "poll");
  return due.map((row) => row.id);
}

/** Every 15 s: cheap (one indexed query), and keeps a due calendar's wait short. */
export const calendarPollTask: PeriodicTask = {
  name: "calendar.poll",
  intervalMs: 15_000,
  run: async (db) => {
    await enqueueDueSyncs(db);
  },
};
