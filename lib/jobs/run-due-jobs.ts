/**
 * Claims due jobs and runs them: the heart of the worker, usable on its own by
 * tests ("run what is due now") and by the long-running loop (job-worker.ts).
 *
 * Claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` subselect, so any
 * number of workers in any number of app instances take disjoint jobs without
 * waiting on each other. A job whose key is already running elsewhere is left
 * for later: jobs of one key (one calendar's sync, one booking's write-back)
 * never run at the same time. A running job whose lease expired (its worker
 * died mid-run) is claimed again — before, never beside, a queued job of its
 * key. A live worker extends the lease of each job it runs for as long as the
 * handler runs (lease-heartbeat.ts), so a long job is never taken for a dead one.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { withTransaction } from "../db/transaction";
import { Prisma } from "../db/generated/client";
import type { JobKind, JobPayloads } from "./job-kinds";
import { PermanentJobError, RetryJobLater } from "./job-errors";
import { startLeaseHeartbeat } from "./lease-heartbeat";

export interface JobContext {
  db: Db;
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** What a handler may report: recorded on the job's run (job_runs). */
export interface JobOutcome {
  /** What the job was about (a calendar id, a booking id), for health views. */
  subjectId?: string;
  result?: Record<string, unknown>;
}

export type JobHandler<K extends JobKind> = (payload: JobPayloads[K], context: JobContext) => Promise<JobOutcome | void>;
export type JobHandlers = { [K in JobKind]?: JobHandler<K> };

export interface RunDueJobsOptions {
  workerId?: string;
  /** Jobs claimed at once (default: `concurrency`, so no instance holds jobs it cannot start yet). */
  limit?: number;
  /** How long a claim holds before another worker may take the job over, unless extended while the job runs (default 10 min). */
  leaseMs?: number;
  /** Jobs run at the same time (default 4). */
  concurrency?: number;
  /** Only these kinds (tests). */
  kinds?: JobKind[];
}

export interface ClaimedJob {
  id: string;
  kind: string;
  key: string | null;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 1000;
const BASE_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** Claims and runs the jobs due now; answers how many ran. */
export async function runDueJobs(db: Db, handlers: JobHandlers, options: RunDueJobsOptions = {}): Promise<number> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const jobs = await claimJobs(db, handlers, { ...options, limit: options.limit ?? concurrency });
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await runJob(db, handlers, jobs[next++], options);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
  return jobs.length;
}

/**
 * Runs due jobs until none are left (jobs that enqueue jobs included), at most
 * `maxRounds` rounds. For tests and scripts that want "everything settled".
 */
export async function drainJobs(db: Db, handlers: JobHandlers, options: RunDueJobsOptions & { maxRounds?: number } = {}): Promise<number> {
  let total = 0;
  for (let round = 0; round < (options.maxRounds ?? 50); round++) {
    const ran = await runDueJobs(db, handlers, options);
    if (ran === 0) break;
    total += ran;
  }
  return total;
}

/**
 * Marks up to `limit` (default 10) due jobs running for this worker and returns them.
 * Of one key at most one is taken: a queued job waits while any job of its
 * key is running (an expired one included: it is reclaimed first), and of
 * several expired ones the smallest id goes first.
 */
