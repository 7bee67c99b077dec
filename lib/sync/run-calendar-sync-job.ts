/**
 * The "calendar.sync" job: one syncCalendar run, its counts recorded on the
 * job's run (job_runs.result), and provider failures turned into what the
 * queue should do with them (providerJobError):
 * - rate_limited with Retry-After: try again exactly then;
 * - transient (network, timeout, 5xx), rate_limited without Retry-After, or
 *   a bug: retried with the queue's exponential backoff;
 * - auth (revoked grant, changed password — providerForConnection has marked
 *   the connection needs_reconnect; reconnecting enqueues a new sync),
 *   not_found / forbidden / invalid: fail now, retrying cannot help; the
 *   poller comes back later with its own backoff where that makes sense.
 */
import type { JobHandler } from "../jobs";
import { providerJobError } from "./push/provider-job-error";
import { syncCalendar } from "./sync-calendar";

export const runCalendarSyncJob: JobHandler<"calendar.sync"> = async (payload, { db }) => {
  try {
    const { calendarId, outcome, ...result } = await syncCalendar(db, payload.calendarId, { reason: payload.reason, full: payload.full === true });
    return { subjectId: calendarId, result: { outcome, ...result } };
  } catch (error) {
    throw providerJobError(error);
  }
};
