import { randomUUID } from "node:crypto";
import type { DbClient } from "../db/client";
import type { JobKind, JobPayloads } from "./job-kinds";
import { wakeJobWorkers } from "./wake-job-workers";

export interface EnqueueOptions {
  /**
   * Dedupe/debounce key: while a job with this key is queued, enqueueing again
   * merges into it (earliest run time wins, payloads merge) instead of adding a
   * second one. A job already *running* with the key does not absorb it, so a
   * change that lands mid-run still gets a run of its own afterwards.
   */
  key?: string;
  /** Not before (default: now). */
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job. Given a transaction client, the job commits or rolls back with
 * the caller's writes — a transactional outbox: a booking never exists without
 * its write-back job, nor a job without its booking.
 *
 * Wakes this process's workers; in a transaction the job is not visible until
 * commit, so the worker may miss it on this wake-up and claim it on its next
 * poll (JOB_POLL_INTERVAL_MS). Callers that care about latency call
 * wakeJobWorkers() again after their commit.
 */
export async function enqueueJob<K extends JobKind>(db: DbClient, kind: K, payload: JobPayloads[K], options: EnqueueOptions = {}): Promise<void> {
  const runAt = options.runAt ?? new Date();
  const maxAttempts = options.maxAttempts ?? 10;
  const json = JSON.stringify(payload);
  if (options.key === undefined) {
    await db.$executeRaw`
      INSERT INTO jobs (id, kind, payload, run_at, max_attempts, updated_at)
      VALUES (${randomUUID()}, ${kind}, ${json}::jsonb, ${runAt}, ${maxAttempts}, now())`;
  } else {
    await db.$executeRaw`
      INSERT INTO jobs (id, kind, key, payload, run_at, max_attempts, updated_at)
      VALUES (${randomUUID()}, ${kind}, ${options.key}, ${json}::jsonb, ${runAt}, ${maxAttempts}, now())
      ON CONFLICT (key) WHERE state = 'queued'
      DO UPDATE SET run_at = LEAST(jobs.run_at, EXCLUDED.run_at),
                    payload = jobs.payload || EXCLUDED.payload,
                    updated_at = now()`;
  }
  if (runAt.getTime() <= Date.now()) wakeJobWorkers();
}
