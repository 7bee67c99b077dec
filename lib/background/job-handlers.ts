/**
 * Which code runs each kind of background job. One line per kind; the
 * handlers live in their domains (lib/sync, lib/booking).
 */
import type { JobHandlers } from "../jobs";

export const jobHandlers: JobHandlers = {
  // "calendar.sync", "calendar.watch", "calendar.unwatch": lib/sync
  // "booking.write-back": lib/booking
};
