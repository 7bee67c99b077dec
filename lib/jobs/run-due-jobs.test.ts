/**
 * The durable job queue against a real database (PostgreSQL with
 * TEST_DATABASE_URL, else PGlite): enqueueing and keyed merging, claiming and
 * running with a job_runs record per attempt, retries (exact delays, backoff,
 * permanent failures), lease expiry, and workers on separate clients that
 * must never run a job twice nor two jobs of one key at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createPrismaClient, type Db } from "../db/client";
import { enqueueJob } from "./enqueue-job";
import { PermanentJobError, RetryJobLater } from "./job-errors";
import { backoffMs, claimJobs, drainJobs, runDueJobs, type JobHandlers } from "./run-due-jobs";
import { onJobWake } from "./wake-job-workers";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.db.$executeRaw`DELETE FROM job_runs`;
  await t.db.$executeRaw`DELETE FROM jobs`;
});

const sync = (calendarId: string, extra: { full?: true; reason?: "push" | "poll" } = {}) => ({ calendarId, reason: extra.reason ?? "poll", ...extra }) as const;
const jobs = () => t.db.job.findMany({ orderBy: { createdAt: "asc" } });
const runsOf = (jobId: string) => t.db.jobRun.findMany({ where: { jobId }, orderBy: { startedAt: "asc" } });
/** Makes every queued job due now, as if its delay had passed. */
const fastForward = () => t.db.$executeRaw`UPDATE jobs SET run_at = now() WHERE state = 'queued'`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("enqueueJob", () => {
  it("adds one queued job per call without a key", async () => {
    await enqueueJob(t.db, "calendar.sync", sync("c1"));
    await enqueueJob(t.db, "calendar.sync", sync("c1"));
    const all = await jobs();
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ kind: "calendar.sync", key: null, state: "queued", attempts: 0, maxAttempts: 10, payload: { calendarId: "c1", reason: "poll" } });
  });

  it("merges jobs of one key while queued: the earliest time wins, payloads merge and a flag is never lost", async () => {
    const now = Date.now();
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { key: "calendar.sync:c1", runAt: new Date(now + 60_000) });
    await enqueueJob(t.db, "calendar.sync", sync("c1", { reason: "push", full: true }), { key: "calendar.sync:c1", runAt: new Date(now + 5_000) });
    await enqueueJob(t.db, "calendar.sync", sync("c1", { reason: "poll" }), { key: "calendar.sync:c1", runAt: new Date(now + 30_000) });
    const all = await jobs();
    expect(all).toHaveLength(1);
    expect(all[0].runAt.getTime()).toBe(now + 5_000);
    expect(all[0].payload).toEqual({ calendarId: "c1", reason: "poll", full: true });
    // Other keys are other jobs.
    await enqueueJob(t.db, "calendar.sync", sync("c2"), { key: "calendar.sync:c2" });
    expect(await jobs()).toHaveLength(2);
  });

  it("does not merge into a running job of the key: a change made mid-run gets a run of its own", async () => {
    const ran: string[] = [];
    const handlers: JobHandlers = {
      "calendar.sync": async (payload) => {
        ran.push(payload.reason);
        // A notification arriving while this sync runs.
        if (ran.length === 1) await enqueueJob(t.db, "calendar.sync", sync("c1", { reason: "push" }), { key: "calendar.sync:c1" });
      },
    };
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { key: "calendar.sync:c1" });
    expect(await drainJobs(t.db, handlers)).toBe(2);
    expect(ran).toEqual(["poll", "push"]);
    expect((await jobs()).map((j) => j.state)).toEqual(["succeeded", "succeeded"]);
  });

  it("inside a transaction, commits or rolls back with the caller's writes (an outbox)", async () => {
    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueJob(tx, "booking.write-back", { bookingId: "b1" }, { key: "booking.write-back:b1" });
        throw new Error("the booking failed");
      }),
    ).rejects.toThrow("the booking failed");
    expect(await jobs()).toHaveLength(0);
    await t.db.$transaction(async (tx) => {
      await enqueueJob(tx, "booking.write-back", { bookingId: "b1" }, { key: "booking.write-back:b1" });
    });
    expect(await jobs()).toMatchObject([{ kind: "booking.write-back", key: "booking.write-back:b1", payload: { bookingId: "b1" } }]);
  });

  it("wakes this process's workers for a job due now, not for a later one", async () => {
    let wakes = 0;
    const unsubscribe = onJobWake(() => wakes++);
    try {
      await enqueueJob(t.db, "calendar.sync", sync("c1"), { runAt: new Date(Date.now() + 60_000) });
      expect(wakes).toBe(0);
      await enqueueJob(t.db, "calendar.sync", sync("c1"));
      expect(wakes).toBe(1);
    } finally {
      unsubscribe();
    }
  });
});

