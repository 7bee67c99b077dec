/**
 * The issue's proof, end to end: a person changes their emulated Google /
 * Graph calendar (control API) → the emulator POSTs its real-format
 * notification to Kairos' webhook route (behind a real HTTP server,
 * test/route-server.ts, as PUBLIC_URL) → the route queues a sync and answers
 * → the job worker (startJobWorker with the app's real handlers) syncs the
 * busy store and invalidates the host's slots → GET /api/v1/slots reflects the
 * change within a second. A slots request itself asks no provider: counted
 * at the emulator's request log around a recomputed (uncached) request.
 *
 * Faults: 429 / 500 / a request that never answers during the sync after a
 * notification are retried by the job queue with backoff, nothing is lost,
 * and the calendar's state recovers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as slotsRoute from "@/app/api/v1/slots/route";
import type { GoogleEmulator } from "@/e2e/emulators/google";
import type { MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { call } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import type { RouteServer } from "@/test/route-server";
import type { TestDatabase } from "@/test/test-database";
import { GOOGLE_ACCOUNT as ADA, MICROSOFT_ACCOUNT as GRACE, startWebhookTestEnv, type WebhookTestEnv } from "@/test/webhook-test-env";
import { invalidateHost } from "../../availability/slot-cache";
import { jobHandlers } from "../../background/job-handlers";
import { createTestEventType, createTestHost, dayFromToday } from "../../booking/test-fixtures";
import type { EventType, User } from "../../db/generated/client";
import { startJobWorker, type JobWorker } from "../../jobs";
import { addDays } from "../../time";

/** The bound: a change reaches the booking page within a second. */
const FRESH_WITHIN_MS = 1000;
// The end-to-end suites below get 60 s each: connecting (first full sync, channel, warm-up) takes seconds on a busy two-core machine.

let env: WebhookTestEnv;
let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let routes: RouteServer;
let t: TestDatabase;
let worker: JobWorker;

beforeAll(async () => {
  env = await startWebhookTestEnv();
  ({ google, microsoft, routes, t } = env);
  worker = startJobWorker(t.db, jobHandlers, { pollIntervalMs: 100 });
});
afterAll(async () => {
  await worker?.stop();
  await env?.close();
});
beforeEach(() => env.reset());

const day = dayFromToday(3);
const nextDay = addDays(day, 1);
const at = (date: string, time: string) => `${date}T${time}:00Z`;
const ALL_DAY = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"];
const without = (...times: string[]) => ALL_DAY.filter((time) => !times.includes(time));

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** No job due or running: the worker has caught up. */
const settled = () =>
  until("the job queue to settle", async () => {
    const busy = await t.db.job.count({ where: { OR: [{ state: "running" }, { state: "queued", runAt: { lte: new Date() } }] } });
    return busy === 0;
  });

interface Scenario {
  host: User;
  eventType: EventType;
  calendarId: string;
  externalCalendarId: string;
}

/** A host open 09–17 UTC daily with the account connected: first sync done, push channel live. */
async function connectedHost(provider: "google" | "microsoft"): Promise<Scenario> {
  const host = await createTestHost(t.db);
  const eventType = await createTestEventType(t.db, host.id, { durationMinutes: 30 });
  const dto = await connectOAuthAccount(t.db, host.id, provider, provider === "google" ? ADA : GRACE);
  const calendarId = dto.calendars.find((c) => c.isPrimary)!.id;
  const { externalId } = await t.db.connectedCalendar.findUniqueOrThrow({ where: { id: calendarId } });
  await until("the first sync and a live channel", async () => {
    const synced = await t.db.calendarSyncState.findFirst({ where: { calendarId, lastSyncedAt: { not: null } } });
    const channel = await t.db.pushChannel.findFirst({ where: { calendarId, status: "active", expiresAt: { gt: new Date() } } });
    return synced && channel;
  });
  // One notification → sync → store round before measuring: the first run of each query in a
  // process pays for planning it, which is start-up cost, not latency.
  const warmUp = dayFromToday(30);
  if (provider === "google") {
    await google.control.createEvent(externalId, { summary: "Warm-up", start: { dateTime: at(warmUp, "10:00") }, end: { dateTime: at(warmUp, "11:00") } });
  } else {
    await microsoft.control.createEvent(GRACE, { subject: "Warm-up", start: { dateTime: `${warmUp}T10:00:00`, timeZone: "UTC" }, end: { dateTime: `${warmUp}T11:00:00`, timeZone: "UTC" } });
  }
  await until("the warm-up event in the store", () => t.db.externalEvent.findFirst({ where: { calendarId, startAt: new Date(at(warmUp, "10:00")) } }));
  await settled();
  return { host, eventType, calendarId, externalCalendarId: externalId };
}

