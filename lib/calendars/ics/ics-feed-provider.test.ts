import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startIcsServer, type IcsServer } from "../../../test/ics-server";
import { AppError } from "../../errors";
import { expandIcalEvents } from "../ical/expand-ical-events";
import { CalendarProviderError } from "../provider-error";
import { createIcsFeedProvider, icsFeedCalendarId, type IcsFeedProviderOptions } from "./ics-feed-provider";
import { verifyIcsFeed } from "./verify-ics-feed";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "..", "ical", "fixtures", name), "utf8");
const utc = (iso: string) => Date.parse(iso);
const MARCH_APRIL = { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-05-01T00:00:00Z") };
const LOOPBACK = { allowLoopback: true, allowPrivateNetworks: false };

const SMALL = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//School//Timetable//EN",
  "X-WR-CALNAME:Kids' school",
  "BEGIN:VEVENT",
  "UID:pickup",
  "DTSTAMP:20260301T080000Z",
  "DTSTART;TZID=Europe/Berlin:20260302T153000",
  "DTEND;TZID=Europe/Berlin:20260302T160000",
  "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4",
  "SUMMARY:School pickup",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

let servers: IcsServer[] = [];
async function serve(body: string, options: Partial<Parameters<typeof startIcsServer>[0]> = {}): Promise<IcsServer> {
  const server = await startIcsServer({ body, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  servers = [];
});

function feedProvider(url: string, options: Partial<IcsFeedProviderOptions> = {}) {
  return createIcsFeedProvider({ url, network: LOOPBACK, ...options });
}

describe("ICS feed provider", () => {
  it("lists one read-only calendar named by X-WR-CALNAME, whose id does not reveal the (secret) URL", async () => {
    const feed = await serve(fixture("google-export.ics"));
    const provider = feedProvider(feed.url);
    const calendars = await provider.listCalendars();
    expect(calendars).toEqual([
      { externalId: icsFeedCalendarId(feed.url), name: "Alex Rivera – Work", isPrimary: true, canWrite: false, timeZone: "America/New_York" },
    ]);
    expect(calendars[0].externalId).toMatch(/^ics-[0-9a-f]{32}$/);
    expect(calendars[0].externalId).not.toContain("127.0.0.1");
  });

  it("names a feed without X-WR-CALNAME by its host", async () => {
    const feed = await serve(SMALL.replace("X-WR-CALNAME:Kids' school\r\n", ""));
    expect((await feedProvider(feed.url).listCalendars())[0].name).toBe("127.0.0.1");
  });

  it("expands the feed: recurrence, overrides, all-day events and TZIDs", async () => {
    const feed = await serve(fixture("google-export.ics"));
    const provider = feedProvider(feed.url, { selfEmails: ["alex@example.com"] });
    const events = await provider.listEvents(icsFeedCalendarId(feed.url), MARCH_APRIL);
    expect(events).toEqual(expandIcalEvents(fixture("google-export.ics"), { range: MARCH_APRIL, selfEmails: ["alex@example.com"] }));
    expect(events).toHaveLength(22);
    expect(events.find((event) => event.title === "Team sync (moved)")?.start).toBe(utc("2026-03-17T18:00:00Z"));
    expect(events.find((event) => event.title === "Team offsite")).toMatchObject({ allDay: true, start: utc("2026-03-18T04:00:00Z") });
  });

  it("reads floating and all-day times of a feed without X-WR-TIMEZONE in the host's zone", async () => {
    const feed = await serve(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:d\r\nDTSTART;VALUE=DATE:20260310\r\nSUMMARY:Holiday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    );
    const events = await feedProvider(feed.url, { timeZone: "Asia/Tokyo" }).listEvents(icsFeedCalendarId(feed.url), MARCH_APRIL);
    expect(events.map((event) => [event.start, event.end])).toEqual([[utc("2026-03-09T15:00:00Z"), utc("2026-03-10T15:00:00Z")]]);
  });

  it("revalidates its copy with a conditional GET", async () => {
    const feed = await serve(SMALL);
    const provider = feedProvider(feed.url);
    const id = icsFeedCalendarId(feed.url);
    const first = await provider.listEvents(id, MARCH_APRIL);
    const second = await provider.listEvents(id, MARCH_APRIL);
    expect(second).toEqual(first);
    expect(feed.requests.map((request) => request.status)).toEqual([200, 304]);
    expect(feed.requests[1].headers["if-none-match"]).toMatch(/^".+"$/);
  });

  it("refuses writes with a clear forbidden error", async () => {
    const feed = await serve(SMALL);
    const provider = feedProvider(feed.url);
    const id = icsFeedCalendarId(feed.url);
    const write = { idempotencyKey: "k", title: "t", description: "", start: 0, end: 1, timeZone: "UTC", attendees: [] };
    for (const attempt of [provider.createEvent(id, write), provider.updateEvent(id, "pickup", write), provider.deleteEvent(id, "pickup")]) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CalendarProviderError);
      expect(error).toMatchObject({ reason: "forbidden", message: expect.stringMatching(/^Calendar feeds \(ICS links\) are read-only/) });
    }
    expect(feed.requestCount).toBe(0);
  });

  it("answers not_found for another calendar id", async () => {
    const feed = await serve(SMALL);
    await expect(feedProvider(feed.url).listEvents("ics-someone-else", MARCH_APRIL)).rejects.toMatchObject({ reason: "not_found" });
  });

  describe("syncEvents", () => {
    it("full first; 304 → empty batch; changed content → full batch", async () => {
      const feed = await serve(SMALL);
      const provider = feedProvider(feed.url);
      const id = icsFeedCalendarId(feed.url);

      const first = await provider.syncEvents(id, null, MARCH_APRIL);
      expect(first.full).toBe(true);
      expect(first.changed.map((event) => event.externalId)).toEqual([
        "pickup:2026-03-02T14:30:00.000Z",
        "pickup:2026-03-04T14:30:00.000Z",
        "pickup:2026-03-09T14:30:00.000Z",
        "pickup:2026-03-11T14:30:00.000Z",
      ]);
      const cursor = JSON.parse(first.cursor);
      expect(cursor).toMatchObject({ v: 1, etag: expect.any(String), lastModified: expect.any(String), contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

      const unchanged = await provider.syncEvents(id, first.cursor, MARCH_APRIL);
      expect(unchanged).toEqual({ changed: [], removedIds: [], full: false, cursor: first.cursor });
      expect(feed.requests.at(-1)).toMatchObject({ status: 304, headers: { "if-none-match": cursor.etag, "if-modified-since": cursor.lastModified } });

      feed.setBody(SMALL.replace("COUNT=4", "COUNT=2").replace("School pickup", "Pickup (short term)"));
      const changed = await provider.syncEvents(id, unchanged.cursor, MARCH_APRIL);
      expect(changed.full).toBe(true);
      expect(changed.removedIds).toEqual([]);
      expect(changed.changed.map((event) => event.title)).toEqual(["Pickup (short term)", "Pickup (short term)"]);
      expect(JSON.parse(changed.cursor).etag).not.toBe(cursor.etag);
    });

    it("uses the content hash when the host sends no validators, ignoring DTSTAMP churn", async () => {
      const feed = await serve(SMALL, { etag: false, lastModified: false });
      const provider = feedProvider(feed.url);
      const id = icsFeedCalendarId(feed.url);
      const first = await provider.syncEvents(id, null, MARCH_APRIL);
      expect(JSON.parse(first.cursor).etag).toBeUndefined();

      feed.setBody(SMALL.replace("DTSTAMP:20260301T080000Z", "DTSTAMP:20260302T091500Z"));
      const restamped = await provider.syncEvents(id, first.cursor, MARCH_APRIL);
      expect(restamped).toMatchObject({ changed: [], removedIds: [], full: false });
      expect(feed.requests.at(-1)?.status).toBe(200);

      feed.setBody(SMALL.replace("T153000", "T160000"));
      expect((await provider.syncEvents(id, restamped.cursor, MARCH_APRIL)).full).toBe(true);
    });

    it("answers a full batch (unconditional GET) when the range leaves the cursor's window, or the cursor is damaged", async () => {
      const feed = await serve(SMALL);
      const provider = feedProvider(feed.url);
      const id = icsFeedCalendarId(feed.url);
      const first = await provider.syncEvents(id, null, MARCH_APRIL);
      const later = await provider.syncEvents(id, first.cursor, { start: MARCH_APRIL.start, end: utc("2026-07-01T00:00:00Z") });
      expect(later.full).toBe(true);
      expect(feed.requests.at(-1)?.headers["if-none-match"]).toBeUndefined();
      expect((await provider.syncEvents(id, "{broken", MARCH_APRIL)).full).toBe(true);
    });
  });

  describe("failures", () => {
    const id = (server: IcsServer) => icsFeedCalendarId(server.url);

    it("rejects a web page and other non-calendar content with a message that says what to do", async () => {
      const page = await serve("<!DOCTYPE html><html><body>Sign in to see this calendar</body></html>", { contentType: "text/html; charset=utf-8" });
      await expect(feedProvider(page.url).listEvents(id(page), MARCH_APRIL)).rejects.toMatchObject({
        reason: "invalid",
        message: expect.stringMatching(/^This address returned a web page, not a calendar feed\. Use the calendar's iCal\/ICS link/),
      });
      const json = await serve('{"events":[]}', { contentType: "application/json" });
      await expect(feedProvider(json.url).listCalendars()).rejects.toMatchObject({
        reason: "invalid",
        message: 'This address did not return an iCalendar feed (application/json, starting with "{"events":[]}").',
      });
      const broken = await serve("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis line has no colon\r\nEND:VCALENDAR\r\n");
      await expect(feedProvider(broken.url).listEvents(id(broken), MARCH_APRIL)).rejects.toMatchObject({
        reason: "invalid",
        message: expect.stringMatching(/^The iCalendar file could not be read/),
      });
    });

    it("maps HTTP statuses to reasons", async () => {
      const feed = await serve(SMALL);
      const provider = feedProvider(feed.url);
      const cases: [number, Record<string, string>, Partial<CalendarProviderError> & { options?: object }][] = [
        [401, {}, { reason: "auth" }],
        [403, {}, { reason: "forbidden" }],
        [404, {}, { reason: "not_found" }],
        [410, {}, { reason: "not_found" }],
        [429, { "Retry-After": "90" }, { reason: "rate_limited", options: { provider: "ics", status: 429, retryAfterMs: 90_000 } }],
        [500, {}, { reason: "transient" }],
        [418, {}, { reason: "invalid" }],
      ];
      for (const [status, headers, expected] of cases) {
        feed.setFailure({ status, headers });
        await expect(provider.listEvents(id(feed), MARCH_APRIL)).rejects.toMatchObject(expected);
      }
    });

    it("gives up after the timeout", async () => {
      const feed = await serve(SMALL);
      feed.setDelay(1000);
      await expect(feedProvider(feed.url, { timeoutMs: 150 }).listCalendars()).rejects.toMatchObject({
        reason: "transient",
        message: expect.stringMatching(/did not answer within 150 ms/),
      });
    });

    it("refuses feeds larger than the limit", async () => {
      const big = SMALL.replace("SUMMARY:School pickup", `SUMMARY:${"x".repeat(5000)}`);
      const feed = await serve(big);
      await expect(feedProvider(feed.url, { maxBytes: 4096 }).listCalendars()).rejects.toMatchObject({
        reason: "invalid",
        message: expect.stringMatching(/larger than/),
      });
    });

    it("follows redirects (and refuses loops)", async () => {
      const feed = await serve(SMALL);
      feed.addRedirect("/old.ics", "/calendar.ics", 301);
      const events = await feedProvider(`${feed.origin}/old.ics`).listEvents(icsFeedCalendarId(`${feed.origin}/old.ics`), MARCH_APRIL);
      expect(events).toHaveLength(4);
      feed.addRedirect("/loop.ics", "/loop.ics");
      await expect(feedProvider(`${feed.origin}/loop.ics`).listCalendars()).rejects.toMatchObject({ reason: "invalid", message: "The feed address redirects too many times." });
    });

    it("refuses loopback addresses unless the network policy allows them", async () => {
      const feed = await serve(SMALL);
      const provider = createIcsFeedProvider({ url: feed.url, network: { allowLoopback: false } });
      await expect(provider.listCalendars()).rejects.toMatchObject({ reason: "forbidden", message: "Calendar feeds cannot be read from 127.0.0.1: it points to this server itself." });
      expect(feed.requestCount).toBe(0);
    });
  });
});

describe("verifyIcsFeed", () => {
  it("accepts a feed and tells its name, zone and size", async () => {
    const feed = await serve(fixture("google-export.ics"));
    expect(await verifyIcsFeed(feed.url, { network: LOOPBACK })).toEqual({
      url: feed.url,
      calendarId: icsFeedCalendarId(feed.url),
      name: "Alex Rivera – Work",
      timeZone: "America/New_York",
      eventCount: 12,
    });
  });

  it("turns every problem into a validation error on the url field", async () => {
    const page = await serve("<html><body>Nope</body></html>", { contentType: "text/html" });
    const cases: [string, RegExp][] = [
      ["", /^Enter the address of the calendar feed\.$/],
      ["ftp://example.com/cal.ics", /^Only http:\/\/, https:\/\/ and webcal:\/\/ addresses can be subscribed to \(not ftp:\/\/\)\.$/],
      ["file:///etc/passwd", /not file:/],
      ["javascript:alert(1)", /not javascript:/],
      ["http://", /not a valid web address/],
      [page.url, /returned a web page/],
      [`${page.origin}/missing.ics`, /HTTP 404/],
    ];
    for (const [input, message] of cases) {
      const error = await verifyIcsFeed(input, { network: LOOPBACK }).catch((e: unknown) => e);
      expect(error, input).toBeInstanceOf(AppError);
      expect(error, input).toMatchObject({ code: "validation_error", details: [{ path: "url", message: expect.stringMatching(message) }] });
    }
  });
});
