/**
 * GET and POST /api/v1/connections/{id}/sync through the route handlers, with
 * API keys: the account's sync health per calendar (push, freshness, errors,
 * events stored, waiting jobs) and its recent runs; "sync now" queues one
 * keyed job per ticked calendar, wakes the workers and answers 202 — and,
 * once a worker has run them against the Google emulator, the runs and the
 * fresh state show up. Someone else's connection is 404.
 */
import { describe, expect, it } from "vitest";
import { drainJobs } from "@/lib/jobs";
import { onJobWake } from "@/lib/jobs/wake-job-workers";
import { runCalendarSyncJob } from "@/lib/sync/run-calendar-sync-job";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { seedConnection, seedEvents, seedSyncState } from "@/test/busy-store-fixtures";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import * as sync from "./route";

const ADA = "ada@example.com";
const HOUR = 3_600_000;

const env = useCalendarEmulators({ google: [{ email: ADA, timeZone: "Europe/Berlin" }] });

const get = (key: string | undefined, id: string, query = "") => call(sync.GET, "GET", { key, id, path: `/api/v1/connections/${id}/sync${query}` });
const post = (key: string | undefined, id: string) => call(sync.POST, "POST", { key, id, path: `/api/v1/connections/${id}/sync` });

async function run(calendarId: string, startedAt: Date, outcome: string, extra: { error?: string; result?: object; kind?: string } = {}) {
  await env.t.db.jobRun.create({
    data: {
      kind: extra.kind ?? "calendar.sync",
      subjectId: calendarId,
      startedAt,
      finishedAt: new Date(startedAt.getTime() + 1234),
      outcome,
      error: extra.error ?? null,
      result: extra.result ?? undefined,
    },
  });
}

describe("GET /api/v1/connections/{id}/sync", () => {
  it("reports every calendar's push, freshness, errors and stored events, and the recent runs newest first", async () => {
    const { user, key } = await createHostWithKey(env.t.db);
    const { connectionId, calendarIds } = await seedConnection(env.t.db, user.id, [
      { name: "Ada" },
      { name: "Team" },
      { name: "Projects" },
      { name: "Birthdays", selected: false },
    ]);
    const [ada, team, projects, birthdays] = calendarIds;
    const now = Date.now();
    const syncedAt = new Date(now - 2 * 60_000);
    await seedSyncState(env.t.db, ada, { lastSyncedAt: syncedAt, nextPollAt: new Date(now + 6 * HOUR), syncedTo: new Date(now + 365 * 24 * HOUR) });
    await seedSyncState(env.t.db, team, {
      lastSyncedAt: new Date(now - 3 * HOUR),
      lastError: "Google answered 503: backend error.",
      lastErrorAt: new Date(now - 60_000),
      consecutiveFailures: 4,
      nextPollAt: new Date(now + 8 * 60_000),
    });
    await seedEvents(env.t.db, ada, [
      { start: now + HOUR, end: now + 2 * HOUR },
      { start: now + 3 * HOUR, end: now + 4 * HOUR, showAs: "free" },
    ]);
    await seedEvents(env.t.db, team, [{ start: now + HOUR, end: now + 2 * HOUR }]);
    await env.t.db.pushChannel.createMany({
      data: [
        { id: `chan-${ada}`, calendarId: ada, provider: "google", secretHash: "x", expiresAt: new Date(now + 5 * 24 * HOUR) },
        { id: `chan-${team}`, calendarId: team, provider: "google", secretHash: "x", expiresAt: new Date(now + 5 * HOUR) },
        { id: `old-${projects}`, calendarId: projects, provider: "google", secretHash: "x", status: "stopped", expiresAt: new Date(now + 5 * 24 * HOUR) },
      ],
    });
    await run(ada, new Date(now - 10 * 60_000), "succeeded", { result: { outcome: "synced", full: true, changed: 2, removed: 0, stored: 2 } });
    await run(team, new Date(now - 60_000), "retrying", { error: "Google answered 503: backend error." });
    await run(ada, new Date(now - 2 * 60_000), "succeeded", { result: { outcome: "synced", full: false, changed: 0, removed: 0, stored: 2 } });
    await run(ada, new Date(now - 30_000), "succeeded", { kind: "calendar.watch" }); // not a sync run
    const stranger = await seedConnection(env.t.db, (await createHostWithKey(env.t.db)).user.id);
    await run(stranger.calendarIds[0], new Date(now), "succeeded"); // someone else's

    const res = await get(key, connectionId);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body).toMatchObject({ connectionId, provider: "google", status: "active" });
    // Primary first, then by name (Settings order).
    expect(res.body.calendars).toEqual([
      expect.objectContaining({
        calendarId: ada, name: "Ada", selected: true, health: "ok", push: "active", lastSyncedAt: syncedAt.toISOString(), lastError: null,
        consecutiveFailures: 0, eventsStored: 2, job: null, nextPollAt: new Date(now + 6 * HOUR).toISOString(),
      }),
      expect.objectContaining({ calendarId: birthdays, selected: false, health: null, push: null, eventsStored: 0 }),
      expect.objectContaining({ calendarId: projects, selected: true, health: "pending", push: "polling", lastSyncedAt: null, eventsStored: 0 }),
      expect.objectContaining({
        calendarId: team, selected: true, health: "error", push: "expiring", lastError: "Google answered 503: backend error.",
        lastErrorAt: new Date(now - 60_000).toISOString(), consecutiveFailures: 4, eventsStored: 1,
      }),
    ]);
    expect(res.body.runs.map((r: { calendarId: string; outcome: string }) => [r.calendarId, r.outcome])).toEqual([
      [team, "retrying"],
      [ada, "succeeded"],
      [ada, "succeeded"],
    ]);
    expect(res.body.runs[0]).toMatchObject({ durationMs: 1234, error: "Google answered 503: backend error.", result: null });
    expect(res.body.runs[2]).toMatchObject({ result: { outcome: "synced", full: true, changed: 2, removed: 0, stored: 2 } });

    const two = await get(key, connectionId, "?runs=2");
    expect(two.body.runs).toHaveLength(2);
    expect((await get(key, connectionId, "?runs=0")).body).toMatchObject({ error: { code: "validation_error" } });
  });

  it("answers 404 for someone else's connection or an unknown id, and 401 without credentials", async () => {
    const owner = await createHostWithKey(env.t.db);
    const other = await createHostWithKey(env.t.db);
    const { connectionId } = await seedConnection(env.t.db, owner.user.id);
    for (const res of [await get(other.key, connectionId), await post(other.key, connectionId), await get(owner.key, "nope"), await post(owner.key, "nope")]) {
      expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect(await env.t.db.job.count({ where: { key: { startsWith: "calendar.sync:" }, payload: { path: ["reason"], equals: "manual" } } })).toBe(0);
    expect((await get(undefined, connectionId)).status).toBe(401);
    expect((await post(undefined, connectionId)).status).toBe(401);
  });
});

