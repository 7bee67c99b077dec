/**
 * The long-running worker of one app instance: claims and runs due jobs
 * (run-due-jobs.ts), sleeping between polls unless woken by a local enqueue,
 * and runs the periodic ticks (enqueue due polls, renew expiring push
 * channels) on their own interval. Ticks must be safe on many instances at
 * once — they only enqueue keyed jobs, which merge.
 */
import type { Db } from "../db/client";
import { runDueJobs, type JobHandlers, type RunDueJobsOptions } from "./run-due-jobs";
import { onJobWake } from "./wake-job-workers";

export interface PeriodicTask {
  name: string;
  intervalMs: number;
  run(db: Db): Promise<void>;
}

export interface JobWorkerOptions extends RunDueJobsOptions {
  /** Sleep between polls when idle (default 1 s). */
  pollIntervalMs?: number;
  periodic?: PeriodicTask[];
}

export interface JobWorker {
  /** Finishes the jobs in hand, then resolves. */
  stop(): Promise<void>;
}

export function startJobWorker(db: Db, handlers: JobHandlers, options: JobWorkerOptions = {}): JobWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | undefined;
  let pendingWake = false;
  const unsubscribe = onJobWake(() => {
    pendingWake = true;
    wake?.();
  });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopped) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopped) {
      pendingWake = false;
      let ran = 0;
      try {
        ran = await runDueJobs(db, handlers, options);
      } catch (error) {
        // The database is away (restart, network): keep polling, it comes back.
        console.error("Job worker: claiming jobs failed.", error);
      }
      if (ran === 0) await sleep(pollIntervalMs);
    }
  })();

  const timers = (options.periodic ?? []).map((task) => {
    let running = false;
    const tick = async () => {
      if (running || stopped) return;
      running = true;
      try {
        await task.run(db);
      } catch (error) {
        console.error(`Periodic task ${task.name} failed.`, error);
      } finally {
        running = false;
      }
    };
    void tick();
    const timer = setInterval(tick, task.intervalMs);
    timer.unref?.();
    return timer;
  });

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      for (const timer of timers) clearInterval(timer);
      wake?.();
      await loop;
    },
  };
}
