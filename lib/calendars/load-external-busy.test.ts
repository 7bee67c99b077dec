/**
 * loadExternalBusy against real servers: the Google and Microsoft emulators
 * (accounts connected through the real OAuth flow), a local ICS feed server,
 * and Radicale for CalDAV (skipped when it is not installed). Busy time is
 * merged across accounts and calendars, what must not block does not, and a
 * source that cannot be read is reported — never turned into free time.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleEmulator, type GoogleEmulator } from "@/e2e/emulators/google";
import { startMicrosoftEmulator, type MicrosoftEmulator } from "@/e2e/emulators/microsoft";
import { createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { radicaleAvailable, RADICALE_MISSING_MESSAGE, startRadicale, type RadicaleServer } from "@/test/radicale";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { loadConfig } from "../config";
import type { ProviderSettings } from "./build-provider";
import { connectCaldavAccount } from "./connect-caldav-account";
import { connectIcsFeed } from "./connect-ics-feed";
import { googleSettings } from "./google";
import { loadExternalBusy } from "./load-external-busy";
import { microsoftSettings } from "./microsoft";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const WINDOW = { start: utc("2026-05-04T00:00:00Z"), end: utc("2026-05-07T00:00:00Z") };

const FEED = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Kairos tests//EN",
  "X-WR-CALNAME:Club",
  "BEGIN:VEVENT",
  "UID:training@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART:20260505T090000Z",
  "DTEND:20260505T100000Z",
  "SUMMARY:Training",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:optional@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART:20260505T120000Z",
  "DTEND:20260505T130000Z",
  "TRANSP:TRANSPARENT",
  "SUMMARY:Open gym",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:off@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART:20260505T140000Z",
  "DTEND:20260505T150000Z",
  "STATUS:CANCELLED",
  "SUMMARY:Match (called off)",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

let google: GoogleEmulator;
let microsoft: MicrosoftEmulator;
let feed: IcsServer;
let t: TestDatabase;
let settings: ProviderSettings;

beforeAll(async () => {
  google = await startGoogleEmulator({ accounts: [{ email: ADA, timeZone: "Europe/Berlin" }] });
  microsoft = await startMicrosoftEmulator({ users: [{ email: GRACE, timeZone: "Europe/Berlin" }] });
  feed = await startIcsServer({ body: FEED });
  useCalendarTestEnv();
  const cfg = loadConfig({ NODE_ENV: "test", ...google.env, ...microsoft.env });
  settings = { google: googleSettings(cfg), microsoft: microsoftSettings(cfg), microsoftTransport: { dispatcher: microsoft.dispatcher } };
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
  await google?.stop();
  await microsoft?.stop();
  await feed?.stop();
});
beforeEach(async () => {
  await google.control.reset();
  await microsoft.control.reset();
});

async function calendarRow(id: string) {
  return t.db.connectedCalendar.findUniqueOrThrow({ where: { id } });
}

/** A host in Berlin with a Google and a Microsoft account connected (primary calendars ticked by default). */
async function hostWithAccounts() {
  const { user } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
  const g = await connectOAuthAccount(t.db, user.id, "google", ADA, settings);
  const m = await connectOAuthAccount(t.db, user.id, "microsoft", GRACE, settings);
  const gPrimary = await calendarRow(g.calendars.find((c) => c.isPrimary)!.id);
  const mPrimary = await calendarRow(m.calendars.find((c) => c.isPrimary)!.id);
  return { user, g, m, gPrimary, mPrimary };
}

