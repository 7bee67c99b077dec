/**
 * The connected-calendars API v1 through its route handlers: connections
 * (CalDAV against Radicale, ICS against a local feed server), calendars,
 * calendar settings — auth, scoping, validation, and that no answer ever
 * carries a password, token or feed URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { startIcsServer, type IcsServer } from "@/test/ics-server";
import { radicaleAvailable, startRadicale, type RadicaleServer } from "@/test/radicale";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import * as calendarItem from "../calendars/[id]/route";
import * as calendars from "../calendars/route";
import * as settings from "../calendar-settings/route";
import * as item from "./[id]/route";
import * as refresh from "./[id]/refresh/route";
import * as collection from "./route";

const FEED = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Kairos tests//EN",
  "X-WR-CALNAME:School holidays",
  "BEGIN:VEVENT",
  "UID:autumn@example.com",
  "DTSTAMP:20260101T000000Z",
  "DTSTART;VALUE=DATE:20261019",
  "DTEND;VALUE=DATE:20261031",
  "SUMMARY:Autumn break",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

let t: TestDatabase;
let feed: IcsServer;
let radicale: RadicaleServer | undefined;
const SECRET_PATH = "/feeds/token-4c1d2e9f/basic.ics";

beforeAll(async () => {
  useCalendarTestEnv();
  t = await createTestDatabase();
  feed = await startIcsServer({ body: FEED, path: SECRET_PATH });
  if (radicaleAvailable()) {
    radicale = await startRadicale({ username: "ada", password: "app-specific-9" });
    const url = `${radicale.homeUrl}personal/`;
    const response = await fetch(url, {
      method: "MKCALENDAR",
      headers: { authorization: `Basic ${Buffer.from("ada:app-specific-9").toString("base64")}` },
      body: `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Personal</D:displayname></D:prop></D:set></C:mkcalendar>`,
    });
    expect(response.status).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
  await feed?.stop();
  await radicale?.stop();
});

/** Every answer of these routes is checked for leaked secrets. */
function noSecrets(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of ["token-4c1d2e9f", "app-specific-9", "v1."]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/"(credentials|password|accessToken|refreshToken|url|serverUrl|externalAccountId)"/);
}

describe("authentication", () => {
  it("answers 401 without credentials on every route", async () => {
    const results = await Promise.all([
      call(collection.GET, "GET"),
      call(collection.POST, "POST", { body: { provider: "ics", url: feed.url } }),
      call(item.DELETE, "DELETE", { id: "x" }),
      call(item.PATCH, "PATCH", { id: "x", body: { password: "p" } }),
      call(refresh.POST, "POST", { id: "x" }),
      call(calendars.GET, "GET"),
      call(calendarItem.PATCH, "PATCH", { id: "x", body: { selectedForConflicts: true } }),
      call(settings.GET, "GET"),
      call(settings.PATCH, "PATCH", { body: { allDayEventsBlock: false } }),
    ]);
    for (const result of results) expect(result).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });
});

describe("ICS feeds", () => {
  it("POST subscribes (201), GET lists, PATCH ticks, refresh re-reads, DELETE disconnects (204)", async () => {
    const { key } = await createHostWithKey(t.db);
    const created = await call(collection.POST, "POST", { key, body: { provider: "ics", url: feed.url.replace("http://", "webcal://").replace("webcal://", "http://") } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      provider: "ics",
      label: "School holidays",
      accountEmail: null,
      status: "active",
      lastError: null,
      lastErrorAt: null,
      createdAt: expect.any(String),
      calendars: [
        {
          id: expect.any(String),
          connectionId: created.body.id,
          provider: "ics",
          name: "School holidays",
          isPrimary: true,
          canWrite: false,
          timeZone: null,
          color: null,
          selectedForConflicts: true,
          isDestination: false,
        },
      ],
    });
    noSecrets(created.body);

    const list = await call(collection.GET, "GET", { key });
    expect(list).toMatchObject({ status: 200, body: [created.body] });
    noSecrets(list.body);
    const cals = await call(calendars.GET, "GET", { key });
    expect(cals.body).toEqual(created.body.calendars);

    const calendarId = created.body.calendars[0].id;
    const unticked = await call(calendarItem.PATCH, "PATCH", { key, id: calendarId, body: { selectedForConflicts: false } });
    expect(unticked).toMatchObject({ status: 200, body: { id: calendarId, selectedForConflicts: false } });
    const readOnly = await call(calendarItem.PATCH, "PATCH", { key, id: calendarId, body: { isDestination: true } });
    expect(readOnly).toMatchObject({ status: 400, body: { error: { code: "validation_error", details: [{ path: "isDestination" }] } } });

    const refreshed = await call(refresh.POST, "POST", { key, id: created.body.id });
    expect(refreshed).toMatchObject({ status: 200, body: { id: created.body.id, status: "active" } });
    expect(refreshed.body.calendars[0]).toMatchObject({ id: calendarId, selectedForConflicts: false });
    noSecrets(refreshed.body);

    const deleted = await call(item.DELETE, "DELETE", { key, id: created.body.id });
    expect(deleted).toMatchObject({ status: 204, body: null });
    expect((await call(collection.GET, "GET", { key })).body).toEqual([]);
    expect((await call(item.DELETE, "DELETE", { key, id: created.body.id })).status).toBe(404);
  });

  it("a feed that fails on refresh answers an error and the list shows why", async () => {
    const { key } = await createHostWithKey(t.db);
    const created = await call(collection.POST, "POST", { key, body: { provider: "ics", url: feed.url } });
    feed.setFailure({ status: 410 });
    try {
      const refreshed = await call(refresh.POST, "POST", { key, id: created.body.id });
      expect(refreshed).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
      expect(refreshed.body.error.message).toMatch(/^School holidays could not be read: .*410/);
      noSecrets(refreshed.body);
      const [listed] = (await call(collection.GET, "GET", { key })).body;
      expect(listed).toMatchObject({ status: "error", lastError: expect.stringMatching(/410/), lastErrorAt: expect.any(String) });
      noSecrets(listed);
    } finally {
      feed.setFailure(null);
    }
  });
});

