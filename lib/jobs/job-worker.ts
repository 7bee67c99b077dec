/**
 * The long-running worker of one app instance: claims and runs due jobs
 * (run-due-jobs.ts), sleeping between polls unless woken by a local enqueue,
 * and runs the periodic ticks (enqueue due polls, renew expiring push
 * channels) on their own interval. Ticks must be safe on many instances at
 * once — they only enqueue keyed jobs, which merge.
 *
 * Lanes are refilled as they free up: a long job (a full resync) holds one
 * lane while the others keep taking new jobs, so a push-triggered sync never
 * waits for an unrelated slow one. The worker claims only as many jobs as it
 * has free lanes, leaving the rest to other instances.
 */
import type { Db } from "../db/client";
import { claimJobs, runJob, type JobHandlers, type RunDueJobsOptions } from "./run-due-jobs";
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
  /** Stops claiming, finishes the jobs and periodic ticks in hand, then resolves. */
  stop(): Promise<void>;
}

export function startJobWorker(db: Db, handlers: JobHandlers, options: JobWorkerOptions = {}): JobWorker {
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let stopped = false;
  let wake: (() => void) | undefined;
  let pendingWake = false;
  const poke = () => {
    pendingWake = true;
    wake?.();
  };
  const unsubscribe = onJobWake(poke);
  const running = new Set<Promise<void>>();

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
      const free = concurrency - running.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await claimJobs(db, handlers, { ...options, limit: free });
          claimed = jobs.length;
          for (const job of jobs) {
            const run: Promise<void> = runJob(db, handlers, job, options).finally(() => {
              running.delete(run);
              // A lane is free: claim again now rather than at the next poll.
              poke();
            });
            running.add(run);
          }
        } catch (error) {
          // The database is away (restart, network): keep polling, it comes back.
          console.error("Job worker: claiming jobs failed.", error);
        }
      }
      // Fewer due jobs than free lanes (none left now), or no lane free: wait
      // for an enqueue, a lane freeing up or the next poll.
      if (claimed < free || free === 0) await sleep(pollIntervalMs);
    }
    await Promise.all(running);
  })();

  const ticks = new Set<Promise<void>>();
  const timers = (options.periodic ?? []).map((task) => {
    let running = false;
    const tick = () => {
      if (running || stopped) return;
      running = true;
      const done: Promise<void> = Promise.resolve()
        .then(() => task.run(db))
        .catch((error) => console.error(`Periodic task ${task.name} failed.`, error))
        .finally(() => {
          running = false;
          ticks.delete(done);
        });
      ticks.add(done);
    };
    tick();
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
      await Promise.all(ticks);
    },
  };
}
