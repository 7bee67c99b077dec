/**
 * The long-running worker against a real database (PostgreSQL with
 * TEST_DATABASE_URL, else PGlite): woken by an enqueue rather than waiting for
 * its poll, lanes refilled while a long job runs, a clean stop, periodic
 * tasks, and survival of a database that is away.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createPrismaClient, type Db } from "../db/client";
import { enqueueJob } from "./enqueue-job";
import { startJobWorker, type JobWorker } from "./job-worker";
import type { JobHandlers } from "./run-due-jobs";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const workers: JobWorker[] = [];
const start = (...args: Parameters<typeof startJobWorker>) => {
  const worker = startJobWorker(...args);
  workers.push(worker);
  return worker;
};
beforeEach(async () => {
  await t.db.$executeRaw`DELETE FROM job_runs`;
  await t.db.$executeRaw`DELETE FROM jobs`;
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sync = (calendarId: string) => ({ calendarId, reason: "push" as const });
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}
/** A promise with its resolve function, for holding a handler until the test lets go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("startJobWorker", () => {
  it("wakes on an enqueue due now: the job runs long before the next poll", async () => {
    let ranAt = 0;
    let polls = 0;
    const counting = t.db.$extends({
      query: {
        async $allOperations({ operation, args, query }) {
          if (operation === "$queryRaw") polls++;
          return query(args);
        },
      },
    }) as unknown as Db;
    start(counting, { "calendar.sync": async () => void (ranAt = Date.now()) }, { pollIntervalMs: 30_000 });
    await waitFor(() => polls === 1); // first poll: nothing due, now asleep for 30 s
    await sleep(100);
    const enqueuedAt = Date.now();
    await enqueueJob(t.db, "calendar.sync", sync("c1"));
    await waitFor(() => ranAt > 0, 5_000);
    expect(ranAt - enqueuedAt).toBeLessThan(1_000);
    await waitFor(async () => (await t.db.job.findFirstOrThrow()).state === "succeeded");
  });

  it("finds jobs enqueued elsewhere on its next poll", async () => {
    let ran = 0;
    start(t.db, { "calendar.sync": async () => void ran++ }, { pollIntervalMs: 100 });
    await sleep(150);
    // As another instance would: straight into the table, no wake-up here.
    await t.db.job.create({ data: { kind: "calendar.sync", payload: sync("c1") } });
    await waitFor(() => ran === 1, 2_000);
  });

  it("stop() finishes the job in hand, then claims nothing more", async () => {
    const hold = gate();
    let started = 0;
    let finished = 0;
    const worker = start(t.db, {
      "calendar.sync": async () => {
        started++;
        await hold.opened;
        finished++;
      },
    });
    await enqueueJob(t.db, "calendar.sync", sync("c1"));
    await waitFor(() => started === 1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await sleep(100);
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    expect(finished).toBe(1);
    expect((await t.db.job.findFirstOrThrow()).state).toBe("succeeded");
    await enqueueJob(t.db, "calendar.sync", sync("c2"));
    await sleep(300);
    expect(started).toBe(1);
    expect(await t.db.job.count({ where: { state: "queued" } })).toBe(1);
  });

  it("keeps the other lanes busy while a long job runs, and claims only what it can start", async () => {
    const hold = gate();
    const ran: string[] = [];
    start(
      t.db,
      {
        "calendar.sync": async ({ calendarId }) => {
          if (calendarId === "slow") await hold.opened;
          ran.push(calendarId);
        },
      },
      { concurrency: 2 },
    );
    await enqueueJob(t.db, "calendar.sync", sync("slow"));
    await waitFor(async () => (await t.db.job.count({ where: { state: "running" } })) === 1);
    for (let i = 0; i < 5; i++) await enqueueJob(t.db, "calendar.sync", sync(`quick${i}`));
    // All five go through the one free lane while "slow" holds the other.
    await waitFor(() => ran.length === 5);
    expect(ran).toEqual(["quick0", "quick1", "quick2", "quick3", "quick4"]);
    hold.open();
    await waitFor(() => ran.length === 6);
  });

  it("never holds more jobs than lanes: the rest stay queued for other instances", async () => {
    const hold = gate();
    start(t.db, { "calendar.sync": async () => hold.opened }, { concurrency: 2 });
    for (let i = 0; i < 5; i++) await enqueueJob(t.db, "calendar.sync", sync(`c${i}`));
    await waitFor(async () => (await t.db.job.count({ where: { state: "running" } })) === 2);
    await sleep(200);
    expect(await t.db.job.count({ where: { state: "running" } })).toBe(2);
    expect(await t.db.job.count({ where: { state: "queued" } })).toBe(3);
    hold.open();
    await waitFor(async () => (await t.db.job.count({ where: { state: "succeeded" } })) === 5);
  });

  it("two workers on separate clients run each of many jobs exactly once", async () => {
    const other = createPrismaClient(t.url);
    try {
      const runs = new Map<string, number>();
      const handlers: JobHandlers = {
        "calendar.sync": async ({ calendarId }) => {
          runs.set(calendarId, (runs.get(calendarId) ?? 0) + 1);
          await sleep(Math.random() * 5);
        },
      };
      start(t.db, handlers, { concurrency: 3, pollIntervalMs: 50, workerId: "one" });
      start(other, handlers, { concurrency: 3, pollIntervalMs: 50, workerId: "two" });
      for (let i = 0; i < 100; i++) await t.db.job.create({ data: { kind: "calendar.sync", payload: sync(`c${i}`) } });
      await waitFor(async () => (await t.db.job.count({ where: { state: "succeeded" } })) === 100, 60_000);
      expect(runs.size).toBe(100);
      expect([...runs.values()].every((n) => n === 1)).toBe(true);
      const byWorker = await t.db.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT locked_by)::int AS n FROM jobs`;
      expect(byWorker[0].n).toBe(0); // locks released on completion
    } finally {
      await Promise.all(workers.splice(0).map((w) => w.stop()));
      await other.$disconnect();
    }
  });

  it("keeps polling, and logs, while the database is away", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const away = createPrismaClient("postgresql://postgres@127.0.0.1:1/nowhere");
    try {
      const worker = start(away, { "calendar.sync": async () => {} }, { pollIntervalMs: 50 });
      await waitFor(() => errors.mock.calls.filter(([m]) => String(m).includes("claiming jobs failed")).length >= 3);
      await worker.stop();
    } finally {
      await away.$disconnect();
    }
  });
});

describe("startJobWorker: periodic tasks", () => {
  it("run at start and then on their interval, without overlapping; a failing tick is logged and the next one still runs", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    let runs = 0;
    let active = 0;
    let overlapped = false;
    const dbs: Db[] = [];
    const worker = start(t.db, {}, {
      periodic: [
        {
          name: "renew channels",
          intervalMs: 40,
          async run(db) {
            dbs.push(db);
            if (++active > 1) overlapped = true;
            runs++;
            // Slower than the interval: ticks that come meanwhile are skipped.
            await sleep(100);
            active--;
            if (runs === 2) throw new Error("provider down");
          },
        },
      ],
    });
    await waitFor(() => runs >= 1, 1_000);
    await waitFor(() => runs >= 4, 5_000);
    expect(overlapped).toBe(false);
    expect(dbs.every((db) => db === t.db)).toBe(true);
    expect(errors.mock.calls.some(([m]) => String(m).includes("Periodic task renew channels failed."))).toBe(true);
    // stop() waits for the tick in hand.
    await worker.stop();
    expect(active).toBe(0);
    const after = runs;
    await sleep(150);
    expect(runs).toBe(after);
  });
});
