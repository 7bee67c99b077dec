/**
 * The CalDAV adapter against a real Radicale (Debian package `radicale`):
 * what tsdav sends and Radicale answers is the real wire behaviour.
 */
import { createServer } from "node:net";
import { DAVClient } from "tsdav";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIcsServer, type IcsServer } from "../../../test/ics-server";
import { RADICALE_MISSING_MESSAGE, radicaleAvailable, startRadicale, type RadicaleServer } from "../../../test/radicale";
import { AppError } from "../../errors";
import { buildVtimezone } from "../ical/build-vtimezone";
import { icalUidFor } from "../ical/build-ical-event";
import type { CalendarProvider, EventWrite } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { createCalDavCalendarProvider } from "./caldav-calendar-provider";
import { verifyCalDavCredentials } from "./verify-caldav-credentials";

const hasRadicale = radicaleAvailable();
if (!hasRadicale) console.warn(RADICALE_MISSING_MESSAGE);

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const MARCH = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-04-01T00:00:00Z") };

function booking(overrides: Partial<EventWrite> = {}): EventWrite {
  return {
    idempotencyKey: "booking-abc",
    title: "Intro call with Dana",
    description: "Booked via Kairos.\nNotes: bring the Q1 numbers; and coffee, please.",
    start: utc("2026-03-10T14:00:00Z"),
    end: utc("2026-03-10T14:30:00Z"),
    timeZone: "America/New_York",
    location: "https://meet.example.com/intro",
    attendees: [{ name: "Dana Guest", email: "dana@example.com" }],
    ...overrides,
  };
}