describe("loadExternalBusy", () => {
  it("merges every ticked calendar across Google, Microsoft and an ICS feed, leaving out free, declined and cancelled events", async () => {
    const team = await google.control.createCalendar(ADA, { summary: "Team", timeZone: "Europe/Berlin" });
    const birthdays = await google.control.createCalendar(ADA, { summary: "Birthdays", timeZone: "Europe/Berlin" });
    const { user, g, m, gPrimary, mPrimary } = await hostWithAccounts();
    const teamRow = await calendarRow(g.calendars.find((c) => c.name === "Team")!.id);
    await t.db.connectedCalendar.update({ where: { id: teamRow.id }, data: { selectedForConflicts: true } });
    const ics = await connectIcsFeed(t.db, user.id, { provider: "ics", url: feed.url });

    // Google primary: busy, transparent, declined, and a deleted event.
    await google.control.createEvent(ADA, { summary: "Dentist", start: { dateTime: "2026-05-04T10:00:00Z" }, end: { dateTime: "2026-05-04T11:00:00Z" } });
    await google.control.createEvent(ADA, { summary: "Focus", transparency: "transparent", start: { dateTime: "2026-05-04T13:00:00Z" }, end: { dateTime: "2026-05-04T14:00:00Z" } });
    await google.control.createEvent(ADA, {
      summary: "Vendor pitch",
      start: { dateTime: "2026-05-04T15:00:00Z" },
      end: { dateTime: "2026-05-04T16:00:00Z" },
      attendees: [{ email: "vendor@example.org", organizer: true }, { email: ADA, responseStatus: "declined" }],
    });
    const gone = await google.control.createEvent(ADA, { summary: "Lunch", start: { dateTime: "2026-05-04T16:00:00Z" }, end: { dateTime: "2026-05-04T17:00:00Z" } });
    await google.control.deleteEvent(ADA, gone.id);
    // A second ticked Google calendar overlapping the first; an unticked one is never read.
    await google.control.createEvent(team.id, { summary: "Planning", start: { dateTime: "2026-05-04T10:30:00Z" }, end: { dateTime: "2026-05-04T11:30:00Z" } });
    await google.control.createEvent(birthdays.id, { summary: "Bob", start: { dateTime: "2026-05-06T08:00:00Z" }, end: { dateTime: "2026-05-06T09:00:00Z" } });
    // Microsoft: touching the Google block, plus free, cancelled and declined.
    const at = (dateTime: string) => ({ dateTime, timeZone: "UTC" });
    await microsoft.control.createEvent(GRACE, { subject: "1:1", start: at("2026-05-04T11:30:00"), end: at("2026-05-04T12:00:00") });
    await microsoft.control.createEvent(GRACE, { subject: "Reading", showAs: "free", start: at("2026-05-06T10:00:00"), end: at("2026-05-06T11:00:00") });
    await microsoft.control.createEvent(GRACE, { subject: "Called off", isCancelled: true, start: at("2026-05-06T12:00:00"), end: at("2026-05-06T13:00:00") });
    await microsoft.control.createEvent(GRACE, {
      subject: "Webinar",
      isOrganizer: false,
      responseStatus: { response: "declined", time: "2026-04-01T10:00:00Z" },
      start: at("2026-05-06T14:00:00"),
      end: at("2026-05-06T15:00:00"),
    });
    await google.control.clearRequests();

    const result = await loadExternalBusy(t.db, user.id, WINDOW, settings);

    expect(result.busy.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ["2026-05-04T10:00:00.000Z", "2026-05-04T12:00:00.000Z"],
      ["2026-05-05T09:00:00.000Z", "2026-05-05T10:00:00.000Z"],
    ]);
    expect(result.blocks).toEqual([
      { start: utc("2026-05-04T10:00:00Z"), end: utc("2026-05-04T11:00:00Z"), calendarId: gPrimary.id },
      { start: utc("2026-05-04T10:30:00Z"), end: utc("2026-05-04T11:30:00Z"), calendarId: teamRow.id },
      { start: utc("2026-05-04T11:30:00Z"), end: utc("2026-05-04T12:00:00Z"), calendarId: mPrimary.id },
      { start: utc("2026-05-05T09:00:00Z"), end: utc("2026-05-05T10:00:00Z"), calendarId: ics.calendars[0].id },
    ]);
    expect(result.blocks.some((b) => "title" in b)).toBe(false);
    expect(result.sources).toEqual([
      { calendarId: gPrimary.id, calendarName: ADA, connectionId: g.id, provider: "google", status: "ok", events: 1 },
      { calendarId: teamRow.id, calendarName: "Team", connectionId: g.id, provider: "google", status: "ok", events: 1 },
      { calendarId: mPrimary.id, calendarName: mPrimary.name, connectionId: m.id, provider: "microsoft", status: "ok", events: 1 },
      { calendarId: ics.calendars[0].id, calendarName: "Club", connectionId: ics.id, provider: "ics", status: "ok", events: 1 },
    ]);
    // The unticked calendar was not asked for.
    const paths = (await google.control.requests({ pathPrefix: "/calendar/v3/" })).requests.map((r) => decodeURIComponent(r.path));
    expect(paths.some((p) => p.includes(birthdays.id))).toBe(false);
    expect(paths.some((p) => p.includes(team.id))).toBe(true);
  });

  it("lets all-day events block or not, per the host's setting, in the calendar's / host's zone", async () => {
    const { user, gPrimary, mPrimary } = await hostWithAccounts();
    await google.control.createEvent(ADA, { summary: "Holiday", start: { date: "2026-05-05" }, end: { date: "2026-05-06" } });
    await microsoft.control.createEvent(GRACE, {
      subject: "Offsite",
      isAllDay: true,
      start: { dateTime: "2026-05-06T00:00:00", timeZone: "Europe/Berlin" },
      end: { dateTime: "2026-05-07T00:00:00", timeZone: "Europe/Berlin" },
    });

    const blocking = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    // Berlin midnights (UTC+2 in May); the two days touch, so they merge.
    expect(blocking.busy.map((b) => [iso(b.start), iso(b.end)])).toEqual([["2026-05-04T22:00:00.000Z", "2026-05-06T22:00:00.000Z"]]);
    expect(blocking.blocks.map((b) => b.calendarId)).toEqual([gPrimary.id, mPrimary.id]);

    await t.db.user.update({ where: { id: user.id }, data: { allDayEventsBlock: false } });
    const notBlocking = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    expect(notBlocking.busy).toEqual([]);
    expect(notBlocking.sources.map((s) => [s.status, s.events])).toEqual([
      ["ok", 0],
      ["ok", 0],
    ]);
  });

  it("reports a revoked Google account as needs_reconnect without throwing, and keeps reading the others", async () => {
    const { user, g, gPrimary, mPrimary } = await hostWithAccounts();
    await microsoft.control.createEvent(GRACE, { subject: "Review", start: { dateTime: "2026-05-04T09:00:00", timeZone: "UTC" }, end: { dateTime: "2026-05-04T10:00:00", timeZone: "UTC" } });
    await google.control.createEvent(ADA, { summary: "Invisible now", start: { dateTime: "2026-05-04T12:00:00Z" }, end: { dateTime: "2026-05-04T13:00:00Z" } });
    await google.control.revokeRefreshTokens({ email: ADA });
    await google.control.expireAccessTokens(ADA);

    const result = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    expect(result.sources).toEqual([
      expect.objectContaining({ calendarId: gPrimary.id, status: "needs_reconnect", events: 0, error: expect.stringMatching(/invalid_grant/) }),
      expect.objectContaining({ calendarId: mPrimary.id, status: "ok", events: 1 }),
    ]);
    // Only what could be read; the Google event is unknown, not free — the caller sees why.
    expect(result.busy).toEqual([{ start: utc("2026-05-04T09:00:00Z"), end: utc("2026-05-04T10:00:00Z") }]);
    expect(await t.db.calendarConnection.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({ status: "needs_reconnect" });

    // Until the host reconnects, the dead grant is not tried again.
    await google.control.clearRequests();
    const again = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    expect(again.sources[0]).toMatchObject({ status: "needs_reconnect", error: expect.stringMatching(/invalid_grant/) });
    expect(await google.control.countRequests()).toBe(0);
  });

  it("reports a provider failure as an error of that source, and a read past the deadline too", async () => {
    const { user, gPrimary, mPrimary } = await hostWithAccounts();
    await google.control.createEvent(ADA, { summary: "Call", start: { dateTime: "2026-05-04T08:00:00Z" }, end: { dateTime: "2026-05-04T09:00:00Z" } });
    await microsoft.control.injectFault({ method: "GET", path: "/v1.0/me/calendars/*/calendarView", status: 500, always: true });

    const failing = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    expect(failing.sources).toEqual([
      expect.objectContaining({ calendarId: gPrimary.id, status: "ok", events: 1 }),
      expect.objectContaining({ calendarId: mPrimary.id, status: "error", events: 0, error: expect.any(String) }),
    ]);
    expect(failing.busy).toEqual([{ start: utc("2026-05-04T08:00:00Z"), end: utc("2026-05-04T09:00:00Z") }]);
    await microsoft.control.clearFaults();

    await google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*/events", delayMs: 3000, always: true });
    const started = Date.now();
    const slow = await loadExternalBusy(t.db, user.id, WINDOW, { ...settings, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(slow.sources).toEqual([
      expect.objectContaining({ calendarId: gPrimary.id, status: "error", error: "The calendar did not answer within 0.3 s." }),
      expect.objectContaining({ calendarId: mPrimary.id, status: "ok" }),
    ]);
    await google.control.clearFaults();
  });

  it("returns nothing to read for a host without ticked calendars, and an empty window reads nothing", async () => {
    const { user } = await createHostWithKey(t.db);
    expect(await loadExternalBusy(t.db, user.id, WINDOW, settings)).toEqual({ busy: [], sources: [], blocks: [] });
    const { user: other, gPrimary } = await hostWithAccounts();
    await google.control.clearRequests();
    const empty = await loadExternalBusy(t.db, other.id, { start: WINDOW.start, end: WINDOW.start }, settings);
    expect(empty.busy).toEqual([]);
    expect(empty.sources[0]).toMatchObject({ calendarId: gPrimary.id, status: "ok", events: 0 });
    expect(await google.control.countRequests()).toBe(0);
  });

  it("reads accounts in parallel, at most `concurrency` at a time", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let served = 0;
    const server: Server = createServer((request, response) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        served++;
        response.writeHead(200, { "Content-Type": "text/calendar" }).end(FEED);
      }, 150);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const { user } = await createHostWithKey(t.db);
      // Six feeds (six connections): the query string makes each address its own.
      for (let i = 0; i < 6; i++) await connectIcsFeed(t.db, user.id, { provider: "ics", url: `http://127.0.0.1:${port}/club.ics?feed=${i}` });

      for (const concurrency of [2, 4]) {
        maxInFlight = 0;
        served = 0;
        const result = await loadExternalBusy(t.db, user.id, WINDOW, { concurrency });
        expect(result.sources.map((s) => s.status)).toEqual(Array(6).fill("ok"));
        expect(result.busy).toEqual([{ start: utc("2026-05-05T09:00:00Z"), end: utc("2026-05-05T10:00:00Z") }]);
        expect(served).toBe(6);
        expect(maxInFlight).toBe(concurrency);
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe.skipIf(!radicaleAvailable())("loadExternalBusy — CalDAV (Radicale)", () => {
  let radicale: RadicaleServer;
  beforeAll(async () => {
    radicale = await startRadicale({ username: "ada", password: "app-specific-7" });
  });
  afterAll(async () => {
    await radicale?.stop();
  });

  it("expands a recurring CalDAV event (EXDATE, moved instance) into busy blocks", async () => {
    const auth = { authorization: `Basic ${Buffer.from("ada:app-specific-7").toString("base64")}` };
    const calendarUrl = `${radicale.homeUrl}work/`;
    const made = await fetch(calendarUrl, {
      method: "MKCALENDAR",
      headers: auth,
      body: `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Work</D:displayname></D:prop></D:set></C:mkcalendar>`,
    });
    expect(made.status).toBe(201);
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Kairos tests//EN",
      "BEGIN:VEVENT",
      "UID:standup@example.com",
      "DTSTAMP:20260101T000000Z",
      "DTSTART;TZID=Europe/Berlin:20260504T090000",
      "DTEND;TZID=Europe/Berlin:20260504T091500",
      "RRULE:FREQ=DAILY;COUNT=3",
      "EXDATE;TZID=Europe/Berlin:20260505T090000",
      "SUMMARY:Standup",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:standup@example.com",
      "DTSTAMP:20260101T000000Z",
      "RECURRENCE-ID;TZID=Europe/Berlin:20260506T090000",
      "DTSTART;TZID=Europe/Berlin:20260506T113000",
      "DTEND;TZID=Europe/Berlin:20260506T114500",
      "SUMMARY:Standup (late)",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const put = await fetch(`${calendarUrl}standup.ics`, { method: "PUT", headers: { ...auth, "content-type": "text/calendar" }, body: ics });
    expect(put.status).toBe(201);

    const { user } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
    const connection = await connectCaldavAccount(t.db, user.id, { provider: "caldav", serverUrl: radicale.url, username: "ada", password: "app-specific-7" });
    const result = await loadExternalBusy(t.db, user.id, WINDOW, settings);
    expect(result.sources).toEqual([
      { calendarId: connection.calendars[0].id, calendarName: "Work", connectionId: connection.id, provider: "caldav", status: "ok", events: 2 },
    ]);
    expect(result.busy.map((b) => [iso(b.start), iso(b.end)])).toEqual([
      ["2026-05-04T07:00:00.000Z", "2026-05-04T07:15:00.000Z"],
      ["2026-05-06T09:30:00.000Z", "2026-05-06T09:45:00.000Z"],
    ]);
  });
});

if (!radicaleAvailable()) console.warn(RADICALE_MISSING_MESSAGE);
