/**
 * Which code runs each kind of background job. One line per kind; the
 * handlers live in their domains (lib/sync, lib/booking).
 */
import { deleteOrphanEventJob } from "../booking/delete-orphan-event";
import { retryFailedWriteBacksJob } from "../booking/retry-failed-write-backs";
import { bookingWriteBackJob } from "../booking/write-back-job";
import type { JobHandlers } from "../jobs";
import { unwatchChannelJob, watchCalendarJob } from "../sync/push";
import { runCalendarSyncJob } from "../sync/run-calendar-sync-job";

export const jobHandlers: JobHandlers = {
  "calendar.sync": runCalendarSyncJob,
  "calendar.watch": watchCalendarJob,
  "calendar.unwatch": unwatchChannelJob,
  "booking.write-back": bookingWriteBackJob,
  "booking.delete-orphan-event": deleteOrphanEventJob,
  "booking.retry-failed-write-backs": retryFailedWriteBacksJob,
};
