/**
 * A job running longer than its lease is not taken for a dead worker's: the
 * worker running it extends the lease while the handler runs, and stops when
 * it returns. With a short lease (2 s, extended every 667 ms: room for a slow
 * query on a loaded machine) on a real database; a rival worker on its own
 * client keeps trying to claim meanwhile.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createPrismaClient, type Db } from "../db/client";
import { enqueueJob } from "./enqueue-job";
import { startJobWorker } from "./job-worker";
import { claimJobs, runDueJobs, type JobHandlers } from "./run-due-jobs";

const LEASE_MS = 2_000;
/** Several leases long. */
const LONG_RUN_MS = 5_000;

let t: TestDatabase;
let rivalDb: Db;
beforeAll(async () => {
  t = await createTestDatabase({ concurrent: true });
  rivalDb = createPrismaClient(t.url, t.isPostgres ? {} : { poolSize: 1 });
}, 120_000);
afterAll(async () => {
  await rivalDb?.$disconnect();
  await t?.close();
});
beforeEach(async () => {
  await t.db.$executeRaw`DELETE FROM job_runs`;
  await t.db.$executeRaw`DELETE FROM jobs`;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const job = () => t.db.job.findFirstOrThrow();

/** A promise the owner's handler resolves when it begins: from then on the owner holds the job. */
function startSignal(): { started: Promise<void>; markStarted: () => void } {
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  return { started, markStarted };
}

/** Tries to claim every 50 ms until `done` settles, with the same short lease; answers how many jobs it got. */
async function rivalClaims(done: Promise<unknown>): Promise<number> {
  let settled = false;
  void done.finally(() => (settled = true));
  let claimed = 0;
  while (!settled) {
    claimed += await runDueJobs(rivalDb, { "calendar.sync": async () => {} }, { workerId: "rival", leaseMs: LEASE_MS });
    await sleep(50);
  }
  return claimed;
}

describe("lease heartbeat", () => {
  it("a lease that is not extended runs out: a rival claims the job of a worker that stopped (the case it guards against)", async () => {
    await enqueueJob(t.db, "calendar.sync", { calendarId: "c1", reason: "poll" });
    expect(await claimJobs(t.db, { "calendar.sync": async () => {} }, { workerId: "stalled", leaseMs: LEASE_MS })).toHaveLength(1);
    await sleep(LEASE_MS + 100);
    expect(await claimJobs(rivalDb, { "calendar.sync": async () => {} }, { workerId: "rival", leaseMs: LEASE_MS })).toHaveLength(1);
  });

  it("keeps a job several leases long with its worker: no rival claims it, it runs once and succeeds", async () => {
    await enqueueJob(t.db, "calendar.sync", { calendarId: "c1", reason: "poll" });
    let runs = 0;
    const { started, markStarted } = startSignal();
    const handlers: JobHandlers = {
      "calendar.sync": async () => {
        runs++;
        markStarted();
        await sleep(LONG_RUN_MS);
      },
    };
    const running = runDueJobs(t.db, handlers, { workerId: "owner", leaseMs: LEASE_MS });
    // The rival starts once the owner holds the job (else it could simply claim it first).
    await started;
    expect(await rivalClaims(running)).toBe(0);
    expect(await running).toBe(1);

    expect(runs).toBe(1);
    expect(await job()).toMatchObject({ state: "succeeded", attempts: 1, lockedBy: null, lockedUntil: null });
    expect(await t.db.jobRun.findMany()).toEqual([expect.objectContaining({ outcome: "succeeded" })]);
  });

  it("extends the lease in step while the handler runs, and stops when it returns", async () => {
    await enqueueJob(t.db, "calendar.sync", { calendarId: "c1", reason: "poll" });
    const seen: number[] = [];
    const handlers: JobHandlers = {
      "calendar.sync": async () => {
        for (let i = 0; i < 5; i++) {
          await sleep(LEASE_MS / 2);
          seen.push((await job()).lockedUntil!.getTime() - Date.now());
        }
        // Fails: requeued for a retry, a state the heartbeat must leave alone.
        throw new Error("try again");
      },
    };
    await runDueJobs(t.db, handlers, { workerId: "owner", leaseMs: LEASE_MS });

    // Always ahead of now, though the run (2.5 leases) is longer than the lease.
    expect(seen.every((ahead) => ahead > 0)).toBe(true);
    const requeued = await job();
    expect(requeued).toMatchObject({ state: "queued", lockedBy: null, lockedUntil: null });
    await sleep(LEASE_MS);
    // No beat after the end: the row is as the outcome left it.
    expect((await job()).updatedAt).toEqual(requeued.updatedAt);
  });

  it("does the same for the long-running worker", async () => {
    await enqueueJob(t.db, "calendar.sync", { calendarId: "c1", reason: "poll" });
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let runs = 0;
    const { started, markStarted } = startSignal();
    const worker = startJobWorker(
      t.db,
      {
        "calendar.sync": async () => {
          runs++;
          markStarted();
          await sleep(LONG_RUN_MS);
          finish();
        },
      },
      { workerId: "owner", leaseMs: LEASE_MS, pollIntervalMs: 50 },
    );
    try {
      await started;
      expect(await rivalClaims(finished)).toBe(0);
    } finally {
      await worker.stop();
    }
    expect(runs).toBe(1);
    expect(await job()).toMatchObject({ state: "succeeded", attempts: 1 });
  });
});
