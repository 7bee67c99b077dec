/**
 * The unified calendar-events API through its route handlers, one shape on
 * every provider: Google and Microsoft (emulators, connected through
 * configuration as a deployment is), an ICS feed (read-only) and Radicale for
 * CalDAV (skipped when not installed). Create with Meet / Teams links, list,
 * replace, delete, idempotent create (counted at the emulator), and every
 * refusal: wrong conference kind, read-only calendar, another host's
 * calendar, invalid input, and provider failures mapped to HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCaldavAccount } from "@/lib/calendars/connect-caldav-account";
import { connectIcsFeed } from "@/lib/calendars/connect-ics-feed";
import { createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { radicaleAvailable, startRadicale, type RadicaleServer } from "@/test/radicale";
import * as item from "./[eventId]/route";
import * as collection from "./route";

const ADA = "ada@example.com";
const GRACE = "grace@contoso.test";
const FEED = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Kairos tests//EN",
  "X-WR-CALNAME:Holidays",
  "BEGIN:VEVENT",
  "UID:may-day@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART;VALUE=DATE:20260501",
  "DTEND;VALUE=DATE:20260502",
  "SUMMARY:May Day",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

const env = useCalendarEmulators({ google: [{ email: ADA, timeZone: "Europe/Berlin" }], microsoft: [{ email: GRACE, timeZone: "Europe/Berlin" }] });
let feed: IcsServer;

beforeAll(async () => {
  feed = await startIcsServer({ body: FEED });
});
afterAll(async () => {
  await feed?.stop();
});

type Handler = (request: Request, context: { params: Promise<{ id: string; eventId: string }> }) => Promise<Response>;

/** Calls a route handler with both dynamic segments, the way Next.js does. */
async function send(handler: Handler, method: string, options: { key?: string; id: string; eventId?: string; body?: unknown; query?: string }) {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const request = new Request(`http://localhost/api/v1/calendars/${options.id}/events${options.query ? `?${options.query}` : ""}`, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve({ id: options.id, eventId: options.eventId ?? "" }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const list = (key: string, id: string, query = "start=2026-05-01&end=2026-05-31") => send(collection.GET, "GET", { key, id, query });
const create = (key: string, id: string, body: unknown) => send(collection.POST, "POST", { key, id, body });
const replace = (key: string, id: string, eventId: string, body: unknown) => send(item.PATCH, "PATCH", { key, id, eventId, body });
const remove = (key: string, id: string, eventId: string) => send(item.DELETE, "DELETE", { key, id, eventId });

const intro = {
  title: "Intro call",
  description: "Agenda: pricing",
  start: "2026-05-04T10:00:00+02:00",
  end: "2026-05-04T10:30:00+02:00",
  timeZone: "Europe/Berlin",
  location: "Online",
  attendees: [{ email: "dana@example.com", name: "Dana" }],
};

async function hostWith(provider: "google" | "microsoft") {
  const { user, key } = await createHostWithKey(env.t.db, { timeZone: "Europe/Berlin" });
  const connection = await connectOAuthAccount(env.t.db, user.id, provider, provider === "google" ? ADA : GRACE);
  const calendar = connection.calendars.find((c) => c.isPrimary)!;
  const externalId = (await env.t.db.connectedCalendar.findUniqueOrThrow({ where: { id: calendar.id } })).externalId;
  return { user, key, calendar, externalId };
}

const liveGoogleEvents = async (calendarId: string) => (await env.google.control.listStoredEvents(calendarId)).items.filter((e) => e.status !== "cancelled");

describe("authentication", () => {
  it("answers 401 without credentials on every route", async () => {
    for (const result of [
      await send(collection.GET, "GET", { id: "x", query: "start=2026-05-01&end=2026-05-02" }),
      await send(collection.POST, "POST", { id: "x", body: intro }),
      await send(item.PATCH, "PATCH", { id: "x", eventId: "y", body: intro }),
      await send(item.DELETE, "DELETE", { id: "x", eventId: "y" }),
    ]) {
      expect(result).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    }
  });
});

describe("Google calendar", () => {
  it("creates an event with a Meet link (201), lists it, replaces it, deletes it (204)", async () => {
    const { key, calendar, externalId } = await hostWith("google");
    const created = await create(key, calendar.id, { ...intro, conference: "google_meet" });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      externalId: expect.any(String),
      title: "Intro call",
      description: "Agenda: pricing",
      location: "Online",
      start: "2026-05-04T10:00:00.000+02:00",
      end: "2026-05-04T10:30:00.000+02:00",
      allDay: false,
      status: "confirmed",
      showAs: "busy",
      conferenceUrl: expect.stringMatching(/^https:\/\/meet\.google\.com\//),
      etag: expect.any(String),
    });
    const [stored] = await liveGoogleEvents(externalId);
    expect(stored).toMatchObject({ id: created.body.externalId, summary: "Intro call", attendees: [expect.objectContaining({ email: "dana@example.com" })] });

    const listed = await list(key, calendar.id);
    expect(listed.status).toBe(200);
    expect(listed.body.events).toEqual([
      expect.objectContaining({
        externalId: created.body.externalId,
        title: "Intro call",
        description: "Agenda: pricing",
        start: "2026-05-04T10:00:00.000+02:00",
        end: "2026-05-04T10:30:00.000+02:00",
        conferenceUrl: created.body.conferenceUrl,
        updatedAt: expect.stringMatching(/^2\d{3}-\d{2}-\d{2}T.*[+-]\d{2}:\d{2}$/),
      }),
    ]);

    // A replacement: new title and time; description, location and attendees left out are cleared; the Meet link stays.
    const moved = await replace(key, calendar.id, created.body.externalId, { title: "Intro call (moved)", start: "2026-05-05T15:00:00+02:00", end: "2026-05-05T16:00:00+02:00", timeZone: "Europe/Berlin" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ externalId: created.body.externalId, title: "Intro call (moved)", start: "2026-05-05T15:00:00.000+02:00", end: "2026-05-05T16:00:00.000+02:00", conferenceUrl: created.body.conferenceUrl });
    expect(moved.body.description).toBeUndefined();
    const [after] = (await list(key, calendar.id)).body.events;
    expect(after).toMatchObject({ title: "Intro call (moved)", start: "2026-05-05T15:00:00.000+02:00", conferenceUrl: created.body.conferenceUrl });
    expect(after.description).toBeUndefined();
    expect(after.location).toBeUndefined();
    expect((await liveGoogleEvents(externalId))[0].attendees ?? []).toEqual([]);

    expect(await remove(key, calendar.id, created.body.externalId)).toMatchObject({ status: 204, body: null });
    expect((await list(key, calendar.id)).body.events).toEqual([]);
    // Deleting what is gone is done.
    expect((await remove(key, calendar.id, created.body.externalId)).status).toBe(204);
  });

  it("creates idempotently: the same idempotencyKey twice is one event at the provider", async () => {
    const { key, calendar, externalId } = await hostWith("google");
    const first = await create(key, calendar.id, { ...intro, conference: "google_meet", idempotencyKey: "crm-deal-17" });
    const second = await create(key, calendar.id, { ...intro, conference: "google_meet", idempotencyKey: "crm-deal-17" });
    expect(second.status).toBe(201);
    expect(second.body.externalId).toBe(first.body.externalId);
    expect(second.body.conferenceUrl).toBe(first.body.conferenceUrl);
    expect(await liveGoogleEvents(externalId)).toHaveLength(1);
    // Another key, or none, is another event.
    await create(key, calendar.id, { ...intro, idempotencyKey: "crm-deal-18" });
    await create(key, calendar.id, intro);
    await create(key, calendar.id, intro);
    expect(await liveGoogleEvents(externalId)).toHaveLength(4);
  });

  it("lists free, declined and all-day events too, marked as such", async () => {
    const { key, calendar } = await hostWith("google");
    await env.google.control.createEvent(ADA, { summary: "Focus", transparency: "transparent", start: { dateTime: "2026-05-06T09:00:00+02:00" }, end: { dateTime: "2026-05-06T10:00:00+02:00" } });
    await env.google.control.createEvent(ADA, {
      summary: "Pitch",
      start: { dateTime: "2026-05-06T11:00:00+02:00" },
      end: { dateTime: "2026-05-06T12:00:00+02:00" },
      attendees: [{ email: "vendor@example.org", organizer: true }, { email: ADA, responseStatus: "declined" }],
    });
    await env.google.control.createEvent(ADA, { summary: "Holiday", start: { date: "2026-05-07" }, end: { date: "2026-05-08" } });
    const { body } = await list(key, calendar.id, "start=2026-05-06&end=2026-05-07");
    expect(body.events.map((e: Record<string, unknown>) => [e.title, e.start, e.allDay, e.showAs, e.selfResponse ?? null])).toEqual([
      ["Focus", "2026-05-06T09:00:00.000+02:00", false, "free", null],
      ["Pitch", "2026-05-06T11:00:00.000+02:00", false, "busy", "declined"],
      ["Holiday", "2026-05-07T00:00:00.000+02:00", true, "busy", null],
    ]);
  });
});

describe("Microsoft calendar", () => {
  it("creates an event with a Teams link (201), lists it, replaces it, deletes it (204)", async () => {
    const { key, calendar, externalId } = await hostWith("microsoft");
    const created = await create(key, calendar.id, { ...intro, conference: "microsoft_teams" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      externalId: expect.any(String),
      title: "Intro call",
      start: "2026-05-04T10:00:00.000+02:00",
      end: "2026-05-04T10:30:00.000+02:00",
      conferenceUrl: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//),
    });
    const listed = await list(key, calendar.id);
    expect(listed.body.events).toEqual([
      expect.objectContaining({ externalId: created.body.externalId, title: "Intro call", location: "Online", start: "2026-05-04T10:00:00.000+02:00", conferenceUrl: created.body.conferenceUrl }),
    ]);

    const moved = await replace(key, calendar.id, created.body.externalId, { ...intro, title: "Intro call (moved)", start: "2026-05-04T14:00:00+02:00", end: "2026-05-04T14:45:00+02:00" });
    expect(moved).toMatchObject({ status: 200, body: { externalId: created.body.externalId, title: "Intro call (moved)", start: "2026-05-04T14:00:00.000+02:00" } });
    const [stored] = (await env.microsoft.control.listStoredEvents(GRACE, externalId)).value;
    expect(stored).toMatchObject({ id: created.body.externalId, subject: "Intro call (moved)", isOnlineMeeting: true });
    expect((await list(key, calendar.id)).body.events.map((e: { start: string; end: string }) => [e.start, e.end])).toEqual([
      ["2026-05-04T14:00:00.000+02:00", "2026-05-04T14:45:00.000+02:00"],
    ]);

    expect((await remove(key, calendar.id, created.body.externalId)).status).toBe(204);
    expect((await env.microsoft.control.listStoredEvents(GRACE, externalId)).value).toEqual([]);
    expect((await remove(key, calendar.id, created.body.externalId)).status).toBe(204);
  });

  it("creates idempotently: the same idempotencyKey twice is one event at the provider", async () => {
    const { key, calendar, externalId } = await hostWith("microsoft");
    const first = await create(key, calendar.id, { ...intro, conference: "microsoft_teams", idempotencyKey: "crm-deal-17" });
    const second = await create(key, calendar.id, { ...intro, conference: "microsoft_teams", idempotencyKey: "crm-deal-17" });
    expect(second.body.externalId).toBe(first.body.externalId);
    expect((await env.microsoft.control.listStoredEvents(GRACE, externalId)).value).toHaveLength(1);
  });
});

describe("refusals", () => {
  it("a meeting link of another provider's kind is 400 on `conference`, before any provider call", async () => {
    const g = await hostWith("google");
    const m = await hostWith("microsoft");
    await env.google.control.clearRequests();
    await env.microsoft.control.clearRequests();
    for (const res of [
      await create(g.key, g.calendar.id, { ...intro, conference: "microsoft_teams" }),
      await create(m.key, m.calendar.id, { ...intro, conference: "google_meet" }),
      await replace(g.key, g.calendar.id, "someevent", { ...intro, conference: "microsoft_teams" }),
    ]) {
      expect(res).toMatchObject({ status: 400, body: { error: { code: "validation_error", details: [{ path: "conference" }] } } });
    }
    expect((await create(g.key, g.calendar.id, { ...intro, conference: "microsoft_teams" })).body.error.message).toBe(
      `Microsoft Teams links can only be added to a Microsoft 365 calendar; “${ADA}” is a Google calendar.`,
    );
    expect(await env.google.control.countRequests({ pathPrefix: "/calendar/v3/" })).toBe(0);
    expect(await env.microsoft.control.countRequests({ pathPrefix: "/v1.0/" })).toBe(0);
  });

  it("a read-only ICS calendar can be listed but not written: 403 with a clear message", async () => {
    const { user, key } = await createHostWithKey(env.t.db, { timeZone: "Europe/Berlin" });
    const connection = await connectIcsFeed(env.t.db, user.id, { provider: "ics", url: feed.url });
    const id = connection.calendars[0].id;
    const listed = await list(key, id);
    expect(listed.body.events).toEqual([
      expect.objectContaining({ externalId: expect.any(String), title: "May Day", start: "2026-05-01T00:00:00.000+02:00", end: "2026-05-02T00:00:00.000+02:00", allDay: true }),
    ]);
    const requests = feed.requestCount;
    for (const res of [
      await create(key, id, intro),
      await replace(key, id, listed.body.events[0].externalId, intro),
      await remove(key, id, listed.body.events[0].externalId),
    ]) {
      expect(res).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: "“Holidays” is read-only: Kairos cannot add, change or delete its events." } } });
    }
    expect(feed.requestCount).toBe(requests);
  });

  it("another host's calendar is 404 on every route, and nothing is written", async () => {
    const { calendar, externalId } = await hostWith("google");
    const { key: otherKey } = await createHostWithKey(env.t.db);
    const [ev] = [await env.google.control.createEvent(ADA, { summary: "Mine", start: { dateTime: "2026-05-04T10:00:00Z" }, end: { dateTime: "2026-05-04T11:00:00Z" } })];
    for (const res of [
      await list(otherKey, calendar.id),
      await create(otherKey, calendar.id, intro),
      await replace(otherKey, calendar.id, ev.id, intro),
      await remove(otherKey, calendar.id, ev.id),
      await list(otherKey, "no-such-calendar"),
    ]) {
      expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found", message: "Calendar was not found." } } });
    }
    expect((await liveGoogleEvents(externalId)).map((e) => e.summary)).toEqual(["Mine"]);
  });

  it.each([
    ["no title", { ...intro, title: " " }, "title"],
    ["an unknown zone", { ...intro, timeZone: "Mars/Olympus" }, "timeZone"],
    ["a time without offset", { ...intro, start: "2026-05-04T10:00:00" }, "start"],
    ["an end before the start", { ...intro, end: "2026-05-04T09:00:00+02:00" }, "end"],
    ["a bad attendee address", { ...intro, attendees: [{ email: "not-an-address" }] }, "attendees.0.email"],
    ["an unknown field", { ...intro, colour: "red" }, undefined],
    ["an unknown conference kind", { ...intro, conference: "zoom" }, "conference"],
  ])("POST refuses %s (400)", async (_name, body, path) => {
    const { key, calendar } = await hostWith("google");
    const res = await create(key, calendar.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    if (path) expect(res.body.error.details.map((d: { path?: string }) => d.path)).toContain(path);
  });

  it("PATCH wants the whole event (title, start, end, timeZone); a window longer than 62 days is refused", async () => {
    const { key, calendar } = await hostWith("google");
    const res = await replace(key, calendar.id, "anyevent", { title: "Only a title" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path?: string }) => d.path).sort()).toEqual(["end", "start", "timeZone"]);
    expect((await replace(key, calendar.id, "anyevent", { ...intro, idempotencyKey: "x" })).status).toBe(400);
    expect((await list(key, calendar.id, "start=2026-05-01&end=2026-08-01")).status).toBe(400);
    expect((await list(key, calendar.id, "start=2026-05-01")).status).toBe(400);
  });
});

