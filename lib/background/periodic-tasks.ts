/**
 * Work each instance starts on a timer. Every task only enqueues keyed jobs,
 * which merge, so running it on many instances at once is harmless.
 */
import type { PeriodicTask } from "../jobs";
import { calendarPollTask } from "../sync/enqueue-due-syncs";
import { pushChannelUpkeep } from "../sync/push";

export const periodicTasks: PeriodicTask[] = [
  calendarPollTask,
  pushChannelUpkeep,
];