function utf8Basic(username: string, password: string) {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}` };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasRadicale)("CalDAV adapter against Radicale", () => {
  let radicale: RadicaleServer;
  /** A second client, playing the host's own calendar app. */
  let app: DAVClient;
  let provider: CalendarProvider;
  let counter = 0;

  /** A fresh calendar per test, so tests do not see each other's events. */
  async function makeCalendar(props: Record<string, unknown> = {}): Promise<string> {
    const url = `${radicale.homeUrl}cal-${++counter}/`;
    const [response] = await app.makeCalendar({ url, props: { "d:displayname": `Calendar ${counter}`, ...props } });
    expect(response.status).toBe(201);
    return url;
  }

  async function putObject(calendarUrl: string, name: string, ics: string): Promise<void> {
    const response = await app.createCalendarObject({ calendar: { url: calendarUrl }, filename: name, iCalString: ics });
    expect(response.status).toBe(201);
  }

  async function objectsIn(calendarUrl: string) {
    return app.fetchCalendarObjects({ calendar: { url: calendarUrl } });
  }

  beforeAll(async () => {
    radicale = await startRadicale({ password: "pässwörd ☕ 1" });
    app = new DAVClient({
      serverUrl: radicale.url,
      credentials: { username: radicale.username, password: radicale.password },
      authMethod: "Custom",
      authFunction: async () => utf8Basic(radicale.username, radicale.password),
      defaultAccountType: "caldav",
    });
    await app.login();
    provider = createCalDavCalendarProvider({
      serverUrl: radicale.url,
      username: radicale.username,
      password: radicale.password,
      timeZone: "America/New_York",
    });
  });

  afterAll(async () => {
    await radicale?.stop();
  });

  it("lists event calendars with name, zone, colour and write access, and skips task lists", async () => {
    const berlinZone = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${buildVtimezone("Europe/Berlin", { start: utc("2026-01-01T00:00:00Z"), end: utc("2026-12-31T00:00:00Z") })!.toString()}\r\nEND:VCALENDAR\r\n`;
    const work = await makeCalendar({ "d:displayname": "Work", "c:calendar-timezone": { _cdata: berlinZone }, "ca:calendar-color": "#FF8800FF" });
    const tasks = await makeCalendar({
      "d:displayname": "Chores",
      "c:supported-calendar-component-set": { "c:comp": { _attributes: { name: "VTODO" } } },
    });

    const calendars = await provider.listCalendars();
    expect(calendars.find((calendar) => calendar.externalId === work)).toEqual({
      externalId: work,
      name: "Work",
      isPrimary: expect.any(Boolean),
      canWrite: true,
      timeZone: "Europe/Berlin",
      color: "#ff8800",
    });
    expect(calendars.some((calendar) => calendar.externalId === tasks)).toBe(false);
    expect(calendars.filter((calendar) => calendar.isPrimary)).toHaveLength(1);
  });

  it("marks calendars read-only when the server says the account may only read them", async () => {
    const shared = await makeCalendar({ "d:displayname": "Shared with me" });
    // Radicale's owner_only rights never share read-only, so the answer is
    // edited on the wire: what a read-only share (Nextcloud, iCloud) sends.
    const readOnlyShares: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const body = await response.text();
      const edited = body.includes(`<href>${new URL(shared).pathname}</href>`)
        ? body.replace(
            new RegExp(`(<href>${new URL(shared).pathname}</href>.*?<current-user-privilege-set>).*?(</current-user-privilege-set>)`, "s"),
            "$1<privilege><read /></privilege>$2",
          )
        : body;
      return new Response(response.status === 204 || response.status === 304 ? null : edited, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
    const viewer = createCalDavCalendarProvider({ serverUrl: radicale.url, username: radicale.username, password: radicale.password, fetch: readOnlyShares });
    const calendars = await viewer.listCalendars();
    expect(calendars.find((calendar) => calendar.externalId === shared)).toMatchObject({ name: "Shared with me", canWrite: false, isPrimary: false });
    expect(calendars.filter((calendar) => calendar.externalId !== shared).every((calendar) => calendar.canWrite)).toBe(true);
  });

  it("creates, lists, updates and deletes an event (with SEQUENCE and SCHEDULE-AGENT=CLIENT)", async () => {
    const calendar = await makeCalendar();
    const written = await provider.createEvent(calendar, booking());
    expect(written.externalId).toBe(icalUidFor("booking-abc"));
    expect(written.etag).toMatch(/^".+"$/);

    const listed = await provider.listEvents(calendar, MARCH);
    expect(listed).toEqual([
      {
        externalId: written.externalId,
        title: "Intro call with Dana",
        description: "Booked via Kairos.\nNotes: bring the Q1 numbers; and coffee, please.",
        location: "https://meet.example.com/intro",
        start: utc("2026-03-10T14:00:00Z"),
        end: utc("2026-03-10T14:30:00Z"),
        allDay: false,
        status: "confirmed",
        showAs: "busy",
        etag: written.etag,
        updatedAt: expect.any(Number),
      },
    ]);
    const [stored] = await objectsIn(calendar);
    expect(stored.url).toBe(`${calendar}${written.externalId}.ics`);
    const unfolded = String(stored.data).replace(/\r\n[ \t]/g, "");
    expect(unfolded).toContain("DTSTART;TZID=America/New_York:20260310T100000");
    expect(unfolded).toMatch(/ATTENDEE;[^\r\n]*SCHEDULE-AGENT=CLIENT[^\r\n]*:mailto:dana@example\.com/);
    expect(unfolded).toMatch(/SEQUENCE:0/);

    // Radicale answers 201 to this PUT.
    const updated = await provider.updateEvent(calendar, written.externalId, booking({ title: "Intro call (moved)", start: utc("2026-03-11T15:00:00Z"), end: utc("2026-03-11T16:00:00Z") }));
    expect(updated.externalId).toBe(written.externalId);
    expect(updated.etag).not.toBe(written.etag);
    const afterUpdate = await provider.listEvents(calendar, MARCH);
    expect(afterUpdate.map((event) => [event.externalId, event.title, iso(event.start), iso(event.end)])).toEqual([
      [written.externalId, "Intro call (moved)", "2026-03-11T15:00:00.000Z", "2026-03-11T16:00:00.000Z"],
    ]);
    expect((await objectsIn(calendar))[0].data).toMatch(/SEQUENCE:1/);

    await provider.deleteEvent(calendar, written.externalId);
    expect(await provider.listEvents(calendar, MARCH)).toEqual([]);
    // Deleting what is gone succeeds.
    await expect(provider.deleteEvent(calendar, written.externalId)).resolves.toBeUndefined();
  });

  it("creates idempotently: the same key twice is one object", async () => {
    const calendar = await makeCalendar();
    const first = await provider.createEvent(calendar, booking({ idempotencyKey: "retry-me" }));
    const second = await provider.createEvent(calendar, booking({ idempotencyKey: "retry-me", title: "A retried POST" }));
    expect(second).toEqual(first);
    const objects = await objectsIn(calendar);
    expect(objects).toHaveLength(1);
    expect(objects[0].data).toContain("SUMMARY:Intro call with Dana");
  });

  it("updates and deletes events it did not name itself, found by UID", async () => {
    const calendar = await makeCalendar();
    await putObject(
      calendar,
      "from-another-app.ics",
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other//EN\r\nBEGIN:VEVENT\r\nUID:abc@other.example\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260305T100000Z\r\nDTEND:20260305T110000Z\r\nSEQUENCE:3\r\nSUMMARY:Theirs\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    await provider.updateEvent(calendar, "abc@other.example", booking({ title: "Ours now" }));
    const [object] = await objectsIn(calendar);
    expect(object.url).toBe(`${calendar}from-another-app.ics`);
    expect(object.data).toContain("SEQUENCE:4");
    expect(object.data).toContain("UID:abc@other.example");
    await provider.deleteEvent(calendar, "abc@other.example");
    expect(await objectsIn(calendar)).toEqual([]);
  });

  it("answers not_found for a missing event or calendar, and for a calendar on another server", async () => {
    const calendar = await makeCalendar();
    await expect(provider.updateEvent(calendar, "nope", booking())).rejects.toMatchObject({ reason: "not_found" });
    await expect(provider.listEvents(`${radicale.homeUrl}does-not-exist/`, MARCH)).rejects.toMatchObject({ reason: "not_found" });
    await expect(provider.listEvents("https://evil.example/alice/cal/", MARCH)).rejects.toMatchObject({ reason: "not_found" });
  });

  it("expands a recurring event with EXDATE, a moved and a cancelled instance (Radicale ignores <C:expand>)", async () => {
    const calendar = await makeCalendar();
    await putObject(
      calendar,
      "weekly.ics",
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        "UID:weekly-1",
        "DTSTAMP:20260101T000000Z",
        "DTSTART;TZID=Europe/Berlin:20260316T090000",
        "DTEND;TZID=Europe/Berlin:20260316T093000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=8",
        "EXDATE;TZID=Europe/Berlin:20260319T090000",
        "SUMMARY:Planning",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly-1",
        "DTSTAMP:20260101T000000Z",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260326T090000",
        "DTSTART;TZID=Europe/Berlin:20260327T140000",
        "DTEND;TZID=Europe/Berlin:20260327T150000",
        "SUMMARY:Planning (Friday)",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly-1",
        "DTSTAMP:20260101T000000Z",
        "RECURRENCE-ID;TZID=Europe/Berlin:20260330T090000",
        "DTSTART;TZID=Europe/Berlin:20260330T090000",
        "DTEND;TZID=Europe/Berlin:20260330T093000",
        "STATUS:CANCELLED",
        "SUMMARY:Planning",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
    const events = await provider.listEvents(calendar, { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-04-06T00:00:00Z") });
    expect(events.map((event) => [event.externalId, iso(event.start), event.title])).toEqual([
      ["weekly-1:2026-03-16T08:00:00.000Z", "2026-03-16T08:00:00.000Z", "Planning"],
      ["weekly-1:2026-03-23T08:00:00.000Z", "2026-03-23T08:00:00.000Z", "Planning"],
      ["weekly-1:2026-03-26T08:00:00.000Z", "2026-03-27T13:00:00.000Z", "Planning (Friday)"],
      // Berlin changed its clocks on 29 March: 09:00 is now 07:00Z. 30 March is cancelled.
      ["weekly-1:2026-04-02T07:00:00.000Z", "2026-04-02T07:00:00.000Z", "Planning"],
    ]);
    expect(events.every((event) => event.seriesId === "weekly-1" && event.etag)).toBe(true);
  });

  it("reads all-day and floating events in the calendar's zone, else in the host's zone", async () => {
    const berlinZone = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${buildVtimezone("Europe/Berlin", { start: utc("2026-01-01T00:00:00Z"), end: utc("2026-12-31T00:00:00Z") })!.toString()}\r\nEND:VCALENDAR\r\n`;
    const zoned = await makeCalendar({ "c:calendar-timezone": { _cdata: berlinZone } });
    const plain = await makeCalendar();
    const wrap = (vevent: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${vevent}END:VCALENDAR\r\n`;
    const holiday = wrap("BEGIN:VEVENT\r\nUID:holiday\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260312\r\nSUMMARY:Day off\r\nEND:VEVENT\r\n");
    const floating = wrap("BEGIN:VEVENT\r\nUID:floating\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260313T090000\r\nDTEND:20260313T100000\r\nSUMMARY:Floating\r\nEND:VEVENT\r\n");
    for (const calendar of [zoned, plain]) {
      await putObject(calendar, "holiday.ics", holiday);
      await putObject(calendar, "floating.ics", floating);
    }

    const inBerlin = await provider.listEvents(zoned, MARCH);
    expect(inBerlin.map((event) => [event.title, iso(event.start), iso(event.end), event.allDay])).toEqual([
      ["Day off", "2026-03-11T23:00:00.000Z", "2026-03-12T23:00:00.000Z", true],
      ["Floating", "2026-03-13T08:00:00.000Z", "2026-03-13T09:00:00.000Z", false],
    ]);
    const inNewYork = await provider.listEvents(plain, MARCH);
    expect(inNewYork.map((event) => [event.title, iso(event.start), iso(event.end)])).toEqual([
      ["Day off", "2026-03-12T04:00:00.000Z", "2026-03-13T04:00:00.000Z"],
      ["Floating", "2026-03-13T13:00:00.000Z", "2026-03-13T14:00:00.000Z"],
    ]);
  });

  describe("syncEvents", () => {
    const SERIES = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:daily",
      "DTSTAMP:20260101T000000Z",
      "DTSTART:20260302T120000Z",
      "DTEND:20260302T123000Z",
      "RRULE:FREQ=DAILY;COUNT=3",
      "SUMMARY:Daily",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");

    it("starts with a full listing, then reports additions, changes, removed instances and deletions", async () => {
      const calendar = await makeCalendar();
      await putObject(calendar, "daily.ics", SERIES);

      const first = await provider.syncEvents(calendar, null, MARCH);
      expect(first.full).toBe(true);
      expect(first.removedIds).toEqual([]);
      expect(first.changed.map((event) => event.externalId)).toEqual([
        "daily:2026-03-02T12:00:00.000Z",
        "daily:2026-03-03T12:00:00.000Z",
        "daily:2026-03-04T12:00:00.000Z",
      ]);

      const quiet = await provider.syncEvents(calendar, first.cursor, MARCH);
      expect(quiet).toMatchObject({ changed: [], removedIds: [], full: false });

      // Added through Kairos, and an EXDATE added to the series by the host's app.
      const added = await provider.createEvent(calendar, booking({ idempotencyKey: "sync-1" }));
      const [series] = (await objectsIn(calendar)).filter((object) => object.url.endsWith("daily.ics"));
      const updated = await app.updateCalendarObject({
        calendarObject: { url: series.url, etag: series.etag, data: SERIES.replace("SUMMARY:Daily", "EXDATE:20260303T120000Z\r\nSUMMARY:Daily (trimmed)") },
      });
      expect(updated.ok).toBe(true);

      const second = await provider.syncEvents(calendar, quiet.cursor, MARCH);
      expect(second.full).toBe(false);
      expect(second.changed.map((event) => [event.externalId, event.title])).toEqual([
        ["daily:2026-03-02T12:00:00.000Z", "Daily (trimmed)"],
        ["daily:2026-03-04T12:00:00.000Z", "Daily (trimmed)"],
        [added.externalId, "Intro call with Dana"],
      ]);
      expect(second.removedIds).toEqual(["daily:2026-03-03T12:00:00.000Z"]);

      await app.deleteCalendarObject({ calendarObject: { url: series.url } });
      const third = await provider.syncEvents(calendar, second.cursor, MARCH);
      expect(third).toMatchObject({ changed: [], full: false });
      expect(third.removedIds.sort()).toEqual(["daily:2026-03-02T12:00:00.000Z", "daily:2026-03-04T12:00:00.000Z"]);

      await provider.deleteEvent(calendar, added.externalId);
      const fourth = await provider.syncEvents(calendar, third.cursor, MARCH);
      expect(fourth).toMatchObject({ changed: [], removedIds: [added.externalId], full: false });
    });

    it("answers a full batch when the server no longer knows the sync token (Radicale: 403)", async () => {
      const calendar = await makeCalendar();
      await putObject(calendar, "daily.ics", SERIES);
      const first = await provider.syncEvents(calendar, null, MARCH);
      const forgotten = JSON.stringify({ ...JSON.parse(first.cursor), token: "http://radicale.org/ns/sync/0000000000000000000000000000000000000000000000000000000000000000" });
      const batch = await provider.syncEvents(calendar, forgotten, MARCH);
      expect(batch.full).toBe(true);
      expect(batch.changed).toHaveLength(3);
      expect(JSON.parse(batch.cursor).token).toBe(JSON.parse(first.cursor).token);
    });

    it("answers a full batch for a damaged cursor or a range outside the cursor's window", async () => {
      const calendar = await makeCalendar();
      await putObject(calendar, "daily.ics", SERIES);
      const first = await provider.syncEvents(calendar, null, MARCH);
      expect((await provider.syncEvents(calendar, "not json", MARCH)).full).toBe(true);
      const later = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-06-01T00:00:00Z") };
      expect((await provider.syncEvents(calendar, first.cursor, later)).full).toBe(true);
      // Inside the window (a week of slack past the end): incremental.
      const slightlyLater = { start: utc("2026-03-02T00:00:00Z"), end: utc("2026-04-05T00:00:00Z") };
      expect((await provider.syncEvents(calendar, first.cursor, slightlyLater)).full).toBe(false);
    });

    it("answers not_found once the calendar is deleted (token and ctag cursors alike)", async () => {
      const calendar = await makeCalendar();
      await putObject(calendar, "daily.ics", SERIES);
      const first = await provider.syncEvents(calendar, null, MARCH);
      const { token: _token, ...withoutToken } = JSON.parse(first.cursor);
      const deleted = await app.deleteObject({ url: calendar });
      expect(deleted.ok).toBe(true);
      await expect(provider.syncEvents(calendar, first.cursor, MARCH)).rejects.toMatchObject({ reason: "not_found" });
      await expect(provider.syncEvents(calendar, JSON.stringify(withoutToken), MARCH)).rejects.toMatchObject({ reason: "not_found" });
      await expect(provider.createEvent(calendar, booking())).rejects.toMatchObject({ reason: expect.stringMatching(/not_found|forbidden|invalid/) });
    });

    it("falls back to ctag and etags when there is no sync token", async () => {
      const calendar = await makeCalendar();
      await putObject(calendar, "daily.ics", SERIES);
      const first = await provider.syncEvents(calendar, null, MARCH);
      const { token: _token, ...withoutToken } = JSON.parse(first.cursor);
      const ctagOnly = JSON.stringify(withoutToken);

      const quiet = await provider.syncEvents(calendar, ctagOnly, MARCH);
      expect(quiet).toMatchObject({ changed: [], removedIds: [], full: false });

      await provider.createEvent(calendar, booking({ idempotencyKey: "ctag-1" }));
      const [series] = (await objectsIn(calendar)).filter((object) => object.url.endsWith("daily.ics"));
      await app.deleteCalendarObject({ calendarObject: { url: series.url } });
      const batch = await provider.syncEvents(calendar, quiet.cursor, MARCH);
      expect(batch.full).toBe(false);
      expect(batch.changed.map((event) => event.externalId)).toEqual([icalUidFor("ctag-1")]);
      expect(batch.removedIds.sort()).toEqual(["daily:2026-03-02T12:00:00.000Z", "daily:2026-03-03T12:00:00.000Z", "daily:2026-03-04T12:00:00.000Z"]);
      expect(JSON.parse(batch.cursor).token).toBeUndefined();
    });
  });

  describe("credentials", () => {
    it("signs in with a password outside Latin-1 (UTF-8 Basic auth)", async () => {
      // The server under test was started with "pässwörd ☕ 1".
      await expect(provider.listCalendars()).resolves.toBeInstanceOf(Array);
    });

    it("reports a wrong password as an auth failure", async () => {
      const wrong = createCalDavCalendarProvider({ serverUrl: radicale.url, username: radicale.username, password: "wrong" });
      const error = await wrong.listCalendars().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CalendarProviderError);
      expect(error).toMatchObject({ reason: "auth", retryable: false });
    });

    it("verifies a connect form: success lists calendars; each failure names its field", async () => {
      await makeCalendar({ "d:displayname": "For the form" });
      const verified = await verifyCalDavCredentials({ serverUrl: radicale.url, username: radicale.username, password: radicale.password });
      expect(verified.serverUrl).toBe(radicale.url);
      expect(verified.calendars.map((calendar) => calendar.name)).toContain("For the form");

      const wrongPassword = await verifyCalDavCredentials({ serverUrl: radicale.url, username: radicale.username, password: "nope" }).catch((e: unknown) => e);
      expect(wrongPassword).toBeInstanceOf(AppError);
      expect(wrongPassword).toMatchObject({ code: "validation_error", details: [{ path: "password" }] });
      expect((wrongPassword as AppError).message).toMatch(/rejected this user name and password/);

      const port = await closedPort();
      const unreachable = await verifyCalDavCredentials({ serverUrl: `http://127.0.0.1:${port}/`, username: "a", password: "b" }).catch((e: unknown) => e);
      expect(unreachable).toMatchObject({ code: "validation_error", details: [{ path: "serverUrl" }] });
      expect((unreachable as AppError).message).toMatch(/^Could not reach 127\.0\.0\.1:\d+\. Check the address/);

      let website: IcsServer | undefined;
      try {
        website = await startIcsServer({ body: "<html>Hello</html>", contentType: "text/html" });
        const notCalDav = await verifyCalDavCredentials({ serverUrl: website.origin, username: "a", password: "b" }).catch((e: unknown) => e);
        expect(notCalDav).toMatchObject({ code: "validation_error", details: [{ path: "serverUrl" }] });
        expect((notCalDav as AppError).message).toMatch(/does not look like a CalDAV server/);
      } finally {
        await website?.stop();
      }

      const badScheme = await verifyCalDavCredentials({ serverUrl: "ftp://example.com", username: "a", password: "b" }).catch((e: unknown) => e);
      expect(badScheme).toMatchObject({ code: "validation_error", details: [{ path: "serverUrl" }] });
    });

    it("says when an account has no calendar for events", async () => {
      const empty = await startRadicale({ username: "bob", password: "secret" });
      try {
        const error = await verifyCalDavCredentials({ serverUrl: empty.url, username: "bob", password: "secret" }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "validation_error", details: [{ path: "serverUrl" }] });
        expect((error as AppError).message).toMatch(/no calendar for events/);
      } finally {
        await empty.stop();
      }
    });
  });
});