export async function claimJobs(db: Db, handlers: JobHandlers, options: RunDueJobsOptions): Promise<ClaimedJob[]> {
  const kinds = (options.kinds ?? (Object.keys(handlers) as JobKind[])).filter((kind) => handlers[kind]);
  if (kinds.length === 0) return [];
  const workerId = options.workerId ?? `worker-${process.pid}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  // A materialized CTE, not `id IN (subquery)`: the planner may run such a
  // subquery more than once, locking and claiming more rows than LIMIT.
  return db.$queryRaw<ClaimedJob[]>`
    WITH due AS MATERIALIZED (
      SELECT j.id FROM jobs j
      WHERE j.kind IN (${Prisma.join(kinds)})
        AND ((j.state = 'queued' AND j.run_at <= now()) OR (j.state = 'running' AND j.locked_until < now()))
        AND (j.key IS NULL OR NOT EXISTS (
          SELECT 1 FROM jobs r WHERE r.key = j.key AND r.id <> j.id AND r.state = 'running'
            AND (r.locked_until >= now() OR j.state = 'queued' OR r.id < j.id)))
      ORDER BY j.run_at
      LIMIT ${options.limit ?? 10}
      FOR UPDATE SKIP LOCKED)
    UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ${workerId},
                    locked_until = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
    FROM due WHERE jobs.id = due.id
    RETURNING jobs.id, jobs.kind, jobs.key, jobs.payload, jobs.attempts, jobs.max_attempts AS "maxAttempts"`;
}

/**
 * Runs one claimed job and records the outcome. Never throws: if the outcome
 * cannot be written (the database went away), the job stays running until its
 * lease expires and is then claimed again. `leaseMs`: the lease it was claimed
 * with, extended while the handler runs.
 */
export async function runJob(db: Db, handlers: JobHandlers, job: ClaimedJob, options: Pick<RunDueJobsOptions, "leaseMs"> = {}): Promise<void> {
  try {
    await runAndRecord(db, handlers, job, options.leaseMs ?? DEFAULT_LEASE_MS);
  } catch (error) {
    console.error(`Job ${job.kind} ${job.id}: could not record its outcome; it runs again when its lease expires.`, error);
  }
}

async function runAndRecord(db: Db, handlers: JobHandlers, job: ClaimedJob, leaseMs: number): Promise<void> {
  const startedAt = new Date();
  const handler = handlers[job.kind as JobKind] as JobHandler<JobKind> | undefined;
  let outcome: JobOutcome | void = undefined;
  let failure: unknown;
  const stopHeartbeat = startLeaseHeartbeat(db, job, leaseMs);
  try {
    if (!handler) throw new PermanentJobError(`No handler for job kind "${job.kind}".`);
    outcome = await handler(job.payload as JobPayloads[JobKind], { db, jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts });
  } catch (error) {
    failure = error;
  } finally {
    stopHeartbeat();
  }
  const finishedAt = new Date();
  const subjectId = (outcome && outcome.subjectId) ?? subjectOf(job.payload);

  if (failure === undefined) {
    await db.$transaction([
      db.$executeRaw`UPDATE jobs SET state = 'succeeded', finished_at = ${finishedAt}, locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = now() WHERE id = ${job.id}`,
      recordRun(db, job, startedAt, finishedAt, "succeeded", subjectId, null, outcome?.result ?? null),
    ]);
    return;
  }

  const message = errorMessage(failure);
  const permanent = failure instanceof PermanentJobError || job.attempts >= job.maxAttempts;
  if (permanent) {
    if (!(failure instanceof PermanentJobError)) console.error(`Job ${job.kind} ${job.id} failed for good after ${job.attempts} attempts.`, failure);
    await db.$transaction([
      db.$executeRaw`UPDATE jobs SET state = 'failed', finished_at = ${finishedAt}, locked_by = NULL, locked_until = NULL, last_error = ${message}, updated_at = now() WHERE id = ${job.id}`,
      recordRun(db, job, startedAt, finishedAt, "failed", subjectId, message, outcome?.result ?? null),
    ]);
    return;
  }

  const delayMs = failure instanceof RetryJobLater ? failure.delayMs : backoffMs(job.attempts);
  const runAt = new Date(finishedAt.getTime() + delayMs);
  const requeue = () =>
    withTransaction(db, async (tx) => {
      // Requeue — unless the same key was enqueued meanwhile: that queued job
      // will do this work, so merge into it as enqueueJob would (earliest time
      // wins, payloads merge: a `full: true` of this one is kept) and drop this one.
      const merged = job.key
        ? await tx.$executeRaw`UPDATE jobs SET run_at = LEAST(run_at, ${runAt}), payload = ${JSON.stringify(job.payload)}::jsonb || payload, updated_at = now()
                                WHERE key = ${job.key} AND state = 'queued' AND id <> ${job.id}`
        : 0;
      await recordRun(tx, job, startedAt, finishedAt, "retrying", subjectId, message, outcome?.result ?? null);
      if (merged > 0) {
        await tx.$executeRaw`DELETE FROM jobs WHERE id = ${job.id}`;
      } else {
        await tx.$executeRaw`UPDATE jobs SET state = 'queued', run_at = ${runAt}, locked_by = NULL, locked_until = NULL, last_error = ${message}, updated_at = now() WHERE id = ${job.id}`;
      }
    });
  try {
    await requeue();
  } catch (error) {
    // A twin enqueued between the merge check and the requeue (the queued key
    // is unique): it is committed now, so the second try merges into it.
    if (!isUniqueViolation(error)) throw error;
    await requeue();
  }
}

function recordRun(
  db: Db | Prisma.TransactionClient,
  job: ClaimedJob,
  startedAt: Date,
  finishedAt: Date,
  outcome: "succeeded" | "retrying" | "failed",
  subjectId: string | undefined,
  error: string | null,
  result: Record<string, unknown> | null,
) {
  return db.$executeRaw`
    INSERT INTO job_runs (id, job_id, kind, subject_id, started_at, finished_at, outcome, error, result)
    VALUES (${randomUUID()}, ${job.id}, ${job.kind}, ${subjectId ?? null}, ${startedAt}, ${finishedAt}, ${outcome}, ${error},
            ${result === null ? null : JSON.stringify(result)}::jsonb)`;
}

/** 5 s, 10 s, 20 s … capped at an hour, with ±20 % jitter so a provider outage does not end in a thundering herd. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The id a payload is about, when the handler did not say. */
function subjectOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== "object") return undefined;
  const record = payload as Record<string, unknown>;
  for (const field of ["calendarId", "bookingId", "channelId"]) {
    if (typeof record[field] === "string") return record[field] as string;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_ERROR_LENGTH);
}
