/**
 * Calendar sync as the background worker runs it: "calendar.sync" jobs queued
 * by connecting an account, claimed and run by the queue with the handler
 * wired in lib/background (run records included), throttling and outages
 * going back to the queue, and the poll task deciding which calendars are
 * due — with an ICS feed on a local server as the calendar.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { storedOccurrences } from "@/test/calendar-sync";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { MemorySlotCacheStore } from "../availability/memory-slot-cache-store";
import { setSlotCacheStore } from "../availability/slot-cache";
import { jobHandlers } from "../background/job-handlers";
import { periodicTasks } from "../background/periodic-tasks";
import { connectIcsFeed } from "../calendars/connect-ics-feed";
import { updateCalendarSelection } from "../calendars/update-calendar-selection";
import { drainJobs, startJobWorker } from "../jobs";
import { HOUR_MS, MINUTE_MS } from "../time";
import { calendarPollTask, enqueueDueSyncs } from "./enqueue-due-syncs";
import { enqueueCalendarSync } from "./enqueue-calendar-sync";

const ics = (...events: string[][]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kairos tests//EN", "X-WR-CALNAME:Club", ...events.flat(), "END:VCALENDAR", ""].join("\r\n");
/** An hour-long event `days` from now (whole hours, so it is inside any window the test syncs). */
function event(uid: string, days: number) {
  const start = Math.floor(Date.now() / HOUR_MS) * HOUR_MS + days * 24 * HOUR_MS;
  const stamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
  return ["BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20260101T000000Z", `DTSTART:${stamp(start)}`, `DTEND:${stamp(start + HOUR_MS)}`, `SUMMARY:${uid}`, "END:VEVENT"];
}

let feed: IcsServer;
let t: TestDatabase;
/** Which hosts had their cached slots invalidated. */
let invalidated: string[];

beforeAll(async () => {
  useCalendarTestEnv();
  feed = await startIcsServer({ body: ics(event("practice", 2)) });
  t = await createTestDatabase();
});
afterAll(async () => {
  setSlotCacheStore(undefined);
  await t?.close();
  await feed?.stop();
});
beforeEach(async () => {
  feed.setFailure(null);
  feed.setBody(ics(event("practice", 2)));
  // Calendars and jobs of earlier tests must not be polled or run in this one.
  await t.db.calendarConnection.deleteMany({});
  await t.db.job.deleteMany({});
  invalidated = [];
  setSlotCacheStore(
    new (class extends MemorySlotCacheStore {
      override async invalidateHost(hostId: string) {
        invalidated.push(hostId);
        await super.invalidateHost(hostId);
      }
    })(),
  );
});

/** Runs the queued sync jobs with the handlers the worker uses. */
const drainSyncs = () => drainJobs(t.db, jobHandlers, { kinds: ["calendar.sync"] });

async function subscribedFeed() {
  const { user } = await createHostWithKey(t.db);
  const connection = await connectIcsFeed(t.db, user.id, { provider: "ics", url: feed.url });
  return { user, connection, calendarId: connection.calendars[0].id };
}

const runsOf = (calendarId: string) => t.db.jobRun.findMany({ where: { kind: "calendar.sync", subjectId: calendarId }, orderBy: { startedAt: "asc" } });

describe("calendar.sync through the job queue", () => {
  it("runs the sync that connecting queued, records the run, and invalidates the host's cached slots", async () => {
    const { user, calendarId } = await subscribedFeed();
    expect(await t.db.job.findMany({ where: { state: "queued" }, select: { kind: true, key: true, payload: true } })).toEqual(
      expect.arrayContaining([
        { kind: "calendar.sync", key: `calendar.sync:${calendarId}`, payload: { calendarId, reason: "connected" } },
        { kind: "calendar.watch", key: `calendar.watch:${calendarId}`, payload: { calendarId } },
      ]),
    );

    expect(await drainSyncs()).toBe(1);
    expect((await storedOccurrences(t.db, calendarId)).map((o) => o.id)).toEqual(["practice"]);
    const [run] = await runsOf(calendarId);
    expect(run).toMatchObject({ outcome: "succeeded", error: null });
    expect(run.result).toEqual({ outcome: "synced", reason: "connected", full: true, changed: 1, removed: 0, stored: 1, durationMs: expect.any(Number) });
    expect(invalidated).toContain(user.id);

    // A sync that finds nothing new leaves the cache alone.
    invalidated = [];
    await enqueueCalendarSync(t.db, calendarId, "manual");
    await drainSyncs();
    expect((await runsOf(calendarId)).at(-1)!.result).toMatchObject({ reason: "manual", full: false, changed: 0 });
    expect(invalidated).toEqual([]);
  });

  it("puts a throttled sync back after Retry-After and an outage back with backoff, losing nothing", async () => {
    const { calendarId } = await subscribedFeed();
    await drainSyncs();

    feed.setFailure({ status: 429, headers: { "Retry-After": "120" } });
    await enqueueCalendarSync(t.db, calendarId, "poll");
    const before = Date.now();
    await drainSyncs();
    const throttled = await t.db.job.findFirstOrThrow({ where: { key: `calendar.sync:${calendarId}`, state: "queued" } });
    expect(throttled.runAt.getTime() - before).toBeGreaterThanOrEqual(119_000);
    expect(throttled.runAt.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    expect((await runsOf(calendarId)).at(-1)).toMatchObject({ outcome: "retrying", error: expect.stringMatching(/slow down/) });
    const state = await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
    expect(state.nextPollAt!.getTime() - before).toBeGreaterThanOrEqual(120_000);
    // The poller leaves it alone meanwhile.
    expect(await enqueueDueSyncs(t.db, { now: Date.now() + 5 * MINUTE_MS })).not.toContain(calendarId);

    // Now an outage, on the retry.
    feed.setFailure({ status: 500 });
    feed.setBody(ics(event("practice", 2), event("match", 3)));
    await t.db.job.update({ where: { id: throttled.id }, data: { runAt: new Date() } });
    await drainSyncs();
    const backedOff = await t.db.job.findUniqueOrThrow({ where: { id: throttled.id } });
    expect(backedOff).toMatchObject({ state: "queued", attempts: 2 });
    // The queue's backoff for a second attempt: 10 s ± 20 %.
    expect(backedOff.runAt.getTime() - Date.now()).toBeGreaterThan(5_000);
    expect((await storedOccurrences(t.db, calendarId)).map((o) => o.id)).toEqual(["practice"]);

    feed.setFailure(null);
    await t.db.job.update({ where: { id: throttled.id }, data: { runAt: new Date() } });
    await drainSyncs();
    expect(await t.db.job.findUniqueOrThrow({ where: { id: throttled.id } })).toMatchObject({ state: "succeeded" });
    expect((await storedOccurrences(t.db, calendarId)).map((o) => o.id)).toEqual(["practice", "match"]);
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } })).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });
});

