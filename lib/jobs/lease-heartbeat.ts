/**
 * Keeps a running job's claim alive: a job whose lease runs out is taken to
 * belong to a dead worker and is claimed again (run-due-jobs.ts) — while a
 * long job (a full resync of a big calendar) may simply still be running. So
 * while its handler runs, the worker pushes the lease forward every third of
 * it: a live worker's job is never reclaimed, a dead worker's is within one
 * lease. Stopped the moment the handler returns, before the outcome is written.
 *
 * The UPDATE matches this very claim (state running, the claim's attempt
 * number): after a reclaim by another worker — say this process stalled past
 * its lease — it extends nothing of theirs.
 */
import type { Db } from "../db/client";

export interface HeldJob {
  id: string;
  kind: string;
  /** The attempt number the claim set; identifies this claim. */
  attempts: number;
}

/** Starts extending `job`'s lease to now + `leaseMs` every `leaseMs` / 3; returns the function that stops it. */
export function startLeaseHeartbeat(db: Db, job: HeldJob, leaseMs: number): () => void {
  let busy = false;
  const beat = async () => {
    // A beat still waiting on the database (a slow moment): skip, do not pile up.
    if (busy) return;
    busy = true;
    try {
      await db.$executeRaw`
        UPDATE jobs SET locked_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
        WHERE id = ${job.id} AND state = 'running' AND attempts = ${job.attempts}`;
    } catch (error) {
      // The database is away: the next beat tries again; if none lands, the job is reclaimed, as for a dead worker.
      console.error(`Job ${job.kind} ${job.id}: extending its lease failed.`, error);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void beat(), Math.max(1, Math.floor(leaseMs / 3)));
  // Never what keeps a process alive.
  timer.unref?.();
  return () => clearInterval(timer);
}
