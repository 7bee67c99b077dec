/**
 * Starts this instance's job worker (and its periodic tasks) once per process.
 * Called from instrumentation.ts when the Next.js server boots; `KAIROS_WORKER=off`
 * runs an instance that only serves requests (the jobs it enqueues are then
 * run by the other instances).
 */
import { config } from "../config";
import { db } from "../db/client";
import { startJobWorker, type JobWorker } from "../jobs";
import { jobHandlers } from "./job-handlers";
import { periodicTasks } from "./periodic-tasks";

const holder = globalThis as unknown as { kairosJobWorker?: JobWorker };

export function startBackgroundWork(): void {
  const settings = config().worker;
  if (!settings.enabled || holder.kairosJobWorker) return;
  holder.kairosJobWorker = startJobWorker(db(), jobHandlers, {
    pollIntervalMs: settings.pollIntervalMs,
    concurrency: settings.concurrency,
    periodic: periodicTasks,
  });
}

export async function stopBackgroundWork(): Promise<void> {
  const worker = holder.kairosJobWorker;
  holder.kairosJobWorker = undefined;
  await worker?.stop();
}