describe("provider failures, mapped to HTTP", () => {
  it("an event the provider does not have is 404", async () => {
    const { key, calendar } = await hostWith("google");
    const res = await replace(key, calendar.id, "doesnotexist", intro);
    expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found", details: [{ message: expect.stringMatching(/^Google: /) }] } } });
  });

  it("an account whose grant was revoked is 409: it must be reconnected", async () => {
    const { key, calendar } = await hostWith("google");
    await env.google.control.revokeRefreshTokens({ email: ADA });
    await env.google.control.expireAccessTokens(ADA);
    const res = await create(key, calendar.id, intro);
    expect(res).toMatchObject({
      status: 409,
      body: { error: { code: "conflict", message: "The calendar account needs to be reconnected.", details: [{ message: expect.stringMatching(/invalid_grant/) }] } },
    });
  });

  it("throttling is 429 with the provider's Retry-After", async () => {
    const { key, calendar } = await hostWith("google");
    await env.google.control.injectFault({ method: "GET", path: "/calendar/v3/calendars/*/events", status: 429, retryAfterSeconds: 42 });
    const res = await list(key, calendar.id);
    expect(res).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(res.headers.get("retry-after")).toBe("42");
  });

  it("a provider that is down is 500 server_error saying so; a refused request is 400", async () => {
    const { key, calendar } = await hostWith("microsoft");
    await env.microsoft.control.injectFault({ method: "POST", path: "/v1.0/me/calendars/*/events", status: 500 });
    const down = await create(key, calendar.id, intro);
    expect(down).toMatchObject({ status: 500, body: { error: { code: "server_error", message: "The calendar provider did not answer; try again." } } });
    await env.microsoft.control.injectFault({ method: "POST", path: "/v1.0/me/calendars/*/events", status: 400, reason: "ErrorInvalidRequest", message: "Subject is too long." });
    const refused = await create(key, calendar.id, intro);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: "validation_error", message: "The calendar provider refused the request.", details: [{ message: expect.stringMatching(/Subject is too long/) }] } } });
  });
});