describe("POST /api/v1/connections/{id}/sync", () => {
  it("queues one keyed manual sync per ticked calendar, wakes the workers, answers 202; a worker's runs then show up", async () => {
    const { user, key } = await createHostWithKey(env.t.db, { timeZone: "Europe/Berlin" });
    await env.google.control.createCalendar(ADA, { summary: "Team", timeZone: "Europe/Berlin" });
    const connection = await connectOAuthAccount(env.t.db, user.id, "google", ADA);
    const primary = connection.calendars.find((c) => c.isPrimary)!;
    const team = connection.calendars.find((c) => c.name === "Team")!;
    expect(team.selectedForConflicts).toBe(false);
    await env.google.control.createEvent(ADA, { summary: "Dentist", start: { dateTime: new Date(Date.now() + 24 * HOUR).toISOString() }, end: { dateTime: new Date(Date.now() + 25 * HOUR).toISOString() } });
    // Whatever connecting queued (first sync, watch) is not this test's subject.
    await env.t.db.job.deleteMany({});

    let wakes = 0;
    const stop = onJobWake(() => wakes++);
    try {
      const res = await post(key, connection.id);
      expect(res.status).toBe(202);
      expect(wakes).toBeGreaterThan(0);
      expect(res.body.calendars).toEqual([
        expect.objectContaining({ calendarId: primary.id, selected: true, health: "pending", job: "queued" }),
        expect.objectContaining({ calendarId: team.id, selected: false, job: null }),
      ]);
      // Clicking again merges into the waiting job.
      expect((await post(key, connection.id)).status).toBe(202);
    } finally {
      stop();
    }
    const jobs = await env.t.db.job.findMany({ where: { kind: "calendar.sync" } });
    expect(jobs.map((j) => ({ key: j.key, payload: j.payload, state: j.state }))).toEqual([
      { key: `calendar.sync:${primary.id}`, payload: { calendarId: primary.id, reason: "manual" }, state: "queued" },
    ]);

    // A worker runs it (against the emulator).
    expect(await drainJobs(env.t.db, { "calendar.sync": runCalendarSyncJob })).toBe(1);
    const after = await get(key, connection.id);
    expect(after.body.calendars[0]).toMatchObject({ calendarId: primary.id, health: "ok", job: null, eventsStored: 1, lastError: null, consecutiveFailures: 0 });
    expect(Date.parse(after.body.calendars[0].lastSyncedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(after.body.runs).toEqual([
      expect.objectContaining({ calendarId: primary.id, outcome: "succeeded", error: null, result: expect.objectContaining({ reason: "manual", full: true, changed: 1, stored: 1 }) }),
    ]);
    expect(after.body.runs[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it("answers 409 when none of the account's calendars is ticked", async () => {
    const { user, key } = await createHostWithKey(env.t.db);
    const { connectionId } = await seedConnection(env.t.db, user.id, [{ selected: false }]);
    expect(await post(key, connectionId)).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
  });
});