describe("runDueJobs", () => {
  it("claims, runs and records a due job; leaves jobs not yet due and kinds it has no handler for", async () => {
    const seen: unknown[] = [];
    const handlers: JobHandlers = {
      "calendar.sync": async (payload, context) => {
        seen.push({ payload, attempt: context.attempt, maxAttempts: context.maxAttempts });
        return { result: { changed: 3 } };
      },
    };
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { maxAttempts: 5 });
    await enqueueJob(t.db, "calendar.sync", sync("later"), { runAt: new Date(Date.now() + 60_000) });
    await enqueueJob(t.db, "calendar.unwatch", { channelId: "ch1" });
    const before = Date.now();
    expect(await runDueJobs(t.db, handlers)).toBe(1);
    expect(seen).toEqual([{ payload: { calendarId: "c1", reason: "poll" }, attempt: 1, maxAttempts: 5 }]);

    const [done, later, unwatch] = await jobs();
    expect(done).toMatchObject({ state: "succeeded", attempts: 1, lockedBy: null, lockedUntil: null, lastError: null });
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(later.state).toBe("queued");
    expect(unwatch.state).toBe("queued");
    const [run] = await runsOf(done.id);
    expect(run).toMatchObject({ kind: "calendar.sync", subjectId: "c1", outcome: "succeeded", error: null, result: { changed: 3 } });
    expect(run.finishedAt.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    // Nothing else is due.
    expect(await runDueJobs(t.db, handlers)).toBe(0);
  });

  it("records the subject a handler names over the payload's", async () => {
    await enqueueJob(t.db, "calendar.unwatch", { channelId: "ch1" });
    await drainJobs(t.db, { "calendar.unwatch": async () => ({ subjectId: "calendar-9" }) });
    const [job] = await jobs();
    expect((await runsOf(job.id))[0].subjectId).toBe("calendar-9");
  });

  it("RetryJobLater: requeues after exactly the delay asked, counting the attempt", async () => {
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { key: "calendar.sync:c1" });
    await runDueJobs(t.db, {
      "calendar.sync": async () => {
        throw new RetryJobLater(90_000, "429 Too Many Requests (Retry-After: 90)");
      },
    });
    const [job] = await jobs();
    const [run] = await runsOf(job.id);
    expect(job).toMatchObject({ state: "queued", attempts: 1, lockedBy: null, lastError: "429 Too Many Requests (Retry-After: 90)" });
    expect(run).toMatchObject({ outcome: "retrying", error: "429 Too Many Requests (Retry-After: 90)" });
    expect(job.runAt.getTime() - run.finishedAt.getTime()).toBe(90_000);
    expect(await runDueJobs(t.db, { "calendar.sync": async () => {} })).toBe(0); // not due yet
  });

  it("generic failures back off exponentially until max attempts, then the job fails", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await enqueueJob(t.db, "booking.write-back", { bookingId: "b1" }, { maxAttempts: 4 });
    let calls = 0;
    const handlers: JobHandlers = {
      "booking.write-back": async () => {
        calls++;
        throw new Error(`provider answered 503 (try ${calls})`);
      },
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDueJobs(t.db, handlers)).toBe(1);
      const [job] = await jobs();
      const runs = await runsOf(job.id);
      expect(job).toMatchObject({ state: "queued", attempts: attempt, lastError: `provider answered 503 (try ${attempt})` });
      const delay = job.runAt.getTime() - runs[attempt - 1].finishedAt.getTime();
      const base = 5_000 * 2 ** (attempt - 1);
      expect(delay).toBeGreaterThanOrEqual(0.8 * base);
      expect(delay).toBeLessThanOrEqual(1.2 * base);
      expect(await runDueJobs(t.db, handlers)).toBe(0); // waits out the delay…
      await fastForward(); // …which the test skips
    }
    expect(await runDueJobs(t.db, handlers)).toBe(1);
    const [job] = await jobs();
    expect(job).toMatchObject({ state: "failed", attempts: 4, lastError: "provider answered 503 (try 4)", lockedBy: null });
    expect(job.finishedAt).not.toBeNull();
    expect((await runsOf(job.id)).map((r) => r.outcome)).toEqual(["retrying", "retrying", "retrying", "failed"]);
    await fastForward();
    expect(await runDueJobs(t.db, handlers)).toBe(0);
    expect(calls).toBe(4);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toMatch(/failed for good after 4 attempts/);
    errors.mockRestore();
  });

  it("PermanentJobError fails the job at once", async () => {
    await enqueueJob(t.db, "calendar.watch", { calendarId: "c1" });
    await runDueJobs(t.db, {
      "calendar.watch": async () => {
        throw new PermanentJobError("access revoked");
      },
    });
    const [job] = await jobs();
    expect(job).toMatchObject({ state: "failed", attempts: 1, lastError: "access revoked" });
    expect((await runsOf(job.id)).map((r) => [r.outcome, r.error])).toEqual([["failed", "access revoked"]]);
  });

  it("a retry merges into a twin of its key enqueued meanwhile, keeping the earliest time and its flags", async () => {
    await enqueueJob(t.db, "calendar.sync", sync("c1", { full: true }), { key: "calendar.sync:c1" });
    const [first] = await jobs();
    await runDueJobs(t.db, {
      "calendar.sync": async () => {
        await enqueueJob(t.db, "calendar.sync", sync("c1", { reason: "push" }), { key: "calendar.sync:c1", runAt: new Date(Date.now() + 3_600_000) });
        throw new RetryJobLater(5_000, "rate limited");
      },
    });
    const all = await jobs();
    expect(all).toHaveLength(1);
    const [twin] = all;
    expect(twin.id).not.toBe(first.id);
    expect(twin).toMatchObject({ state: "queued", attempts: 0, payload: { calendarId: "c1", reason: "push", full: true } });
    const [run] = await t.db.jobRun.findMany();
    expect(run).toMatchObject({ outcome: "retrying", subjectId: "c1", error: "rate limited" });
    expect(twin.runAt.getTime()).toBe(run.finishedAt.getTime() + 5_000);
  });

  it("a twin committed between the retry's merge check and its requeue is merged into, not a crash", async (context) => {
    // Needs a second connection that commits while the retry's transaction is
    // open; PGlite serves one transaction at a time.
    if (!t.isPostgres) context.skip();
    const outside = createPrismaClient(t.url);
    try {
      let raced = false;
      // Right after the retry's merge check found no twin, another instance enqueues one.
      const racing = t.db.$extends({
        query: {
          async $allOperations({ operation, args, query }) {
            const result = await query(args);
            if (!raced && operation === "$executeRaw" && JSON.stringify(args).includes("LEAST(run_at")) {
              raced = true;
              await enqueueJob(outside, "calendar.sync", sync("c1", { reason: "push" }), { key: "calendar.sync:c1", runAt: new Date(Date.now() + 3_600_000) });
            }
            return result;
          },
        },
      }) as unknown as Db;
      await enqueueJob(t.db, "calendar.sync", sync("c1", { full: true }), { key: "calendar.sync:c1" });
      await runDueJobs(racing, {
        "calendar.sync": async () => {
          throw new RetryJobLater(5_000, "rate limited");
        },
      });
      expect(raced).toBe(true);
      const all = await jobs();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ state: "queued", payload: { calendarId: "c1", reason: "push", full: true } });
      const runs = await t.db.jobRun.findMany();
      expect(runs.map((r) => r.outcome)).toEqual(["retrying"]);
      expect(all[0].runAt.getTime()).toBe(runs[0].finishedAt.getTime() + 5_000);
    } finally {
      await outside.$disconnect();
    }
  });

  it("reclaims a running job whose lease expired (its worker died), counting the attempt", async () => {
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { key: "calendar.sync:c1" });
    // A worker claims it and dies: nothing ever finishes it.
    expect(await claimJobs(t.db, { "calendar.sync": async () => {} }, { workerId: "dead", leaseMs: 200 })).toHaveLength(1);
    const attempts: number[] = [];
    const handlers: JobHandlers = { "calendar.sync": async (_p, context) => void attempts.push(context.attempt) };
    expect(await runDueJobs(t.db, handlers, { workerId: "alive" })).toBe(0); // lease still held
    await sleep(300);
    expect(await runDueJobs(t.db, handlers, { workerId: "alive" })).toBe(1);
    expect(attempts).toEqual([2]);
    expect((await jobs())[0]).toMatchObject({ state: "succeeded", attempts: 2 });
  });

  it("reclaims an expired job of a key before, never beside, the queued job of that key", async () => {
    await enqueueJob(t.db, "calendar.sync", sync("c1"), { key: "calendar.sync:c1" });
    await claimJobs(t.db, { "calendar.sync": async () => {} }, { workerId: "dead", leaseMs: 100 });
    await enqueueJob(t.db, "calendar.sync", sync("c1", { reason: "push" }), { key: "calendar.sync:c1" });
    await sleep(200);
    const order: string[] = [];
    const handlers: JobHandlers = { "calendar.sync": async (payload) => void order.push(payload.reason) };
    // One claim, room for four: still only the expired one.
    expect(await runDueJobs(t.db, handlers, { concurrency: 4 })).toBe(1);
    expect(await runDueJobs(t.db, handlers, { concurrency: 4 })).toBe(1);
    expect(order).toEqual(["poll", "push"]);
    expect((await jobs()).map((j) => j.state)).toEqual(["succeeded", "succeeded"]);
  });

  it("claims no more jobs than it can run at once", async () => {
    for (let i = 0; i < 6; i++) await enqueueJob(t.db, "calendar.sync", sync(`c${i}`));
    expect(await runDueJobs(t.db, { "calendar.sync": async () => {} }, { concurrency: 2 })).toBe(2);
    expect(await t.db.job.count({ where: { state: "queued" } })).toBe(4);
  });
});