async function slotTimes(s: Scenario, date = day): Promise<string[]> {
  const response = await call(slotsRoute.GET, "GET", {
    path: `/api/v1/slots?eventTypeId=${s.eventType.id}&start=${date}&end=${date}&timeZone=UTC`,
  });
  expect(response.status).toBe(200);
  return ((response.body.slots[date] ?? []) as { start: string }[]).map((slot) => slot.start.slice(11, 16));
}

/** Makes the change, then polls slots until they equal `expected`; answers how long that took. */
async function freshAfter(s: Scenario, change: () => Promise<unknown>, expected: string[], date = day, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  await change();
  await until(`slots on ${date} to become ${expected.join(" ")}`, async () => JSON.stringify(await slotTimes(s, date)) === JSON.stringify(expected), timeoutMs);
  return performance.now() - started;
}

/** Provider requests made while computing slots from scratch (cache invalidated first), with the queue idle. */
async function providerCallsOfOneSlotsRequest(s: Scenario, count: () => Promise<number>): Promise<number> {
  await settled();
  await invalidateHost(s.host.id);
  const before = await count();
  await slotTimes(s);
  return (await count()) - before;
}

describe("Google: change → push → sync → slots", { timeout: 60_000 }, () => {
  const googleCalls = () => google.control.countRequests({ pathPrefix: "/calendar/v3/" });

  it("a new event, a move and a delete each reach the slots within a second; slots ask Google nothing", async () => {
    const s = await connectedHost("google");
    expect(await slotTimes(s)).toEqual(ALL_DAY);
    expect(await providerCallsOfOneSlotsRequest(s, googleCalls)).toBe(0);

    let event!: { id: string };
    const created = await freshAfter(
      s,
      async () => (event = await google.control.createEvent(s.externalCalendarId, { summary: "Dentist", start: { dateTime: at(day, "10:00") }, end: { dateTime: at(day, "11:00") } })),
      without("10:00", "10:30"),
    );
    expect(created).toBeLessThan(FRESH_WITHIN_MS);
    expect(await providerCallsOfOneSlotsRequest(s, googleCalls)).toBe(0);

    const moved = await freshAfter(
      s,
      () => google.control.updateEvent(s.externalCalendarId, event.id, { start: { dateTime: at(day, "14:00") }, end: { dateTime: at(day, "15:00") } }),
      without("14:00", "14:30"),
    );
    expect(moved).toBeLessThan(FRESH_WITHIN_MS);

    const deleted = await freshAfter(s, () => google.control.deleteEvent(s.externalCalendarId, event.id), ALL_DAY);
    expect(deleted).toBeLessThan(FRESH_WITHIN_MS);
    expect(await providerCallsOfOneSlotsRequest(s, googleCalls)).toBe(0);

    // Every sync after the first continued from its sync token: the payload was never the content.
    const listings = (await google.control.requests({ route: "GET /calendar/v3/calendars/:calendarId/events" })).requests;
    expect(listings.filter((r) => r.query.syncToken).length).toBeGreaterThanOrEqual(3);
    expect(routes.log.filter((r) => r.path === "/api/webhooks/google" && r.status === 202).length).toBeGreaterThanOrEqual(3);
  });

  it("a moved single instance of a recurring series", async () => {
    const s = await connectedHost("google");
    const series = await google.control.createEvent(s.externalCalendarId, {
      summary: "Standup",
      start: { dateTime: `${day}T12:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day}T12:30:00`, timeZone: "UTC" },
      recurrence: ["RRULE:FREQ=DAILY;COUNT=3"],
    });
    await until("the series in the slots", async () => JSON.stringify(await slotTimes(s, nextDay)) === JSON.stringify(without("12:00")));

    const instanceId = `${series.id}_${nextDay.replaceAll("-", "")}T120000Z`;
    const elapsed = await freshAfter(
      s,
      () => google.control.updateEvent(s.externalCalendarId, instanceId, { start: { dateTime: at(nextDay, "15:00") }, end: { dateTime: at(nextDay, "15:30") } }),
      without("15:00"),
      nextDay,
    );
    expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
    // The other occurrences stay where they were.
    expect(await slotTimes(s, day)).toEqual(without("12:00"));
    expect(await providerCallsOfOneSlotsRequest(s, googleCalls)).toBe(0);
  });

  it("410: a forgotten sync token recovers with a full resync", async () => {
    const s = await connectedHost("google");
    await google.control.invalidateSyncTokens(s.externalCalendarId);
    const since = (await google.control.requests()).lastSeq;

    const elapsed = await freshAfter(
      s,
      () => google.control.createEvent(s.externalCalendarId, { summary: "Offsite", start: { dateTime: at(day, "09:00") }, end: { dateTime: at(day, "10:00") } }),
      without("09:00", "09:30"),
    );
    expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
    const listings = (await google.control.requests({ route: "GET /calendar/v3/calendars/:calendarId/events", since })).requests;
    expect(listings[0]).toMatchObject({ status: 410 });
    expect(listings[1].query.syncToken).toBeUndefined();
    // The next change is incremental again.
    await freshAfter(s, () => google.control.createEvent(s.externalCalendarId, { summary: "Lunch", start: { dateTime: at(day, "13:00") }, end: { dateTime: at(day, "13:30") } }), without("09:00", "09:30", "13:00"));
    expect((await google.control.requests({ route: "GET /calendar/v3/calendars/:calendarId/events" })).requests.at(-1)!.query.syncToken).toBeDefined();
  });
});

