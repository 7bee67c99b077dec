/**
 * syncCalendar with the real Google adapter (googleapis) against the Google
 * emulator, configured through the environment as a deployment is: the first
 * sync stores every occurrence with its flags, later ones continue from the
 * sync token, a forgotten token (410) resyncs in full, throttling, outages and
 * a revoked grant leave the store as it was.
 */
import { describe, expect, it } from "vitest";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { connectPrimaryCalendar, jobContext, storedOccurrences, syncStateOf } from "@/test/calendar-sync";
import { rejection } from "@/test/rejection";
import { updateCalendarSelection } from "../calendars/update-calendar-selection";
import { CalendarProviderError } from "../calendars/provider-error";
import { PermanentJobError, RetryJobLater } from "../jobs";
import { DAY_MS } from "../time";
import { runCalendarSyncJob } from "./run-calendar-sync-job";
import { syncCalendar } from "./sync-calendar";

const ADA = "ada@example.com";
const NOW = Date.parse("2026-03-10T12:00:00Z");
const EVENTS_PATH = "/calendar/v3/calendars/*/events";

const env = useCalendarEmulators({ google: [{ email: ADA, timeZone: "Europe/Berlin" }] });

const connectedCalendar = () => connectPrimaryCalendar(env.t.db, "google", ADA);
const syncState = (calendarId: string) => syncStateOf(env.t.db, calendarId);

/** The events requests the adapter sent since the log was cleared. */
async function eventRequests() {
  const { requests } = await env.google.control.requests({ method: "GET", pathPrefix: "/calendar/v3/calendars/" });
  return requests.filter((r) => r.path.endsWith("/events"));
}


/** A weekly standup (09:00 Berlin, 5 weeks, 30 March excluded), its 6 April instance moved, its 13 April one cancelled. */
async function seedSeries() {
  const series = await env.google.control.createEvent(ADA, {
    summary: "Standup",
    start: { dateTime: "2026-03-16T09:00:00", timeZone: "Europe/Berlin" },
    end: { dateTime: "2026-03-16T09:15:00", timeZone: "Europe/Berlin" },
    recurrence: ["RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20260330T090000"],
  });
  await env.google.control.updateEvent(ADA, `${series.id}_20260406T070000Z`, {
    start: { dateTime: "2026-04-06T11:00:00+02:00" },
    end: { dateTime: "2026-04-06T11:15:00+02:00" },
  });
  await env.google.control.deleteEvent(ADA, `${series.id}_20260413T070000Z`);
  return series;
}

