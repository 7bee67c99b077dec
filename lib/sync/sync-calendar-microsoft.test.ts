/**
 * syncCalendar with the real Microsoft adapter (@microsoft/microsoft-graph-client)
 * against the Graph emulator over https, configured through the environment:
 * calendarView/delta for the first sync, the deltaLink afterwards (@removed →
 * deleted), 410 syncStateNotFound → full resync, throttling (Retry-After
 * longer than the client waits out itself), outages and a revoked grant.
 */
import { describe, expect, it } from "vitest";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { connectPrimaryCalendar, jobContext, storedOccurrences, syncStateOf } from "@/test/calendar-sync";
import { rejection } from "@/test/rejection";
import { PermanentJobError, RetryJobLater } from "../jobs";
import { DAY_MS } from "../time";
import { runCalendarSyncJob } from "./run-calendar-sync-job";
import { syncCalendar } from "./sync-calendar";

const GRACE = "grace@contoso.test";
const NOW = Date.parse("2026-03-10T12:00:00Z");
const DELTA_PATH = "/v1.0/me/calendars/*/calendarView/delta";
const berlin = (date: string, time: string) => ({ dateTime: `${date}T${time}:00`, timeZone: "Europe/Berlin" });

const env = useCalendarEmulators({ microsoft: [{ email: GRACE, timeZone: "Europe/Berlin" }] });

const connectedCalendar = () => connectPrimaryCalendar(env.t.db, "microsoft", GRACE);
const syncState = (calendarId: string) => syncStateOf(env.t.db, calendarId);

async function deltaRequests() {
  const { requests } = await env.microsoft.control.requests({ method: "GET", pathPrefix: "/v1.0/me/calendars/" });
  return requests.filter((r) => r.path.endsWith("/calendarView/delta"));
}


