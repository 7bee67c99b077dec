/**
 * In-process wake-up for job workers: enqueueing a job that is due now wakes
 * this process's workers at once instead of at their next poll. Other
 * instances find it on their own poll; the instance that received a webhook
 * is the one that enqueued, so push-to-sync latency stays low everywhere.
 */
type Listener = () => void;
const holder = globalThis as unknown as { kairosJobWakeListeners?: Set<Listener> };
const listeners = (holder.kairosJobWakeListeners ??= new Set());

export function wakeJobWorkers(): void {
  for (const listener of listeners) listener();
}

export function onJobWake(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