describe("Microsoft Graph: change → push → sync → slots", { timeout: 60_000 }, () => {
  const graphCalls = () => microsoft.control.countRequests({ pathPrefix: "/v1.0/" });

  it("a new event, a move and a delete each reach the slots within a second; slots ask Graph nothing", async () => {
    const s = await connectedHost("microsoft");
    expect(await slotTimes(s)).toEqual(ALL_DAY);
    expect(await providerCallsOfOneSlotsRequest(s, graphCalls)).toBe(0);

    let event!: { id: string };
    const created = await freshAfter(
      s,
      async () => (event = await microsoft.control.createEvent(GRACE, { subject: "1:1", start: { dateTime: `${day}T10:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T11:00:00`, timeZone: "UTC" } })),
      without("10:00", "10:30"),
    );
    expect(created).toBeLessThan(FRESH_WITHIN_MS);

    const moved = await freshAfter(
      s,
      () => microsoft.control.updateEvent(GRACE, event.id, { start: { dateTime: `${day}T14:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T15:00:00`, timeZone: "UTC" } }),
      without("14:00", "14:30"),
    );
    expect(moved).toBeLessThan(FRESH_WITHIN_MS);

    const deleted = await freshAfter(s, () => microsoft.control.deleteEvent(GRACE, event.id), ALL_DAY);
    expect(deleted).toBeLessThan(FRESH_WITHIN_MS);
    expect(await providerCallsOfOneSlotsRequest(s, graphCalls)).toBe(0);
    expect(routes.log.filter((r) => r.path === "/api/webhooks/microsoft" && r.status === 202).length).toBeGreaterThanOrEqual(3);
  });

  it("a moved single occurrence of a recurring series", async () => {
    const s = await connectedHost("microsoft");
    const series = await microsoft.control.createEvent(GRACE, {
      subject: "Standup",
      start: { dateTime: `${day}T12:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day}T12:30:00`, timeZone: "UTC" },
      recurrence: { pattern: { type: "daily", interval: 1 }, range: { type: "numbered", startDate: day, numberOfOccurrences: 3 } },
    });
    await until("the series in the slots", async () => JSON.stringify(await slotTimes(s, nextDay)) === JSON.stringify(without("12:00")));
    // The occurrence's own id, as Graph reported it to the sync.
    const occurrence = await t.db.externalEvent.findFirstOrThrow({ where: { calendarId: s.calendarId, seriesId: series.id, startAt: new Date(at(nextDay, "12:00")) } });

    const elapsed = await freshAfter(
      s,
      () => microsoft.control.updateEvent(GRACE, occurrence.externalId, { start: { dateTime: `${nextDay}T15:00:00`, timeZone: "UTC" }, end: { dateTime: `${nextDay}T15:30:00`, timeZone: "UTC" } }),
      without("15:00"),
      nextDay,
    );
    expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
    expect(await slotTimes(s, day)).toEqual(without("12:00"));
    expect(await providerCallsOfOneSlotsRequest(s, graphCalls)).toBe(0);
  });

  it("410 syncStateNotFound recovers with a full resync", async () => {
    const s = await connectedHost("microsoft");
    await microsoft.control.invalidateDeltaTokens(GRACE);
    const since = (await microsoft.control.requests()).lastSeq;
    const elapsed = await freshAfter(
      s,
      () => microsoft.control.createEvent(GRACE, { subject: "Offsite", start: { dateTime: `${day}T09:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T10:00:00`, timeZone: "UTC" } }),
      without("09:00", "09:30"),
    );
    expect(elapsed).toBeLessThan(FRESH_WITHIN_MS);
    const deltas = (await microsoft.control.requests({ since })).requests.filter((r) => r.path.includes("/delta"));
    expect(deltas[0]).toMatchObject({ status: 410 });
    expect(deltas.slice(1).every((r) => r.status === 200)).toBe(true);
  });
});

