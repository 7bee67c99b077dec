/**
 * Connecting CalDAV accounts (against a real Radicale) and ICS feeds (served
 * by a local HTTP server): the 400s a host sees for a wrong password, an
 * unreachable or non-CalDAV address and a broken feed; what is stored; and the
 * reconnect / refresh / error-state paths afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { RADICALE_MISSING_MESSAGE, radicaleAvailable, startRadicale, type RadicaleServer } from "@/test/radicale";
import { rejection } from "@/test/rejection";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { AppError } from "../errors";
import { connectCaldavAccount } from "./connect-caldav-account";
import { connectIcsFeed } from "./connect-ics-feed";
import { openCredentials, sealCredentials } from "./connection-credentials";
import { providerForConnection } from "./provider-for-connection";
import { CalendarProviderError } from "./provider-error";
import { refreshCalendarList } from "./refresh-calendar-list";
import { updateCaldavPassword } from "./update-caldav-password";

let t: TestDatabase;

beforeAll(async () => {
  useCalendarTestEnv();
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const FEED = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Kairos tests//EN",
  "X-WR-CALNAME:Team rota",
  "X-WR-TIMEZONE:Europe/Berlin",
  "BEGIN:VEVENT",
  "UID:standup@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART;TZID=Europe/Berlin:20260504T090000",
  "DTEND;TZID=Europe/Berlin:20260504T093000",
  "RRULE:FREQ=WEEKLY;COUNT=4",
  "SUMMARY:Stand-up",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

describe("ICS feeds", () => {
  let feed: IcsServer;
  beforeAll(async () => {
    feed = await startIcsServer({ body: FEED, path: "/private-7f3a9c/basic.ics" });
  });
  afterAll(() => feed?.stop());

  it("subscribes: one read-only calendar named after the feed, ticked, never the destination; the URL stored only encrypted", async () => {
    const { user } = await createHostWithKey(t.db);
    const before = feed.requestCount;
    const connection = await connectIcsFeed(t.db, user.id, { provider: "ics", url: `  ${feed.url}  ` });
    expect(feed.requestCount).toBe(before + 1);
    expect(connection).toMatchObject({ provider: "ics", label: "Team rota", accountEmail: null, status: "active" });
    expect(connection.calendars).toEqual([
      expect.objectContaining({ name: "Team rota", isPrimary: true, canWrite: false, timeZone: "Europe/Berlin", selectedForConflicts: true, isDestination: false }),
    ]);

    const row = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id }, include: { calendars: true } });
    expect(openCredentials(row)).toEqual({ provider: "ics", url: feed.url });
    for (const value of [row.credentials, row.externalAccountId, row.label, row.calendars[0].externalId]) expect(value).not.toContain("private-7f3a9c");

    // Subscribing again is the same connection.
    const again = await connectIcsFeed(t.db, user.id, { provider: "ics", url: feed.url.replace("http://", "webcal://").replace("webcal://", "http://") });
    expect(again.id).toBe(connection.id);
  });

  it("refuses an address that is not a feed, answers 404, or is no http(s) URL — with a message on `url` and nothing stored", async () => {
    const { user } = await createHostWithKey(t.db);
    const cases: Array<[string, RegExp]> = [
      [`${feed.origin}/missing.ics`, /404/],
      ["ftp://example.com/calendar.ics", /Only http:\/\/, https:\/\/ and webcal:\/\//],
    ];
    for (const [url, message] of cases) {
      const error = await rejection(connectIcsFeed(t.db, user.id, { provider: "ics", url }), AppError);
      expect(error.code).toBe("validation_error");
      expect(error.details).toEqual([{ path: "url", message: expect.stringMatching(message) }]);
    }
    const html = await startIcsServer({ body: "<!doctype html><title>Sign in</title>", contentType: "text/html" });
    try {
      const error = await rejection(connectIcsFeed(t.db, user.id, { provider: "ics", url: html.url }), AppError);
      expect(error.details[0]).toMatchObject({ path: "url" });
    } finally {
      await html.stop();
    }
    expect(await t.db.calendarConnection.count({ where: { userId: user.id } })).toBe(0);
  });

  it("a feed that disappears marks the connection 'error' with the reason; when it is back, 'active' again", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await connectIcsFeed(t.db, user.id, { provider: "ics", url: feed.url });
    const row = () => t.db.calendarConnection.findUniqueOrThrow({ where: { id: dto.id }, include: { calendars: true } });
    const range = { start: Date.parse("2026-05-01T00:00:00Z"), end: Date.parse("2026-06-01T00:00:00Z") };

    const events = await providerForConnection(t.db, await row(), { timeZone: "Europe/Berlin" }).listEvents((await row()).calendars[0].externalId, range);
    expect(events.map((e) => new Date(e.start).toISOString())).toEqual([
      "2026-05-04T07:00:00.000Z",
      "2026-05-11T07:00:00.000Z",
      "2026-05-18T07:00:00.000Z",
      "2026-05-25T07:00:00.000Z",
    ]);

    feed.setFailure({ status: 404 });
    try {
      const error = await providerForConnection(t.db, await row()).listEvents((await row()).calendars[0].externalId, range).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CalendarProviderError);
      expect(await row()).toMatchObject({ status: "error", lastError: (error as Error).message });
      const refreshed = await rejection(refreshCalendarList(t.db, user.id, dto.id), AppError);
      expect(refreshed.status).toBeGreaterThanOrEqual(400);
    } finally {
      feed.setFailure(null);
    }
    expect(await refreshCalendarList(t.db, user.id, dto.id)).toMatchObject({ status: "active", lastError: null });
  });
});

describe.skipIf(!radicaleAvailable())("CalDAV accounts (Radicale)", () => {
  let radicale: RadicaleServer;
  let notCaldav: IcsServer;
  const auth = () => `Basic ${Buffer.from(`${radicale.username}:${radicale.password}`).toString("base64")}`;

  async function makeCalendar(slug: string, name: string): Promise<string> {
    const url = `${radicale.homeUrl}${slug}/`;
    const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`;
    const response = await fetch(url, { method: "MKCALENDAR", headers: { authorization: auth(), "content-type": "application/xml" }, body });
    expect(response.status).toBe(201);
    return url;
  }

  async function deleteCalendar(url: string): Promise<void> {
    const response = await fetch(url, { method: "DELETE", headers: { authorization: auth() } });
    expect(response.ok).toBe(true);
  }

  beforeAll(async () => {
    radicale = await startRadicale({ username: "alice", password: "app-password-1" });
    notCaldav = await startIcsServer({ body: "hello", path: "/", contentType: "text/plain" });
    await makeCalendar("home", "Home");
    await makeCalendar("work", "Work");
  });
  afterAll(async () => {
    await radicale?.stop();
    await notCaldav?.stop();
  });

  const input = () => ({ provider: "caldav" as const, serverUrl: radicale.url, username: radicale.username, password: radicale.password });

  it("tells a wrong password, an unreachable server and a non-CalDAV address apart, storing nothing", async () => {
    const { user } = await createHostWithKey(t.db);
    const wrong = await rejection(connectCaldavAccount(t.db, user.id, { ...input(), password: "nope" }), AppError);
    expect(wrong).toMatchObject({ code: "validation_error", details: [{ path: "password", message: expect.stringMatching(/rejected this user name and password/) }] });
    expect(wrong.message).toMatch(/app-specific password/);

    const unreachable = await rejection(connectCaldavAccount(t.db, user.id, { ...input(), serverUrl: "http://127.0.0.1:9/" }), AppError);
    expect(unreachable.details).toEqual([{ path: "serverUrl", message: expect.stringMatching(/Could not reach 127\.0\.0\.1:9/) }]);

    const foreign = await rejection(connectCaldavAccount(t.db, user.id, { ...input(), serverUrl: notCaldav.url }), AppError);
    expect(foreign.details).toEqual([{ path: "serverUrl", message: expect.stringMatching(/does not look like a CalDAV server/) }]);

    expect(await t.db.calendarConnection.count({ where: { userId: user.id } })).toBe(0);
  });

  it("connects: calendars listed, the first writable one primary, ticked and the destination; the password stored encrypted", async () => {
    const { user } = await createHostWithKey(t.db);
    const connection = await connectCaldavAccount(t.db, user.id, input());
    expect(connection).toMatchObject({ provider: "caldav", label: `alice · ${new URL(radicale.url).host}`, accountEmail: null, status: "active" });
    expect(connection.calendars.map((c) => c.name).sort()).toEqual(["Home", "Work"]);
    const primary = connection.calendars.filter((c) => c.isPrimary);
    expect(primary).toHaveLength(1);
    expect(primary[0]).toMatchObject({ canWrite: true, selectedForConflicts: true, isDestination: true });
    expect(connection.calendars.filter((c) => c.selectedForConflicts)).toHaveLength(1);

    const row = await t.db.calendarConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.credentials).not.toContain(radicale.password);
    expect(openCredentials(row)).toMatchObject({ provider: "caldav", username: "alice", password: radicale.password });
  });

  it("refresh adds new calendars unticked, drops deleted ones (event types fall back), keeps the host's choices", async () => {
    const { user } = await createHostWithKey(t.db);
    const extra = await makeCalendar(`extra-${Date.now()}`, "Extra");
    const connection = await connectCaldavAccount(t.db, user.id, input());
    const extraCalendar = await t.db.connectedCalendar.findFirstOrThrow({ where: { connectionId: connection.id, externalId: extra } });
    const work = connection.calendars.find((c) => c.name === "Work")!;
    await t.db.connectedCalendar.update({ where: { id: work.id }, data: { selectedForConflicts: true } });
    const eventType = await t.db.eventType.create({
      data: { userId: user.id, slug: "intro", title: "Intro", durationMinutes: 30, locationType: "phone", locationValue: "+49 30 1234", destinationCalendarId: extraCalendar.id },
    });

    await deleteCalendar(extra);
    const later = await makeCalendar(`later-${Date.now()}`, "Later");
    const refreshed = await refreshCalendarList(t.db, user.id, connection.id);

    expect(refreshed.calendars.map((c) => c.name).sort()).toEqual(["Home", "Later", "Work"]);
    expect(refreshed.calendars.find((c) => c.name === "Work")).toMatchObject({ id: work.id, selectedForConflicts: true });
    expect(refreshed.calendars.find((c) => c.name === "Later")).toMatchObject({ selectedForConflicts: false, isDestination: false });
    expect((await t.db.eventType.findUniqueOrThrow({ where: { id: eventType.id } })).destinationCalendarId).toBeNull();
    await deleteCalendar(later);
  });

  it("a password that stopped working asks for a reconnect; the new password is checked, then stored", async () => {
    const { user } = await createHostWithKey(t.db);
    const dto = await connectCaldavAccount(t.db, user.id, input());
    const row = () => t.db.calendarConnection.findUniqueOrThrow({ where: { id: dto.id } });
    // As if the app-specific password had been revoked at the provider.
    await t.db.calendarConnection.update({
      where: { id: dto.id },
      data: { credentials: sealCredentials(dto.id, { provider: "caldav", serverUrl: radicale.url, username: "alice", password: "revoked" }) },
    });

    const error = await providerForConnection(t.db, await row()).listCalendars().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "auth" });
    expect(await row()).toMatchObject({ status: "needs_reconnect" });

    const stillWrong = await rejection(updateCaldavPassword(t.db, user.id, dto.id, { password: "also wrong" }), AppError);
    expect(stillWrong.details[0]).toMatchObject({ path: "password" });
    expect((await row()).status).toBe("needs_reconnect");

    const { user: other } = await createHostWithKey(t.db);
    expect((await rejection(updateCaldavPassword(t.db, other.id, dto.id, { password: radicale.password }), AppError)).code).toBe("not_found");

    const fixed = await updateCaldavPassword(t.db, user.id, dto.id, { password: radicale.password });
    expect(fixed).toMatchObject({ id: dto.id, status: "active", lastError: null });
    expect(openCredentials(await row())).toMatchObject({ password: radicale.password });
  });
});

// Said once, by name, when the suite above cannot run.
if (!radicaleAvailable()) it.skip(RADICALE_MISSING_MESSAGE, () => {});
