/**
 * syncCalendar with the real ICS feed adapter against a local feed server
 * (ETag, Last-Modified, 304): the first sync expands the feed, a poll of an
 * unchanged feed is a conditional GET answered 304 that writes nothing, a
 * changed feed replaces what differs, and throttling, outages and a feed that
 * now wants a login keep the store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { jobContext, storedOccurrences } from "@/test/calendar-sync";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { connectIcsFeed } from "../calendars/connect-ics-feed";
import { PermanentJobError, RetryJobLater } from "../jobs";
import { runCalendarSyncJob } from "./run-calendar-sync-job";
import { syncCalendar } from "./sync-calendar";

const NOW = Date.parse("2026-03-10T12:00:00Z");

const ics = (...lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kairos tests//EN", "X-WR-CALNAME:Club", ...lines, "END:VCALENDAR", ""].join("\r\n");
const vevent = (...lines: string[]) => ["BEGIN:VEVENT", "DTSTAMP:20260101T000000Z", ...lines, "END:VEVENT"];

function feedFor(hostEmail: string, overrides: { focus?: [string, string]; withPitch?: boolean; extra?: string[] } = {}) {
  const [focusStart, focusEnd] = overrides.focus ?? ["20260319T070000Z", "20260319T110000Z"];
  return ics(
    // Weekly training (5 weeks from 16 March, 18:00 UTC): 30 March excluded, 6 April moved, 13 April cancelled.
    ...vevent("UID:training", "DTSTART:20260316T180000Z", "DTEND:20260316T190000Z", "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE:20260330T180000Z", "SUMMARY:Training"),
    ...vevent("UID:training", "RECURRENCE-ID:20260406T180000Z", "DTSTART:20260407T180000Z", "DTEND:20260407T190000Z", "SUMMARY:Training (Tuesday)"),
    ...vevent("UID:training", "RECURRENCE-ID:20260413T180000Z", "DTSTART:20260413T180000Z", "DTEND:20260413T190000Z", "STATUS:CANCELLED", "SUMMARY:Training"),
    ...vevent("UID:tournament", "DTSTART;VALUE=DATE:20260328", "DTEND;VALUE=DATE:20260329", "SUMMARY:Tournament"),
    ...vevent("UID:focus", `DTSTART:${focusStart}`, `DTEND:${focusEnd}`, "TRANSP:TRANSPARENT", "SUMMARY:Open gym"),
    ...(overrides.withPitch === false
      ? []
      : vevent("UID:meeting", "DTSTART:20260318T130000Z", "DTEND:20260318T140000Z", "SUMMARY:Board meeting", "ORGANIZER:mailto:chair@example.org", `ATTENDEE;PARTSTAT=DECLINED:mailto:${hostEmail}`)),
    ...(overrides.extra ?? []),
  );
}

let feed: IcsServer;
let t: TestDatabase;

beforeAll(async () => {
  useCalendarTestEnv();
  feed = await startIcsServer({ body: ics() });
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
  await feed?.stop();
});
beforeEach(() => {
  feed.setFailure(null);
});

async function subscribedFeed() {
  const { user } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
  feed.setBody(feedFor(user.email));
  const connection = await connectIcsFeed(t.db, user.id, { provider: "ics", url: feed.url });
  const calendarId = connection.calendars[0].id;
  return { user, connection, calendarId };
}

describe("syncCalendar — ICS feed", { timeout: 90_000 }, () => {
  it("expands the feed on the first sync, answers an unchanged feed's 304 with no writes, and applies what changed", async () => {
    const { user, calendarId } = await subscribedFeed();

    expect(await syncCalendar(t.db, calendarId, { reason: "connected", now: NOW })).toMatchObject({ outcome: "synced", full: true, changed: 6, removed: 0, stored: 6 });
    const training = { seriesId: "training", allDay: false, status: "confirmed", showAs: "busy", selfResponse: null };
    expect(await storedOccurrences(t.db, calendarId)).toEqual([
      { id: "training:2026-03-16T18:00:00.000Z", start: "2026-03-16T18:00:00.000Z", end: "2026-03-16T19:00:00.000Z", ...training },
      { id: "meeting", seriesId: null, start: "2026-03-18T13:00:00.000Z", end: "2026-03-18T14:00:00.000Z", allDay: false, status: "confirmed", showAs: "busy", selfResponse: "declined" },
      { id: "focus", seriesId: null, start: "2026-03-19T07:00:00.000Z", end: "2026-03-19T11:00:00.000Z", allDay: false, status: "confirmed", showAs: "free", selfResponse: null },
      { id: "training:2026-03-23T18:00:00.000Z", start: "2026-03-23T18:00:00.000Z", end: "2026-03-23T19:00:00.000Z", ...training },
      { id: "tournament", seriesId: null, start: "2026-03-27T23:00:00.000Z", end: "2026-03-28T23:00:00.000Z", allDay: true, status: "confirmed", showAs: "busy", selfResponse: null },
      { id: "training:2026-04-06T18:00:00.000Z", start: "2026-04-07T18:00:00.000Z", end: "2026-04-07T19:00:00.000Z", ...training },
    ]);

    // Unchanged: a conditional request, 304, nothing written.
    const before = feed.requestCount;
    expect(await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 300_000 })).toMatchObject({ full: false, changed: 0, removed: 0, stored: 6 });
    const [conditional] = feed.requests.slice(before);
    expect(conditional).toMatchObject({ status: 304, headers: expect.objectContaining({ "if-none-match": expect.any(String) }) });
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } })).toMatchObject({ lastSyncedAt: new Date(NOW + 300_000), lastFullSyncAt: new Date(NOW) });

    // Changed: the feed is listed again, and only the differences are written.
    feed.setBody(feedFor(user.email, { focus: ["20260319T080000Z", "20260319T120000Z"], withPitch: false, extra: vevent("UID:added", "DTSTART:20260320T090000Z", "DTEND:20260320T100000Z", "SUMMARY:Added") }));
    expect(await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 600_000 })).toMatchObject({ full: true, changed: 2, removed: 1, stored: 6 });
    const after = await storedOccurrences(t.db, calendarId);
    expect(after.map((o) => o.id)).toEqual([
      "training:2026-03-16T18:00:00.000Z",
      "focus",
      "added",
      "training:2026-03-23T18:00:00.000Z",
      "tournament",
      "training:2026-04-06T18:00:00.000Z",
    ]);
    expect(after.find((o) => o.id === "focus")).toMatchObject({ start: "2026-03-19T08:00:00.000Z", end: "2026-03-19T12:00:00.000Z" });
  });

  it("retries after the feed's Retry-After, rides out a 500, fails for good on a login wall — the store unchanged throughout", async () => {
    const { connection, calendarId } = await subscribedFeed();
    await syncCalendar(t.db, calendarId, { reason: "connected", now: NOW });
    const stored = await storedOccurrences(t.db, calendarId);

    feed.setFailure({ status: 429, headers: { "Retry-After": "90" } });
    const throttled = await runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(t.db)).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RetryJobLater);
    expect((throttled as RetryJobLater).delayMs).toBe(90_000);

    feed.setFailure({ status: 500 });
    await expect(syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 60_000 })).rejects.toMatchObject({ reason: "transient" });
    expect(await storedOccurrences(t.db, calendarId)).toEqual(stored);
    const failing = await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
    expect(failing).toMatchObject({ consecutiveFailures: 2, lastError: expect.stringMatching(/HTTP 500/), lastSyncedAt: new Date(NOW) });

    feed.setFailure(null);
    expect(await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 120_000 })).toMatchObject({ outcome: "synced", changed: 0 });
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } })).toMatchObject({ consecutiveFailures: 0, lastError: null });

    feed.setFailure({ status: 401 });
    const locked = await runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(t.db)).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(PermanentJobError);
    expect(await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "needs_reconnect" });
    expect(await storedOccurrences(t.db, calendarId)).toEqual(stored);
  });
});
