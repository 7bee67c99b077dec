/**
 * syncCalendar with the real CalDAV adapter (tsdav) against a real Radicale,
 * through a small recording proxy so the test sees what went over the wire:
 * the first sync lists and expands in full, later ones send sync-collection
 * with the stored token (RFC 6578), a token Radicale no longer knows (403)
 * resyncs in full, a changed password and an unreachable server leave the
 * store as it was.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { DAVClient } from "tsdav";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { jobContext, storedOccurrences } from "@/test/calendar-sync";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { RADICALE_MISSING_MESSAGE, radicaleAvailable, startRadicale, type RadicaleServer } from "@/test/radicale";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { connectCaldavAccount } from "../calendars/connect-caldav-account";
import { sealCredentials } from "../calendars/connection-credentials";
import { PermanentJobError } from "../jobs";
import { runCalendarSyncJob } from "./run-calendar-sync-job";
import { syncCalendar } from "./sync-calendar";

const hasRadicale = radicaleAvailable();
if (!hasRadicale) console.warn(RADICALE_MISSING_MESSAGE);

const NOW = Date.parse("2026-03-10T12:00:00Z");
const USERNAME = "ada@example.net";

interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
  status: number;
}

/** Forwards everything to `target`, recording each request and its answer's status. */
async function startRecordingProxy(target: string) {
  const requests: ProxiedRequest[] = [];
  const upstream = new URL(target);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host } },
        (answer) => {
          requests.push({ method: request.method ?? "GET", path: request.url ?? "/", body: body.toString("utf8"), status: answer.statusCode ?? 0 });
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on("error", () => response.writeHead(502).end());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ics = (...lines: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kairos tests//EN", ...lines, "END:VCALENDAR", ""].join("\r\n");
const vevent = (...lines: string[]) => ["BEGIN:VEVENT", "DTSTAMP:20260101T000000Z", ...lines, "END:VEVENT"];

/** A weekly standup (5 weeks from 16 March, 08:00 UTC): 30 March excluded, 6 April moved to 10:00, 13 April cancelled. */
const STANDUP = ics(
  ...vevent("UID:standup", "DTSTART:20260316T080000Z", "DTEND:20260316T081500Z", "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE:20260330T080000Z", "SUMMARY:Standup"),
  ...vevent("UID:standup", "RECURRENCE-ID:20260406T080000Z", "DTSTART:20260406T100000Z", "DTEND:20260406T101500Z", "SUMMARY:Standup (late)"),
  ...vevent("UID:standup", "RECURRENCE-ID:20260413T080000Z", "DTSTART:20260413T080000Z", "DTEND:20260413T081500Z", "STATUS:CANCELLED", "SUMMARY:Standup"),
);
const CONFERENCE = ics(...vevent("UID:conference", "DTSTART;VALUE=DATE:20260327", "DTEND;VALUE=DATE:20260328", "SUMMARY:Conference"));
const FOCUS = ics(...vevent("UID:focus", "DTSTART:20260319T070000Z", "DTEND:20260319T110000Z", "TRANSP:TRANSPARENT", "SUMMARY:Focus"));
const PITCH = ics(
  ...vevent(
    "UID:pitch",
    "DTSTART:20260318T130000Z",
    "DTEND:20260318T140000Z",
    "SUMMARY:Vendor pitch",
    "ORGANIZER:mailto:vendor@example.org",
    `ATTENDEE;PARTSTAT=DECLINED:mailto:${USERNAME}`,
  ),
);

describe.skipIf(!hasRadicale)("syncCalendar — CalDAV (Radicale)", { timeout: 90_000 }, () => {
  let radicale: RadicaleServer;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let app: DAVClient;
  let t: TestDatabase;
  let counter = 0;

  beforeAll(async () => {
    useCalendarTestEnv();
    radicale = await startRadicale({ username: USERNAME });
    proxy = await startRecordingProxy(radicale.url);
    // The host's own calendar app, editing the calendar directly.
    app = new DAVClient({ serverUrl: radicale.url, credentials: { username: radicale.username, password: radicale.password }, authMethod: "Basic", defaultAccountType: "caldav" });
    await app.login();
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await radicale?.stop();
  });

  /** A fresh Radicale user calendar holding `objects`, connected by a new host (Berlin) through the proxy. */
  async function connectedCalendar(objects: Record<string, string>) {
    const url = `${radicale.homeUrl}cal-${++counter}/`;
    const [made] = await app.makeCalendar({ url, props: { "d:displayname": `Calendar ${counter}` } });
    expect(made.status).toBe(201);
    for (const [name, data] of Object.entries(objects)) {
      expect((await app.createCalendarObject({ calendar: { url }, filename: name, iCalString: data })).status).toBe(201);
    }
    const { user } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
    const connection = await connectCaldavAccount(t.db, user.id, { provider: "caldav", serverUrl: proxy.url, username: radicale.username, password: radicale.password });
    // Each host's connection lists every calendar of the account; count only this one.
    const calendar = connection.calendars.find((c) => c.name === `Calendar ${counter}`)!;
    await t.db.connectedCalendar.updateMany({ where: { connectionId: connection.id }, data: { selectedForConflicts: false } });
    await t.db.connectedCalendar.update({ where: { id: calendar.id }, data: { selectedForConflicts: true } });
    return { url, connection, calendarId: calendar.id };
  }

  async function objectUrl(calendarUrl: string, name: string) {
    const objects = await app.fetchCalendarObjects({ calendar: { url: calendarUrl } });
    return objects.find((object) => object.url.endsWith(`/${name}`))!;
  }

  it("stores a full first sync, expanded with its exceptions, then syncs changes with the sync-collection token", async () => {
    const { url, calendarId } = await connectedCalendar({ "standup.ics": STANDUP, "conference.ics": CONFERENCE, "focus.ics": FOCUS, "pitch.ics": PITCH });

    const first = await syncCalendar(t.db, calendarId, { reason: "connected", now: NOW });
    expect(first).toMatchObject({ outcome: "synced", full: true, changed: 6, removed: 0, stored: 6 });
    const standup = { seriesId: "standup", allDay: false, status: "confirmed", showAs: "busy", selfResponse: null };
    expect(await storedOccurrences(t.db, calendarId)).toEqual([
      { id: "standup:2026-03-16T08:00:00.000Z", start: "2026-03-16T08:00:00.000Z", end: "2026-03-16T08:15:00.000Z", ...standup },
      { id: "pitch", seriesId: null, start: "2026-03-18T13:00:00.000Z", end: "2026-03-18T14:00:00.000Z", allDay: false, status: "confirmed", showAs: "busy", selfResponse: "declined" },
      { id: "focus", seriesId: null, start: "2026-03-19T07:00:00.000Z", end: "2026-03-19T11:00:00.000Z", allDay: false, status: "confirmed", showAs: "free", selfResponse: null },
      { id: "standup:2026-03-23T08:00:00.000Z", start: "2026-03-23T08:00:00.000Z", end: "2026-03-23T08:15:00.000Z", ...standup },
      // No calendar zone declared: the host's (Berlin) midnights.
      { id: "conference", seriesId: null, start: "2026-03-26T23:00:00.000Z", end: "2026-03-27T23:00:00.000Z", allDay: true, status: "confirmed", showAs: "busy", selfResponse: null },
      { id: "standup:2026-04-06T08:00:00.000Z", start: "2026-04-06T10:00:00.000Z", end: "2026-04-06T10:15:00.000Z", ...standup },
    ]);
    const { cursor } = await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
    const token = JSON.parse(cursor!).token as string;
    expect(token).toMatch(/^http/);

    // The host's app: moves Focus, deletes the pitch, adds an event, and excludes 23 March from the series.
    const focus = await objectUrl(url, "focus.ics");
    await app.updateCalendarObject({ calendarObject: { url: focus.url, etag: focus.etag, data: FOCUS.replace("20260319T070000Z", "20260319T090000Z").replace("20260319T110000Z", "20260319T120000Z") } });
    await app.deleteCalendarObject({ calendarObject: { url: (await objectUrl(url, "pitch.ics")).url } });
    await app.createCalendarObject({ calendar: { url }, filename: "added.ics", iCalString: ics(...vevent("UID:added", "DTSTART:20260320T090000Z", "DTEND:20260320T100000Z", "SUMMARY:Added")) });
    const series = await objectUrl(url, "standup.ics");
    await app.updateCalendarObject({ calendarObject: { url: series.url, etag: series.etag, data: STANDUP.replace("EXDATE:20260330T080000Z", "EXDATE:20260323T080000Z,20260330T080000Z") } });
    proxy.requests.length = 0;

    const second = await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 300_000 });
    // Changed: Focus, the added event, and the series' two remaining occurrences (their object — and so
    // their etag — changed); removed: the pitch and the newly excluded 23 March.
    expect(second).toMatchObject({ outcome: "synced", full: false, changed: 4, removed: 2, stored: 5 });
    const reports = proxy.requests.filter((r) => r.method === "REPORT");
    expect(reports.some((r) => r.body.includes("sync-collection") && r.body.includes(token))).toBe(true);
    // No full listing (calendar-query with a time-range) was needed.
    expect(reports.some((r) => r.body.includes("time-range"))).toBe(false);
    expect((await storedOccurrences(t.db, calendarId)).map((o) => [o.id, o.start])).toEqual([
      ["standup:2026-03-16T08:00:00.000Z", "2026-03-16T08:00:00.000Z"],
      ["focus", "2026-03-19T09:00:00.000Z"],
      ["added", "2026-03-20T09:00:00.000Z"],
      ["conference", "2026-03-26T23:00:00.000Z"],
      ["standup:2026-04-06T08:00:00.000Z", "2026-04-06T10:00:00.000Z"],
    ]);

    // The whole series deleted.
    await app.deleteCalendarObject({ calendarObject: { url: (await objectUrl(url, "standup.ics")).url } });
    expect(await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 600_000 })).toMatchObject({ full: false, removed: 2, stored: 3 });
  });

  it("resyncs in full when Radicale no longer knows the sync token", async () => {
    const { url, calendarId } = await connectedCalendar({ "focus.ics": FOCUS, "pitch.ics": PITCH });
    await syncCalendar(t.db, calendarId, { reason: "connected", now: NOW });
    await app.deleteCalendarObject({ calendarObject: { url: (await objectUrl(url, "pitch.ics")).url } });
    await app.createCalendarObject({ calendar: { url }, filename: "added.ics", iCalString: ics(...vevent("UID:added", "DTSTART:20260320T090000Z", "DTEND:20260320T100000Z", "SUMMARY:Added")) });
    const state = await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
    const forgotten = { ...JSON.parse(state.cursor!), token: "http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000" };
    await t.db.calendarSyncState.update({ where: { calendarId }, data: { cursor: JSON.stringify(forgotten) } });
    proxy.requests.length = 0;

    const result = await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 60_000 });
    expect(result).toMatchObject({ outcome: "synced", full: true, changed: 1, removed: 1, stored: 2 });
    expect(proxy.requests.filter((r) => r.method === "REPORT").map((r) => r.status)).toContain(403);
    expect((await storedOccurrences(t.db, calendarId)).map((o) => o.id)).toEqual(["focus", "added"]);
  });

  it("keeps the store when the server is unreachable and when the password changed (needs_reconnect, job failed for good)", async () => {
    const { url, connection, calendarId } = await connectedCalendar({ "focus.ics": FOCUS });
    await syncCalendar(t.db, calendarId, { reason: "connected", now: NOW });
    const stored = await storedOccurrences(t.db, calendarId);
    const original = (await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).credentials;
    const credentials = (serverUrl: string, password: string) =>
      sealCredentials(connection.id, { provider: "caldav", serverUrl, username: radicale.username, password });

    // Unreachable (nothing listens there any more): transient, retried by the queue.
    await t.db.calendarConnection.update({ where: { id: connection.id }, data: { credentials: credentials("http://127.0.0.1:9/", radicale.password) } });
    await expect(syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 60_000 })).rejects.toMatchObject({ reason: "transient" });
    expect(await storedOccurrences(t.db, calendarId)).toEqual(stored);
    expect(await t.db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } })).toMatchObject({ consecutiveFailures: 1, lastError: expect.any(String) });

    // Back, and a change made meanwhile arrives.
    await t.db.calendarConnection.update({ where: { id: connection.id }, data: { credentials: original, status: "active" } });
    await app.createCalendarObject({ calendar: { url }, filename: "added.ics", iCalString: ics(...vevent("UID:added", "DTSTART:20260320T090000Z", "DTEND:20260320T100000Z", "SUMMARY:Added")) });
    expect(await syncCalendar(t.db, calendarId, { reason: "poll", now: NOW + 120_000 })).toMatchObject({ full: false, changed: 1, stored: 2 });

    // The password changed at the server.
    await t.db.calendarConnection.update({ where: { id: connection.id }, data: { credentials: credentials(proxy.url, "an old password") } });
    const error = await runCalendarSyncJob({ calendarId, reason: "poll" }, jobContext(t.db)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: "needs_reconnect" });
    expect(await t.db.externalEvent.count({ where: { calendarId } })).toBe(2);
  });
});