describe("faults during the sync after a notification", () => {
  const listPath = "/calendar/v3/calendars/*/events";

  it("429 with Retry-After: waited out, then synced; nothing lost", async () => {
    const s = await connectedHost("google");
    await google.control.injectFault({ method: "GET", path: listPath, status: 429, reason: "rateLimitExceeded", retryAfterSeconds: 1, count: 1 });
    const elapsed = await freshAfter(
      s,
      () => google.control.createEvent(s.externalCalendarId, { summary: "A", start: { dateTime: at(day, "10:00") }, end: { dateTime: at(day, "11:00") } }),
      without("10:00", "10:30"),
    );
    expect(elapsed).toBeGreaterThan(900);
    await settled(); // the run is recorded just after the sync made the slots fresh
    const runs = await t.db.jobRun.findMany({ where: { kind: "calendar.sync", subjectId: s.calendarId }, orderBy: { startedAt: "asc" } });
    expect(runs.slice(-2).map((r) => r.outcome)).toEqual(["retrying", "succeeded"]);
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId: s.calendarId } })).toMatchObject({ lastError: null, consecutiveFailures: 0 });
  });

  it("500s: retried with backoff; changes made during the outage arrive too", async () => {
    const s = await connectedHost("microsoft");
    await microsoft.control.injectFault({ method: "GET", path: "/v1.0/**", status: 500, count: 2 });
    await microsoft.control.createEvent(GRACE, { subject: "A", start: { dateTime: `${day}T10:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T11:00:00`, timeZone: "UTC" } });
    const failing = await until("the failed sync", async () => t.db.calendarSyncState.findFirst({ where: { calendarId: s.calendarId, lastError: { not: null } } }));
    expect(failing!.consecutiveFailures).toBeGreaterThan(0);
    // The slots keep the last good state meanwhile (stale beats unknown).
    expect(await slotTimes(s)).toEqual(ALL_DAY);
    await microsoft.control.createEvent(GRACE, { subject: "B", start: { dateTime: `${day}T14:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T15:00:00`, timeZone: "UTC" } });

    await until("both changes in the slots", async () => JSON.stringify(await slotTimes(s)) === JSON.stringify(without("10:00", "10:30", "14:00", "14:30")), 60_000);
    await settled(); // the run is recorded just after the sync made the slots fresh
    const runs = await t.db.jobRun.findMany({ where: { kind: "calendar.sync", subjectId: s.calendarId }, orderBy: { startedAt: "asc" } });
    expect(runs.some((r) => r.outcome === "retrying")).toBe(true);
    expect(runs.at(-1)!.outcome).toBe("succeeded");
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId: s.calendarId } })).toMatchObject({ lastError: null, consecutiveFailures: 0 });
  }, 90_000);

  it("a request that never answers times out, and the retry syncs", async () => {
    const s = await connectedHost("google");
    await google.control.injectFault({ method: "GET", path: listPath, hang: true, count: 1 });
    await google.control.createEvent(s.externalCalendarId, { summary: "A", start: { dateTime: at(day, "10:00") }, end: { dateTime: at(day, "11:00") } });
    await until("both changes in the slots", async () => JSON.stringify(await slotTimes(s)) === JSON.stringify(without("10:00", "10:30")), 80_000);
    await settled(); // the run is recorded just after the sync made the slots fresh
    const runs = await t.db.jobRun.findMany({ where: { kind: "calendar.sync", subjectId: s.calendarId }, orderBy: { startedAt: "asc" } });
    expect(runs.slice(-2).map((r) => r.outcome)).toEqual(["retrying", "succeeded"]);
    expect(runs.at(-2)!.error).toMatch(/time|abort/i);
  }, 120_000);
});
