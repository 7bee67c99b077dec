/**
 * Notes a failed sync on the calendar's sync state — last error, failures in
 * a row, and the next poll pushed out (backoff, Retry-After) — and nothing
 * else: the stored occurrences stay as they are, because stale busy time
 * beats unknown busy time. Skipped when the calendar is gone or unticked
 * meanwhile (it has no sync state to keep).
 */
import { CalendarProviderError } from "../calendars/provider-error";
import type { Db } from "../db/client";
import { withTransaction } from "../db/transaction";
import { lockCalendarSelection } from "./lock-calendar-selection";
import { planNextPoll } from "./plan-next-poll";

const MAX_ERROR_LENGTH = 500;
const SERVER_PROBLEM = "Kairos could not sync this calendar because of a problem on the server.";

export interface RecordSyncFailureInput {
  now: number;
  pollIntervalMs: number;
  hasActivePush: boolean;
}

/** Answers the failures in a row (0 when nothing was recorded). */
export async function recordSyncFailure(db: Db, calendarId: string, error: unknown, input: RecordSyncFailureInput): Promise<number> {
  const message = (error instanceof CalendarProviderError ? error.message : SERVER_PROBLEM).slice(0, MAX_ERROR_LENGTH);
  const retryAfterMs = error instanceof CalendarProviderError ? error.options.retryAfterMs : undefined;
  return withTransaction(db, async (tx) => {
    if (!(await lockCalendarSelection(tx, calendarId))) return 0;
    const state = await tx.calendarSyncState.findUnique({ where: { calendarId }, select: { consecutiveFailures: true } });
    const consecutiveFailures = (state?.consecutiveFailures ?? 0) + 1;
    const at = new Date(input.now);
    const fields = {
      lastAttemptAt: at,
      lastError: message,
      lastErrorAt: at,
      consecutiveFailures,
      nextPollAt: planNextPoll({ ...input, consecutiveFailures, retryAfterMs }),
    };
    await tx.calendarSyncState.upsert({ where: { calendarId }, create: { calendarId, ...fields }, update: fields });
    return consecutiveFailures;
  });
}
