/**
 * Work each instance starts on a timer. Every task only enqueues keyed jobs,
 * which merge, so running it on many instances at once is harmless.
 */
import type { PeriodicTask } from "../jobs";

export const periodicTasks: PeriodicTask[] = [
  // lib/sync: enqueue due polls; renew push channels before they expire
];