describe("syncCalendar — Microsoft 365", { timeout: 90_000 }, () => {
  it("stores a full first sync with its flags, then follows the deltaLink: a deleted and a moved occurrence, an edit, an addition", async () => {
    const series = await env.microsoft.control.createEvent(GRACE, {
      subject: "Weekly sync",
      start: berlin("2026-03-16", "09:00"),
      end: berlin("2026-03-16", "09:30"),
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: { type: "numbered", startDate: "2026-03-16", numberOfOccurrences: 5 },
      },
    });
    const pitch = await env.microsoft.control.createEvent(GRACE, {
      subject: "Vendor pitch",
      isOrganizer: false,
      responseStatus: { response: "declined", time: "2026-03-01T10:00:00Z" },
      start: berlin("2026-03-18", "14:00"),
      end: berlin("2026-03-18", "15:00"),
    });
    const focus = await env.microsoft.control.createEvent(GRACE, { subject: "Focus", showAs: "free", start: berlin("2026-03-19", "08:00"), end: berlin("2026-03-19", "12:00") });
    await env.microsoft.control.createEvent(GRACE, { subject: "Called off", isCancelled: true, start: berlin("2026-03-20", "12:00"), end: berlin("2026-03-20", "13:00") });
    const conference = await env.microsoft.control.createEvent(GRACE, {
      subject: "Conference",
      isAllDay: true,
      start: { dateTime: "2026-03-27T00:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-03-28T00:00:00", timeZone: "Europe/Berlin" },
    });
    const review = await env.microsoft.control.createEvent(GRACE, { subject: "Review", start: berlin("2026-03-17", "10:00"), end: berlin("2026-03-17", "11:00") });
    const { calendarId } = await connectedCalendar();
    await env.microsoft.control.clearRequests();

    const first = await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    expect(first).toMatchObject({ outcome: "synced", full: true, changed: 9, removed: 0, stored: 9 });
    // The first round asks for the window; it is where the deltaLink comes from.
    const [initial] = await deltaRequests();
    expect(initial.query).toMatchObject({ startDateTime: "2026-03-09T00:00:00.000Z", endDateTime: new Date(NOW + 365 * DAY_MS).toISOString() });
    const stored = await storedOccurrences(env.t.db, calendarId);
    const weekly = stored.filter((o) => o.seriesId === series.id);
    expect(weekly.map((o) => o.start)).toEqual([
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-04-06T07:00:00.000Z",
      "2026-04-13T07:00:00.000Z",
    ]);
    const byId = new Map(stored.map((o) => [o.id, o]));
    expect(byId.get(pitch.id)).toMatchObject({ selfResponse: "declined", showAs: "busy", seriesId: null });
    expect(byId.get(focus.id)).toMatchObject({ showAs: "free" });
    // Floating all-day dates in the host's zone.
    expect(byId.get(conference.id)).toMatchObject({ allDay: true, start: "2026-03-26T23:00:00.000Z", end: "2026-03-27T23:00:00.000Z" });
    expect(byId.get(review.id)).toMatchObject({ start: "2026-03-17T09:00:00.000Z", status: "confirmed" });
    expect(stored.some((o) => o.start === "2026-03-20T11:00:00.000Z")).toBe(false);
    const { cursor } = await syncState(calendarId);
    expect(cursor).toMatch(/calendarView\/delta\?\$deltatoken=/);

    // A person deletes the 30 March occurrence, moves the 6 April one, edits one event and adds another.
    await env.microsoft.control.deleteEvent(GRACE, weekly[2].id);
    await env.microsoft.control.updateEvent(GRACE, weekly[3].id, { start: berlin("2026-04-06", "11:00"), end: berlin("2026-04-06", "11:30") });
    await env.microsoft.control.updateEvent(GRACE, review.id, { showAs: "tentative", start: berlin("2026-03-17", "15:00"), end: berlin("2026-03-17", "16:00") });
    const added = await env.microsoft.control.createEvent(GRACE, { subject: "Added", start: berlin("2026-03-24", "10:00"), end: berlin("2026-03-24", "11:00") });
    await env.microsoft.control.clearRequests();

    const second = await syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW + 60_000 });
    // Changed: the moved occurrence, the edit, the addition — and the series' other three occurrences,
    // which Graph reports again because an exception changes the series' changeKey (their etags).
    expect(second).toMatchObject({ outcome: "synced", full: false, changed: 6, removed: 1, stored: 9 });
    const incremental = await deltaRequests();
    expect(incremental).toHaveLength(1);
    expect(incremental[0].query.$deltatoken).toBe(new URL(cursor!).searchParams.get("$deltatoken"));
    const after = await storedOccurrences(env.t.db, calendarId);
    expect(after.filter((o) => o.seriesId === series.id).map((o) => [o.id, o.start])).toEqual([
      [weekly[0].id, "2026-03-16T08:00:00.000Z"],
      [weekly[1].id, "2026-03-23T08:00:00.000Z"],
      [weekly[3].id, "2026-04-06T09:00:00.000Z"],
      [weekly[4].id, "2026-04-13T07:00:00.000Z"],
    ]);
    expect(after.find((o) => o.id === review.id)).toMatchObject({ start: "2026-03-17T14:00:00.000Z", end: "2026-03-17T15:00:00.000Z" });
    expect(after.find((o) => o.id === added.id)).toMatchObject({ start: "2026-03-24T09:00:00.000Z" });

    // A full listing now finds nothing to change: the ids and flags are stable.
    expect(await syncCalendar(env.t.db, calendarId, { reason: "manual", full: true, now: NOW + 120_000 })).toMatchObject({ full: true, changed: 0, removed: 0, stored: 9 });

    // The whole series deleted: every occurrence leaves.
    await env.microsoft.control.deleteEvent(GRACE, series.id);
    expect(await syncCalendar(env.t.db, calendarId, { reason: "push", now: NOW + 180_000 })).toMatchObject({ full: false, removed: 4, stored: 5 });
    expect((await storedOccurrences(env.t.db, calendarId)).some((o) => o.seriesId === series.id)).toBe(false);
  });

  it("lists in full again when Graph forgot the delta token (410 syncStateNotFound)", async () => {
    const { calendarId } = await connectedCalendar();
    const kept = await env.microsoft.control.createEvent(GRACE, { subject: "Kept", start: berlin("2026-03-17", "10:00"), end: berlin("2026-03-17", "11:00") });
    const removed = await env.microsoft.control.createEvent(GRACE, { subject: "Removed", start: berlin("2026-03-18", "10:00"), end: berlin("2026-03-18", "11:00") });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });

    await env.microsoft.control.deleteEvent(GRACE, removed.id);
    const added = await env.microsoft.control.createEvent(GRACE, { subject: "Added", start: berlin("2026-03-19", "10:00"), end: berlin("2026-03-19", "11:00") });
    await env.microsoft.control.invalidateDeltaTokens(GRACE);
    await env.microsoft.control.clearRequests();

    const result = await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 60_000 });
    expect(result).toMatchObject({ outcome: "synced", full: true, changed: 1, removed: 1, stored: 2 });
    expect((await deltaRequests()).map((r) => r.status)).toEqual([410, 200]);
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id, added.id]);

    // A deltaLink Graph never issued (400 ErrorInvalidUrlQuery): started over in full too, nothing to change.
    const { cursor } = await syncState(calendarId);
    await env.t.db.calendarSyncState.update({ where: { calendarId }, data: { cursor: cursor!.replace(/\$deltatoken=[^&]+/, "$deltatoken=never-issued") } });
    await env.microsoft.control.clearRequests();
    expect(await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 120_000 })).toMatchObject({ outcome: "synced", full: true, changed: 0, removed: 0, stored: 2 });
    expect((await deltaRequests()).map((r) => r.status)).toEqual([400, 200]);
  });

  it("retries a throttled job after Graph's Retry-After, rides out a 500, and keeps the store", async () => {
    const { calendarId } = await connectedCalendar();
    const kept = await env.microsoft.control.createEvent(GRACE, { subject: "Kept", start: berlin("2026-03-17", "10:00"), end: berlin("2026-03-17", "11:00") });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    const during = await env.microsoft.control.createEvent(GRACE, { subject: "During", start: berlin("2026-03-18", "10:00"), end: berlin("2026-03-18", "11:00") });

    // Longer than the Graph client waits out by itself: the queue waits instead.
    await env.microsoft.control.injectFault({ method: "GET", path: DELTA_PATH, status: 429, retryAfterSeconds: 45 });
    const throttled = await rejection(runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(env.t.db)));
    expect(throttled).toBeInstanceOf(RetryJobLater);
    expect((throttled as RetryJobLater).delayMs).toBe(45_000);

    await env.microsoft.control.injectFault({ method: "GET", path: DELTA_PATH, status: 500 });
    await expect(syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 60_000 })).rejects.toMatchObject({ reason: "transient" });
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 2, lastSyncedAt: new Date(NOW) });
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id]);

    expect(await syncCalendar(env.t.db, calendarId, { reason: "poll", now: NOW + 120_000 })).toMatchObject({ full: false, changed: 1 });
    expect((await storedOccurrences(env.t.db, calendarId)).map((o) => o.id)).toEqual([kept.id, during.id]);
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 0, lastError: null });
  });

  it("marks a revoked account needs_reconnect and fails the job for good, keeping the store", async () => {
    const { connection, calendarId } = await connectedCalendar();
    await env.microsoft.control.createEvent(GRACE, { subject: "Kept", start: berlin("2026-03-17", "10:00"), end: berlin("2026-03-17", "11:00") });
    await syncCalendar(env.t.db, calendarId, { reason: "connected", now: NOW });
    await env.microsoft.control.revokeRefreshTokens({ email: GRACE });
    await env.microsoft.control.expireAccessTokens(GRACE);

    const error = await rejection(runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(env.t.db)));
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(await env.t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "needs_reconnect" });
    expect(await env.t.db.externalEvent.count({ where: { calendarId } })).toBe(1);
    expect(await syncState(calendarId)).toMatchObject({ consecutiveFailures: 1, lastError: expect.any(String) });
  });
});