describe("validation", () => {
  it.each([
    ["no provider", { url: "https://example.com/a.ics" }, /provider is "caldav" or "ics"/],
    ["Google (a browser flow)", { provider: "google" }, /provider is "caldav" or "ics"/],
    ["an ICS feed without url", { provider: "ics" }, /Enter the feed address/],
    ["CalDAV without password", { provider: "caldav", serverUrl: "https://dav.example.com", username: "ada" }, /Enter the password/],
    ["CalDAV without username", { provider: "caldav", serverUrl: "https://dav.example.com", username: " ", password: "x" }, /Enter the username/],
  ])("POST /connections refuses %s (400)", async (_name, body, message) => {
    const { key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.map((d: { message: string }) => d.message).join("\n")).toMatch(message);
  });

  it("refuses malformed JSON, an unknown PATCH field and an empty PATCH", async () => {
    const { key } = await createHostWithKey(t.db);
    expect((await call(collection.POST, "POST", { key, body: "{nope" })).status).toBe(400);
    const created = await call(collection.POST, "POST", { key, body: { provider: "ics", url: feed.url } });
    const id = created.body.calendars[0].id;
    expect((await call(calendarItem.PATCH, "PATCH", { key, id, body: { name: "x" } })).status).toBe(400);
    expect((await call(calendarItem.PATCH, "PATCH", { key, id, body: {} })).status).toBe(400);
    expect((await call(calendarItem.PATCH, "PATCH", { key, id, body: { selectedForConflicts: "yes" } })).status).toBe(400);
    expect((await call(settings.PATCH, "PATCH", { key, body: { allDayEventsBlock: 1 } })).status).toBe(400);
    // A password for a feed makes no sense.
    expect((await call(item.PATCH, "PATCH", { key, id: created.body.id, body: { password: "x" } })).status).toBe(400);
  });
});

describe("scoping", () => {
  it("another host's connection and calendars answer 404 and are left alone", async () => {
    const { key } = await createHostWithKey(t.db);
    const { key: otherKey } = await createHostWithKey(t.db);
    const created = await call(collection.POST, "POST", { key, body: { provider: "ics", url: feed.url } });
    const calendarId = created.body.calendars[0].id;

    expect((await call(collection.GET, "GET", { key: otherKey })).body).toEqual([]);
    expect((await call(calendars.GET, "GET", { key: otherKey })).body).toEqual([]);
    for (const res of [
      await call(item.DELETE, "DELETE", { key: otherKey, id: created.body.id }),
      await call(item.PATCH, "PATCH", { key: otherKey, id: created.body.id, body: { password: "x" } }),
      await call(refresh.POST, "POST", { key: otherKey, id: created.body.id }),
      await call(calendarItem.PATCH, "PATCH", { key: otherKey, id: calendarId, body: { selectedForConflicts: false } }),
    ]) {
      expect(res).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    }
    expect((await call(collection.GET, "GET", { key })).body).toEqual([created.body]);
  });
});

describe("calendar settings", () => {
  it("all-day events block by default; the host can turn that off", async () => {
    const { key } = await createHostWithKey(t.db);
    expect(await call(settings.GET, "GET", { key })).toMatchObject({ status: 200, body: { allDayEventsBlock: true } });
    expect(await call(settings.PATCH, "PATCH", { key, body: { allDayEventsBlock: false } })).toMatchObject({ status: 200, body: { allDayEventsBlock: false } });
    expect((await call(settings.GET, "GET", { key })).body).toEqual({ allDayEventsBlock: false });
  });
});

describe.skipIf(!radicaleAvailable())("CalDAV accounts (Radicale)", () => {
  it("POST connects (201) with the password never echoed; a wrong password is a 400 on `password`", async () => {
    const { key } = await createHostWithKey(t.db);
    const wrong = await call(collection.POST, "POST", { key, body: { provider: "caldav", serverUrl: radicale!.url, username: "ada", password: "wrong" } });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: "validation_error", details: [{ path: "password" }] } } });
    expect(JSON.stringify(wrong.body)).not.toContain("wrong\"");

    const created = await call(collection.POST, "POST", { key, body: { provider: "caldav", serverUrl: radicale!.url, username: "ada", password: "app-specific-9" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: "caldav", status: "active", calendars: [expect.objectContaining({ name: "Personal", canWrite: true, isDestination: true })] });
    noSecrets(created.body);

    // Re-entering the password (the reconnect form) checks it with the server first.
    const badPatch = await call(item.PATCH, "PATCH", { key, id: created.body.id, body: { password: "nope" } });
    expect(badPatch).toMatchObject({ status: 400, body: { error: { details: [{ path: "password" }] } } });
    const patched = await call(item.PATCH, "PATCH", { key, id: created.body.id, body: { password: "app-specific-9" } });
    expect(patched).toMatchObject({ status: 200, body: { id: created.body.id, status: "active" } });
    noSecrets(patched.body);
  });
});