describe("the poll task", () => {
  it("enqueues ticked calendars whose poll is due, once, and skips unticked and reconnect-needing ones", async () => {
    const { calendarId } = await subscribedFeed();
    const other = await subscribedFeed();
    const dead = await subscribedFeed();
    await drainSyncs();
    await updateCalendarSelection(t.db, other.user.id, other.calendarId, { selectedForConflicts: false });
    await t.db.calendarConnection.update({ where: { id: dead.connection.id }, data: { status: "needs_reconnect" } });
    await t.db.job.deleteMany({});

    // Just synced: next poll in SYNC_POLL_INTERVAL_SECONDS (300 s) ± 10 %.
    expect(await enqueueDueSyncs(t.db)).toEqual([]);
    const later = Date.now() + 6 * MINUTE_MS;
    expect(await enqueueDueSyncs(t.db, { now: later })).toEqual([calendarId]);
    expect(await t.db.job.findFirstOrThrow({ where: { key: `calendar.sync:${calendarId}` } })).toMatchObject({ state: "queued", payload: { calendarId, reason: "poll" } });
    // Already queued: not again.
    expect(await enqueueDueSyncs(t.db, { now: later })).toEqual([]);

    // A calendar with no sync state yet is due at once.
    await t.db.calendarSyncState.delete({ where: { calendarId } });
    await t.db.job.deleteMany({});
    expect(await enqueueDueSyncs(t.db)).toEqual([calendarId]);
  });

  it("polls a calendar with a live push channel only as a safety net, and resumes regular polls when the channel dies", async () => {
    const { calendarId } = await subscribedFeed();
    await t.db.pushChannel.create({
      data: { id: `channel-${calendarId}`, calendarId, provider: "ics", secretHash: "x", status: "active", expiresAt: new Date(Date.now() + 7 * 24 * HOUR_MS) },
    });
    await drainSyncs();
    const { nextPollAt } = await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
    // 6 h ± 10 %.
    expect(nextPollAt!.getTime() - Date.now()).toBeGreaterThan(5 * HOUR_MS);
    expect(await enqueueDueSyncs(t.db, { now: Date.now() + HOUR_MS })).toEqual([]);

    await t.db.pushChannel.update({ where: { id: `channel-${calendarId}` }, data: { status: "stopped" } });
    expect(await enqueueDueSyncs(t.db)).toEqual([calendarId]);
  });

  it("runs in the worker: a change in the feed reaches the store by polling alone", async () => {
    expect(periodicTasks).toContain(calendarPollTask);
    const { calendarId } = await subscribedFeed();
    await drainSyncs();
    feed.setBody(ics(event("practice", 2), event("friendly", 4)));
    await t.db.calendarSyncState.update({ where: { calendarId }, data: { nextPollAt: new Date(Date.now() - 1000) } });

    const worker = startJobWorker(t.db, jobHandlers, { pollIntervalMs: 50, kinds: ["calendar.sync"], periodic: [calendarPollTask] });
    try {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await t.db.externalEvent.count({ where: { calendarId } })) < 2) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
    }
    expect((await storedOccurrences(t.db, calendarId)).map((o) => o.id)).toEqual(["practice", "friendly"]);
    expect((await runsOf(calendarId)).at(-1)!.result).toMatchObject({ reason: "poll", full: true, changed: 1 });
  });
});