describe.skipIf(!radicaleAvailable())("CalDAV calendar (Radicale)", () => {
  let radicale: RadicaleServer;
  beforeAll(async () => {
    radicale = await startRadicale({ username: "ada", password: "app-specific-5" });
    const made = await fetch(`${radicale.homeUrl}personal/`, {
      method: "MKCALENDAR",
      headers: { authorization: `Basic ${Buffer.from("ada:app-specific-5").toString("base64")}` },
      body: `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Personal</D:displayname></D:prop></D:set></C:mkcalendar>`,
    });
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await radicale?.stop();
  });

  it("creates (idempotently), lists, replaces and deletes in the same shape; no meeting links on CalDAV", async () => {
    const { user, key } = await createHostWithKey(env.t.db, { timeZone: "Europe/Berlin" });
    const connection = await connectCaldavAccount(env.t.db, user.id, { provider: "caldav", serverUrl: radicale.url, username: "ada", password: "app-specific-5" });
    const id = connection.calendars[0].id;

    expect((await create(key, id, { ...intro, conference: "google_meet" })).status).toBe(400);
    const created = await create(key, id, { ...intro, idempotencyKey: "crm-1" });
    expect(created).toMatchObject({ status: 201, body: { externalId: expect.stringMatching(/^kairos-/), title: "Intro call", start: "2026-05-04T10:00:00.000+02:00" } });
    expect((await create(key, id, { ...intro, idempotencyKey: "crm-1" })).body.externalId).toBe(created.body.externalId);

    const listed = await list(key, id);
    expect(listed.body.events).toEqual([
      expect.objectContaining({ externalId: created.body.externalId, title: "Intro call", description: "Agenda: pricing", location: "Online", start: "2026-05-04T10:00:00.000+02:00", end: "2026-05-04T10:30:00.000+02:00" }),
    ]);

    const moved = await replace(key, id, created.body.externalId, { title: "Moved", start: "2026-05-06T08:00:00+02:00", end: "2026-05-06T09:00:00+02:00", timeZone: "Europe/Berlin" });
    expect(moved).toMatchObject({ status: 200, body: { externalId: created.body.externalId, title: "Moved" } });
    const [after] = (await list(key, id)).body.events;
    expect(after).toMatchObject({ title: "Moved", start: "2026-05-06T08:00:00.000+02:00", end: "2026-05-06T09:00:00.000+02:00" });
    expect(after.description).toBeUndefined();
    expect(after.location).toBeUndefined();

    expect((await remove(key, id, created.body.externalId)).status).toBe(204);
    expect((await list(key, id)).body.events).toEqual([]);
  });
});