describe("syncCalendar — Google", { timeout: 90_000 }, () => {
  it("stores every occurrence of a first, full sync with its flags, and the sync state", async () => {
    const series = await seedSeries();
    const focus = await env.google.control.createEvent(ADA, {
      summary: "Focus",
      transparency: "transparent",
      start: { dateTime: "2026-03-19T08:00:00+01:00" },
      end: { dateTime: "2026-03-19T12:00:00+01:00" },
    });
    const pitch = await env.google.control.createEvent(ADA, {
      summary: "Vendor pitch",
      start: { dateTime: "2026-03-18T14:00:00+01:00" },
      end: { dateTime: "2026-03-18T15:00:00+01:00" },
      attendees: [{ email: "vendor@example.org", organizer: true }, { email: ADA, responseStatus: "declined" }],
    });
    const conference = await env.google.control.createEvent(ADA, { summary: "Conference", start: { date: "2026-03-27" }, end: { date: "2026-03-28" } });
    const gone = await env.google.control.createEvent(ADA, { summary: "Lunch", start: { dateTime: "2026-03-20T12:00:00Z" }, end: { dateTime: "2026-03-20T13:00:00Z" } });
    await env.google.control.deleteEvent(ADA, gone.id);
    // Before the window (it starts at the beginning of yesterday, UTC).
    await env.google.control.createEvent(ADA, { summary: "Last week", start: { dateTime: "2026-03-02T10:00:00Z" }, end: { dateTime: "2026-03-02T11:00:00Z" } });
    const { calendarId } = await connectedCalendar();

    const result = await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });

    expect(result).toMatchObject({ calendarId, outcome: "synced", reason: "connected", full: true, changed: 6, removed: 0, stored: 6 });
    const standup = { seriesId: series.id, allDay: false, status: "confirmed", showAs: "busy", selfResponse: null };
    expect(await storedOccurrences(env.t.db, calendarId)).toEqual([
      { id: `${series.id}_20260316T080000Z`, start: "2026-03-16T08:00:00.000Z", end: "2026-03-16T08:15:00.000Z", ...standup },
      { id: pitch.id, seriesId: null, start: "2026-03-18T13:00:00.000Z", end: "2026-03-18T14:00:00.000Z", allDay: false, status: "confirmed", showAs: "busy", selfResponse: "declined" },
      { id: focus.id, seriesId: null, start: "2026-03-19T07:00:00.000Z", end: "2026-03-19T11:00:00.000Z", allDay: false, status: "confirmed", showAs: "free", selfResponse: null },
      { id: `${series.id}_20260323T080000Z`, start: "2026-03-23T08:00:00.000Z", end: "2026-03-23T08:15:00.000Z", ...standup },
      // The calendar's zone: Berlin midnights.
      { id: conference.id, seriesId: null, start: "2026-03-26T23:00:00.000Z", end: "2026-03-27T23:00:00.000Z", allDay: true, status: "confirmed", showAs: "busy", selfResponse: null },
      // 30 March excluded; the moved 6 April instance at its new time; 13 April cancelled.
      { id: `${series.id}_20260406T070000Z`, start: "2026-04-06T09:00:00.000Z", end: "2026-04-06T09:15:00.000Z", ...standup },
    ]);
    const row = await env.t.db.externalEvent.findUniqueOrThrow({ where: { calendarId_externalId: { calendarId, externalId: focus.id } } });
    expect(row.etag).toBeTruthy();
    expect(row.providerUpdatedAt).toBeInstanceOf(Date);

    const state = await syncState(calendarId);
    expect(state).toMatchObject({
      cursor: expect.any(String),
      syncedFrom: new Date("2026-03-09T00:00:00Z"),
      syncedTo: new Date(NOW + 365 * DAY_MS),
      lastSyncedAt: new Date(NOW),
      lastFullSyncAt: new Date(NOW),
      lastError: null,
      consecutiveFailures: 0,
      eventCount: 6,
    });
    // No push channel: polled every SYNC_POLL_INTERVAL_SECONDS (300 s) ± 10 %.
    expect(state.nextPollAt!.getTime() - NOW).toBeGreaterThanOrEqual(270_000);
    expect(state.nextPollAt!.getTime() - NOW).toBeLessThanOrEqual(330_000);
  });

  it("continues from the sync token: an edit, an addition and deletions (a single instance, a whole series) are applied", async () => {
    const series = await seedSeries();
    const review = await env.google.control.createEvent(ADA, { summary: "Review", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    const dentist = await env.google.control.createEvent(ADA, { summary: "Dentist", start: { dateTime: "2026-03-18T10:00:00Z" }, end: { dateTime: "2026-03-18T11:00:00Z" } });
    const { calendarId } = await connectedCalendar();
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    const { cursor } = await syncState(calendarId);

    await env.google.control.updateEvent(ADA, review.id, { start: { dateTime: "2026-03-17T14:00:00Z" }, end: { dateTime: "2026-03-17T15:30:00Z" }, transparency: "transparent" });
    const added = await env.google.control.createEvent(ADA, { summary: "Added", start: { dateTime: "2026-03-20T09:00:00Z" }, end: { dateTime: "2026-03-20T09:30:00Z" } });
    await env.google.control.deleteEvent(ADA, dentist.id);
    await env.google.control.deleteEvent(ADA, `${series.id}_20260323T080000Z`);
    await env.google.control.clearRequests();

    const later = NOW + 3_600_000;
    const result = await syncCalendar(env.t.db, calendarId, { reason: "push", now: later });

    expect(result).toMatchObject({ outcome: "synced", full: false, changed: 2, removed: 2, stored: 4 });
    // One listing, from the stored token (no time window: that is a full listing).
    const requests = await eventRequests();
    expect(requests).toHaveLength(1);
    expect(requests[0].query).toMatchObject({ syncToken: cursor });
    expect(requests[0].query.timeMin).toBeUndefined();
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => [o.id, o.start, o.end, o.showAs])).toEqual([
      [`${series.id}_20260316T080000Z`, "2026-03-16T08:00:00.000Z", "2026-03-16T08:15:00.000Z", "busy"],
      [review.id, "2026-03-17T14:00:00.000Z", "2026-03-17T15:30:00.000Z", "free"],
      [added.id, "2026-03-20T09:00:00.000Z", "2026-03-20T09:30:00.000Z", "busy"],
      [`${series.id}_20260406T070000Z`, "2026-04-06T09:00:00.000Z", "2026-04-06T09:15:00.000Z", "busy"],
    ]);
    const state = await syncState(calendarId);
    expect(state).toMatchObject({ lastSyncedAt: new Date(later), lastFullSyncAt: new Date(NOW), syncedTo: new Date(NOW + 365 * DAY_MS), eventCount: 4 });
    expect(state.cursor).not.toBe(cursor);

    // The whole series goes: its moved instance with it.
    await env.google.control.deleteEvent(ADA, series.id);
    const deleted = await syncCalendar(env.t.db, calendarId, { reason: "push", now: later });
    expect(deleted).toMatchObject({ full: false, removed: 2, stored: 2 });
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([review.id, added.id]);

    // Nothing changed: nothing written, nothing removed.
    expect(await syncCalendar(env.t.db, calendarId, { reason: "poll", now: later })).toMatchObject({ full: false, changed: 0, removed: 0, stored: 2 });
  });

  it("relists when a recurring series changes, so occurrences it did away with leave (Google names only the new ones)", async () => {
    const utcTime = (date: string, time: string) => ({ dateTime: `${date}T${time}:00`, timeZone: "UTC" });
    const series = await env.google.control.createEvent(ADA, { summary: "Sync", start: utcTime("2026-03-16", "09:00"), end: utcTime("2026-03-16", "09:15"), recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"] });
    const { calendarId } = await connectedCalendar();
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });

    // The whole series moves to 14:00: new instance ids; the 09:00 ones must go.
    await env.google.control.updateEvent(ADA, series.id, { start: utcTime("2026-03-16", "14:00"), end: utcTime("2026-03-16", "14:15") });
    await env.google.control.clearRequests();
    expect(await syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW })).toMatchObject({ full: true, changed: 3, removed: 3, stored: 3 });
    // The incremental listing, then the full one.
    expect((await eventRequests()).map((r) => (r.query.syncToken ? "syncToken" : "window"))).toEqual(["syncToken", "window"]);
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.start)).toEqual(["2026-03-16T14:00:00.000Z", "2026-03-23T14:00:00.000Z", "2026-03-30T14:00:00.000Z"]);

    // One instance moved: relisted too (the sync alone cannot tell), and the other two stay.
    await env.google.control.updateEvent(ADA, `${series.id}_20260323T140000Z`, { start: utcTime("2026-03-23", "16:00"), end: utcTime("2026-03-23", "16:15") });
    expect(await syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW })).toMatchObject({ full: true, changed: 1, removed: 0, stored: 3 });
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.start)).toEqual(["2026-03-16T14:00:00.000Z", "2026-03-23T16:00:00.000Z", "2026-03-30T14:00:00.000Z"]);
  });

  it("lists in full again when Google forgot the token (410), and the store matches the calendar", async () => {
    const { calendarId } = await connectedCalendar();
    const kept = await env.google.control.createEvent(ADA, { summary: "Kept", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    const removed = await env.google.control.createEvent(ADA, { summary: "Removed", start: { dateTime: "2026-03-18T10:00:00Z" }, end: { dateTime: "2026-03-18T11:00:00Z" } });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });

    await env.google.control.deleteEvent(ADA, removed.id);
    const added = await env.google.control.createEvent(ADA, { summary: "Added", start: { dateTime: "2026-03-19T10:00:00Z" }, end: { dateTime: "2026-03-19T11:00:00Z" } });
    await env.google.control.invalidateSyncTokens(ADA);
    await env.google.control.clearRequests();

    const result = await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 60_000 });
    // Only the difference is written: the event still there is left as it was.
    expect(result).toMatchObject({ outcome: "synced", full: true, changed: 1, removed: 1, stored: 2 });
    expect((await eventRequests()).map((r) => r.status)).toEqual([410, 200]);
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id, added.id]);
    expect(await syncState(calendarId)).toMatchObject({ lastFullSyncAt: new Date(NOW + 60_000) });
  });

  it("re-expands recurring series as the horizon rolls forward", async () => {
    const daily = await env.google.control.createEvent(ADA, {
      summary: "Daily",
      start: { dateTime: "2026-03-01T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2026-03-01T09:15:00", timeZone: "UTC" },
      recurrence: ["RRULE:FREQ=DAILY"],
    });
    const { calendarId } = await connectedCalendar();
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    const last = async () => (await storedOccurrences(env.t.db, calendarId)).at(-1)!;
    expect(await last()).toMatchObject({ seriesId: daily.id, start: "2027-03-10T09:00:00.000Z" });

    // Within a day of the stored horizon: incremental.
    expect(await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + DAY_MS / 2 })).toMatchObject({ full: false, changed: 0 });
    // Two days on: the series is listed again out to the new horizon; the days before yesterday drop out.
    const rolled = await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 2 * DAY_MS });
    expect(rolled).toMatchObject({ full: true, changed: 2, removed: 2, stored: 367 });
    expect(await last()).toMatchObject({ start: "2027-03-12T09:00:00.000Z" });
    expect((await storedOccurrences(env.t.db, calendarId))[0].start).toBe("2026-03-11T09:00:00.000Z");
    expect(await syncState(calendarId)).toMatchObject({ syncedFrom: new Date("2026-03-11T00:00:00Z"), syncedTo: new Date(NOW + 367 * DAY_MS) });
  });

  it("answers a 429 with Retry-After by retrying the job exactly then, keeping the store", async () => {
    const { calendarId } = await connectedCalendar();
    await env.google.control.createEvent(ADA, { summary: "Kept", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    await env.google.control.injectFault({ method: "GET", path: EVENTS_PATH, status: 429, retryAfterSeconds: 120, reason: "rateLimitExceeded" });

    const error = await rejection(syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 60_000 }));
    expect(error).toBeInstanceOf(CalendarProviderError);
    expect(error).toMatchObject({ reason: "rate_limited", options: expect.objectContaining({ retryAfterMs: 120_000 }) });
    const state = await syncState(calendarId);
    expect(state).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/^Google: /), lastErrorAt: new Date(NOW + 60_000), lastSyncedAt: new Date(NOW) });
    // Not before the provider said.
    expect(state.nextPollAt!.getTime()).toBeGreaterThanOrEqual(NOW + 60_000 + 120_000);
    expect(await env.t.db.externalEvent.count({ where: { calendarId } })).toBe(1);

    // Through the job: RetryJobLater with the provider's delay.
    await env.google.control.injectFault({ method: "GET", path: EVENTS_PATH, status: 429, retryAfterSeconds: 90, reason: "rateLimitExceeded" });
    const jobError = await rejection(runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(env.t.db)));
    expect(jobError).toBeInstanceOf(RetryJobLater);
    expect((jobError as RetryJobLater).delayMs).toBe(90_000);
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 2 });
  });

  it("keeps the store through an outage (500) and catches up on what changed meanwhile", async () => {
    const { calendarId } = await connectedCalendar();
    const kept = await env.google.control.createEvent(ADA, { summary: "Kept", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    const during = await env.google.control.createEvent(ADA, { summary: "During", start: { dateTime: "2026-03-18T10:00:00Z" }, end: { dateTime: "2026-03-18T11:00:00Z" } });
    await env.google.control.injectFault({ method: "GET", path: EVENTS_PATH, status: 500, count: 2 });

    for (const attempt of [1, 2]) {
      const error = await rejection(syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + attempt * 60_000 }));
      expect(error).toMatchObject({ reason: "transient" });
      expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id]);
    }
    const failing = await syncState(calendarId);
    expect(failing.consecutiveFailures).toBe(2);
    // Backoff: 60 s ± 20 % after the second failure in a row.
    expect(failing.nextPollAt!.getTime() - (NOW + 120_000)).toBeGreaterThanOrEqual(48_000);
    expect(failing.nextPollAt!.getTime() - (NOW + 120_000)).toBeLessThanOrEqual(72_000);
    // The job lets the queue retry it with backoff (a plain error, not permanent).
    await env.google.control.injectFault({ method: "GET", path: EVENTS_PATH, status: 503 });
    const jobError = await rejection(runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(env.t.db)));
    expect(jobError).toBeInstanceOf(CalendarProviderError);

    const recovered = await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 300_000 });
    expect(recovered).toMatchObject({ full: false, changed: 1 });
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id, during.id]);
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 0, lastError: null, lastSyncedAt: new Date(NOW + 300_000) });
  });

  it("marks a revoked account needs_reconnect, fails the job for good and keeps the store; no further calls until reconnected", async () => {
    const { user, connection, calendarId } = await connectedCalendar();
    await env.google.control.createEvent(ADA, { summary: "Kept", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    await env.google.control.revokeRefreshTokens({ email: ADA });
    await env.google.control.expireAccessTokens(ADA);

    const jobError = await rejection(runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(env.t.db)));
    expect(jobError).toBeInstanceOf(PermanentJobError);
    expect((jobError as Error).message).toMatch(/invalid_grant/);
    expect(await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "needs_reconnect" });
    expect(await env.t.db.externalEvent.count({ where: { calendarId } })).toBe(1);
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/invalid_grant/) });

    await env.google.control.clearRequests();
    await expect(syncCalendar(env.t.db, calendarId, { reason: "manual", now: NOW })).rejects.toMatchObject({ reason: "auth" });
    expect(await env.google.control.countRequests()).toBe(0);

    // Reconnecting makes it work again (and queues a sync itself).
    await connectOAuthAccount(env.t.db, user.id, "google", ADA);
    expect(await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW })).toMatchObject({ outcome: "synced", full: false });
  });

  it("clears an unticked calendar, drops a batch that another sync overtook, and resyncs a ticked one from scratch", async () => {
    const { user, calendarId } = await connectedCalendar();
    const first = await env.google.control.createEvent(ADA, { summary: "First", start: { dateTime: "2026-03-17T10:00:00Z" }, end: { dateTime: "2026-03-17T11:00:00Z" } });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });

    // Two syncs at once: the slow one read the cursor before the fast one committed.
    const second = await env.google.control.createEvent(ADA, { summary: "Second", start: { dateTime: "2026-03-18T10:00:00Z" }, end: { dateTime: "2026-03-18T11:00:00Z" } });
    await env.google.control.injectFault({ method: "GET", path: EVENTS_PATH, delayMs: 1500 });
    const slow = syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW + 1000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fast = await syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW + 2000 });
    expect(fast).toMatchObject({ outcome: "synced", changed: 1 });
    const cursor = (await syncState(calendarId)).cursor;
    expect(await slow).toMatchObject({ outcome: "superseded", changed: 0 });
    expect((await syncState(calendarId)).cursor).toBe(cursor);
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([first.id, second.id]);
    // …and asked for one more run, so nothing the slow one carried waits for the next poll.
    expect(await env.t.db.job.count({ where: { key: `calendar.sync:${calendarId}`, state: "queued", payload: { path: ["reason"], equals: "push" } } })).toBe(1);

    await updateCalendarSelection(env.t.db, user.id, calendarId, { selectedForConflicts: false });
    expect(await env.t.db.externalEvent.count({ where: { calendarId } })).toBe(0);
    expect(await env.t.db.calendarSyncState.findUnique({ where: { calendarId } })).toBeNull();
    expect(await env.t.db.job.count({ where: { key: `calendar.watch:${calendarId}`, state: "queued" } })).toBe(1);
    await env.google.control.clearRequests();
    expect(await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW })).toMatchObject({ outcome: "cleared", stored: 0 });
    expect(await env.google.control.countRequests()).toBe(0);

    await updateCalendarSelection(env.t.db, user.id, calendarId, { selectedForConflicts: true });
    const job = await env.t.db.job.findFirstOrThrow({ where: { key: `calendar.sync:${calendarId}`, state: "queued" } });
    expect(job.payload).toMatchObject({ calendarId, reason: "selected" });
    expect(await syncCalendar(env.t.db, calendarId, { reason: "selected", now: NOW })).toMatchObject({ outcome: "synced", full: true, stored: 2 });
  });
});