describe("several workers on separate database clients", () => {
  let other: Db;
  beforeAll(() => {
    other = createPrismaClient(t.url);
  });
  afterAll(async () => {
    await other?.$disconnect();
  });

  /** Runs due jobs on `db` until a round finds none and `done()` holds. */
  async function work(db: Db, handlers: JobHandlers, workerId: string, done: () => Promise<boolean>): Promise<void> {
    for (let idle = 0; idle < 400; ) {
      const ran = await runDueJobs(db, handlers, { workerId, concurrency: 3 });
      if (ran > 0) idle = 0;
      else if (await done()) return;
      else {
        idle++;
        await sleep(10);
      }
    }
    throw new Error(`${workerId}: jobs left after 400 idle rounds`);
  }

  it("take disjoint jobs: each of many runs exactly once", async () => {
    const total = 150;
    for (let i = 0; i < total; i++) await enqueueJob(t.db, "calendar.sync", sync(`c${i}`));
    const runs = new Map<string, number>();
    const byWorker: Record<string, number> = { one: 0, two: 0 };
    const handlers = (worker: string): JobHandlers => ({
      "calendar.sync": async (payload) => {
        runs.set(payload.calendarId, (runs.get(payload.calendarId) ?? 0) + 1);
        byWorker[worker]++;
        await sleep(Math.random() * 5);
      },
    });
    const allDone = async () => (await t.db.job.count({ where: { state: { not: "succeeded" } } })) === 0;
    await Promise.all([work(t.db, handlers("one"), "one", allDone), work(other, handlers("two"), "two", allDone)]);

    expect(runs.size).toBe(total);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.one + byWorker.two).toBe(total);
    expect(byWorker.one).toBeGreaterThan(0);
    expect(byWorker.two).toBeGreaterThan(0);
    expect(await t.db.jobRun.count({ where: { outcome: "succeeded" } })).toBe(total);
  });

  it("never run two jobs of one key at the same time", async () => {
    const keys = ["k0", "k1", "k2", "k3"];
    const rounds = 6;
    const active = new Map<string, number>();
    const ran = new Map<string, number>();
    let overlaps = 0;
    const handlers: JobHandlers = {
      "calendar.sync": async ({ calendarId }) => {
        if ((active.get(calendarId) ?? 0) > 0) overlaps++;
        active.set(calendarId, (active.get(calendarId) ?? 0) + 1);
        const n = (ran.get(calendarId) ?? 0) + 1;
        ran.set(calendarId, n);
        // While it runs, the key is enqueued again: a queued job of the key
        // stands ready for whichever worker looks next.
        if (n < rounds) await enqueueJob(t.db, "calendar.sync", sync(calendarId), { key: `calendar.sync:${calendarId}` });
        await sleep(20);
        active.set(calendarId, active.get(calendarId)! - 1);
      },
    };
    for (const key of keys) await enqueueJob(t.db, "calendar.sync", sync(key), { key: `calendar.sync:${key}` });
    const allDone = async () => (await t.db.job.count({ where: { state: { not: "succeeded" } } })) === 0;
    await Promise.all([work(t.db, handlers, "one", allDone), work(other, handlers, "two", allDone)]);

    expect(overlaps).toBe(0);
    for (const key of keys) expect(ran.get(key)).toBe(rounds);
  });
});

describe("backoffMs", () => {
  it("doubles from 5 s, caps at an hour, with ±20 % jitter", () => {
    expect(backoffMs(1, () => 0.5)).toBe(5_000);
    expect(backoffMs(2, () => 0.5)).toBe(10_000);
    expect(backoffMs(3, () => 0)).toBe(16_000);
    expect(backoffMs(3, () => 1)).toBe(24_000);
    expect(backoffMs(0, () => 0.5)).toBe(5_000);
    expect(backoffMs(30, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(30, () => 1)).toBe(4_320_000);
    for (let attempt = 1; attempt <= 12; attempt++) {
      const value = backoffMs(attempt);
      const base = Math.min(3_600_000, 5_000 * 2 ** (attempt - 1));
      expect(value).toBeGreaterThanOrEqual(0.8 * base);
      expect(value).toBeLessThanOrEqual(1.2 * base);
    }
  });
});
