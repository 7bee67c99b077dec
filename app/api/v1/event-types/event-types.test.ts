import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { listPublicEventTypes } from "@/lib/users/list-public-event-types";
import { GET as listSchedulesRoute } from "../schedules/route";
import * as item from "./[id]/route";
import * as collection from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const intro = {
  slug: "intro",
  title: "Intro call",
  durationMinutes: 30,
  location: { type: "link", value: "https://meet.example.com/ada" },
};

describe("GET/POST /api/v1/event-types", () => {
  it("answers 401 without credentials", async () => {
    expect((await call(collection.GET, "GET")).status).toBe(401);
    expect((await call(collection.POST, "POST", { body: intro })).status).toBe(401);
  });

  it("creates an event type (201) with the documented defaults", async () => {
    const { key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body: { ...intro, slug: "  Intro " } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      slug: "intro",
      title: "Intro call",
      description: "",
      durationMinutes: 30,
      location: { type: "link", value: "https://meet.example.com/ada" },
      scheduleId: null,
      minimumNoticeMinutes: 120,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      durationOptions: [30],
      slotIntervalMinutes: null,
      alignStartsTo: "interval",
      bookingWindow: { type: "rolling", days: 60 },
      bookingWindowDays: 60,
      limits: {},
      hidden: false,
      destinationCalendarId: null,
      seatsPerSlot: null,
    });
    const list = await call(collection.GET, "GET", { key });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([res.body]);
  });

  it("stores every field given", async () => {
    const { key } = await createHostWithKey(t.db);
    const [schedule] = (await call(listSchedulesRoute, "GET", { key })).body;
    const body = {
      slug: "workshop",
      title: "Workshop",
      description: "Bring questions.",
      durationMinutes: 90,
      location: { type: "in_person", value: "Alexanderplatz 1, Berlin" },
      scheduleId: schedule.id,
      minimumNoticeMinutes: 1440,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 10,
      durationOptions: [60, 90, 120],
      slotIntervalMinutes: 30,
      alignStartsTo: "hour",
      bookingWindow: { type: "calendar_days", days: 14 },
      bookingWindowDays: null,
      limits: { perDay: { count: 2 }, perWeek: { count: 5, minutes: 360 }, perMonth: { minutes: 1200 } },
      hidden: true,
      destinationCalendarId: null,
      seatsPerSlot: 12,
    };
    const res = await call(collection.POST, "POST", { key, body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), ...body });
    const row = await t.db.eventType.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ locationType: "in_person", locationValue: "Alexanderplatz 1, Berlin" });
  });

  it.each([
    ["a bad slug", { slug: "Not a slug!" }, "slug", /lower-case/],
    ["a slug starting with a hyphen", { slug: "-intro" }, "slug", /lower-case/],
    ["a negative buffer", { bufferBeforeMinutes: -5 }, "bufferBeforeMinutes", /Buffer before cannot be negative/],
    ["a huge buffer", { bufferAfterMinutes: 100_000 }, "bufferAfterMinutes", /at most 720 minutes/],
    ["fractional minutes", { bufferAfterMinutes: 2.5 }, "bufferAfterMinutes", /whole minutes/],
    ["a too short meeting", { durationMinutes: 1 }, "durationMinutes", /at least 5/],
    ["a duration given as text", { durationMinutes: "30" }, "durationMinutes", /number of minutes/],
    ["a meeting link that is not a URL", { location: { type: "link", value: "zoom me" } }, "location.value", /http/],
    ["an unknown location type", { location: { type: "carrier-pigeon", value: "x" } }, "location.type", /./],
    ["a booking window of zero days", { bookingWindowDays: 0 }, "bookingWindowDays", /at least 1 day/],
    ["a missing title", { title: undefined }, "title", /./],
    ["duration options without the default", { durationOptions: [15, 60] }, "durationOptions", /Include the default duration \(30 min\)/],
    ["a duration option twice", { durationOptions: [30, 60, 60] }, "durationOptions.2", /listed twice/],
    ["a too short duration option", { durationOptions: [2, 30] }, "durationOptions.0", /at least 5/],
    ["too many duration options", { durationOptions: [5, 10, 15, 20, 25, 30, 35, 40, 45] }, "durationOptions", /at most 8/],
    ["duration options that are not a list", { durationOptions: "15,30" }, "durationOptions", /minutes/],
    ["a slot interval under 5 minutes", { slotIntervalMinutes: 3 }, "slotIntervalMinutes", /at least 5 minutes apart/],
    ["an unknown start alignment", { alignStartsTo: "minute" }, "alignStartsTo", /"interval".*"hour"/],
    ["an unknown booking window type", { bookingWindow: { type: "weeks", days: 2 } }, "bookingWindow.type", /rolling/],
    ["a calendar window of zero days", { bookingWindow: { type: "calendar_days", days: 0 } }, "bookingWindow.days", /at least 1 day/],
    ["a date range ending before it starts", { bookingWindow: { type: "range", start: "2026-12-10", end: "2026-12-01" } }, "bookingWindow.end", /on or after/],
    ["a date range with an impossible date", { bookingWindow: { type: "range", start: "2026-02-30", end: "2026-03-10" } }, "bookingWindow.start", /real date/],
    ["bookingWindowDays disagreeing with bookingWindow", { bookingWindow: { type: "rolling", days: 30 }, bookingWindowDays: 60 }, "bookingWindowDays", /disagrees/],
    ["a daily count of zero", { limits: { perDay: { count: 0 } } }, "limits.perDay.count", /at least 1 booking per day/],
    ["fractional weekly minutes", { limits: { perWeek: { minutes: 90.5 } } }, "limits.perWeek.minutes", /whole minutes/],
    ["a minutes limit below the shortest meeting", { limits: { perDay: { minutes: 20 } } }, "limits.perDay.minutes", /shortest meeting \(30 min\)/],
    ["an unknown limit period", { limits: { perYear: { count: 3 } } }, "limits", /perYear/],
    ["an unknown key inside a limit", { limits: { perDay: { bookings: 3 } } }, "limits.perDay", /bookings/],
    ["zero seats", { seatsPerSlot: 0 }, "seatsPerSlot", /at least 1 seat/],
    ["fractional seats", { seatsPerSlot: 2.5 }, "seatsPerSlot", /whole number of guests/],
    ["too many seats", { seatsPerSlot: 5000 }, "seatsPerSlot", /At most 1000 seats/],
    ["seats given as text", { seatsPerSlot: "4" }, "seatsPerSlot", /number of guests/],
  ])("rejects %s with 400 and a detail on the field", async (_label, patch, path, message) => {
    const { user, key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body: { ...intro, ...patch } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    const detail = res.body.error.details.find((d: { path?: string }) => d.path === path);
    expect(detail, JSON.stringify(res.body.error.details)).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(await t.db.eventType.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers 409 conflict on a slug the host already uses (other hosts may use it)", async () => {
    const ada = await createHostWithKey(t.db);
    const bob = await createHostWithKey(t.db);
    expect((await call(collection.POST, "POST", { key: ada.key, body: intro })).status).toBe(201);
    const dup = await call(collection.POST, "POST", { key: ada.key, body: { ...intro, slug: "INTRO", title: "Other" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");
    expect(dup.body.error.details).toEqual([{ path: "slug", message: expect.stringMatching(/intro/) }]);
    expect((await call(collection.POST, "POST", { key: bob.key, body: intro })).status).toBe(201);
  });

  it("rejects a schedule of another user (400 on scheduleId)", async () => {
    const ada = await createHostWithKey(t.db);
    const bob = await createHostWithKey(t.db);
    const [bobsSchedule] = (await call(listSchedulesRoute, "GET", { key: bob.key })).body;
    const res = await call(collection.POST, "POST", { key: ada.key, body: { ...intro, scheduleId: bobsSchedule.id } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details).toEqual([{ path: "scheduleId", message: expect.stringMatching(/schedule/) }]);
    expect((await call(collection.POST, "POST", { key: ada.key, body: { ...intro, scheduleId: "nope" } })).status).toBe(400);
  });
});

describe("GET/PATCH/DELETE /api/v1/event-types/{id}", () => {
  async function hostWithEventType() {
    const host = await createHostWithKey(t.db);
    const created = (await call(collection.POST, "POST", { key: host.key, body: { ...intro, bufferAfterMinutes: 5 } })).body;
    return { ...host, created };
  }

  it("reads one event type", async () => {
    const { key, created } = await hostWithEventType();
    const res = await call(item.GET, "GET", { key, id: created.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it("PATCH changes only the given fields", async () => {
    const { key, created } = await hostWithEventType();
    const res = await call(item.PATCH, "PATCH", { key, id: created.id, body: { title: "Quick intro", durationMinutes: 15 } });
    expect(res.status).toBe(200);
    // A single-duration event type: its one option follows the default.
    expect(res.body).toEqual({ ...created, title: "Quick intro", durationMinutes: 15, durationOptions: [15] });

    const moved = await call(item.PATCH, "PATCH", { key, id: created.id, body: { location: { type: "phone", value: "+1 555 0100" }, hidden: true } });
    expect(moved.body).toEqual({ ...created, title: "Quick intro", durationMinutes: 15, durationOptions: [15], location: { type: "phone", value: "+1 555 0100" }, hidden: true });

    const empty = await call(item.PATCH, "PATCH", { key, id: created.id, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(moved.body);
  });

  it("PATCH turns seats on and off (1 seat is stored as null: one guest per meeting)", async () => {
    const { key, created } = await hostWithEventType();
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { seatsPerSlot: 5 } })).body).toMatchObject({ seatsPerSlot: 5 });
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { title: "Renamed" } })).body).toMatchObject({ seatsPerSlot: 5 });
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { seatsPerSlot: 1 } })).body).toMatchObject({ seatsPerSlot: null });
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { seatsPerSlot: 3 } })).body).toMatchObject({ seatsPerSlot: 3 });
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { seatsPerSlot: null } })).body).toMatchObject({ seatsPerSlot: null });
    const bad = await call(item.PATCH, "PATCH", { key, id: created.id, body: { seatsPerSlot: -2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: "seatsPerSlot" })]);
  });

  it("PATCH sets and clears the schedule, and validates like POST", async () => {
    const { key, created } = await hostWithEventType();
    const [schedule] = (await call(listSchedulesRoute, "GET", { key })).body;
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { scheduleId: schedule.id } })).body.scheduleId).toBe(schedule.id);
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { scheduleId: null } })).body.scheduleId).toBeNull();

    const other = await createHostWithKey(t.db);
    const [foreign] = (await call(listSchedulesRoute, "GET", { key: other.key })).body;
    const bad = await call(item.PATCH, "PATCH", { key, id: created.id, body: { scheduleId: foreign.id } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("scheduleId");

    const negative = await call(item.PATCH, "PATCH", { key, id: created.id, body: { bufferBeforeMinutes: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe("bufferBeforeMinutes");
    expect((await call(item.GET, "GET", { key, id: created.id })).body.bufferBeforeMinutes).toBe(0);
  });

  it("PATCH keeps the default among the duration options", async () => {
    const { key, created } = await hostWithEventType();
    const offered = await call(item.PATCH, "PATCH", { key, id: created.id, body: { durationOptions: [15, 30, 60] } });
    expect(offered.status).toBe(200);
    expect(offered.body.durationOptions).toEqual([15, 30, 60]);
    // Another of the options may become the default …
    const switched = await call(item.PATCH, "PATCH", { key, id: created.id, body: { durationMinutes: 60 } });
    expect(switched.body).toMatchObject({ durationMinutes: 60, durationOptions: [15, 30, 60] });
    // … but not a length that is not one of them, nor options without the default.
    const outside = await call(item.PATCH, "PATCH", { key, id: created.id, body: { durationMinutes: 45 } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ path: "durationMinutes", message: expect.stringMatching(/45 min is not one of the duration options \(15, 30, 60 min\)/) }]);
    const dropped = await call(item.PATCH, "PATCH", { key, id: created.id, body: { durationOptions: [15, 30] } });
    expect(dropped.status).toBe(400);
    expect(dropped.body.error.details[0].path).toBe("durationOptions");
    // Both together is fine; back to one duration.
    const single = await call(item.PATCH, "PATCH", { key, id: created.id, body: { durationMinutes: 45, durationOptions: [45] } });
    expect(single.body).toMatchObject({ durationMinutes: 45, durationOptions: [45] });
    // A minutes limit is checked against the options as they will be.
    const limited = await call(item.PATCH, "PATCH", { key, id: created.id, body: { limits: { perDay: { minutes: 40 } } } });
    expect(limited.status).toBe(400);
    expect(limited.body.error.details[0].path).toBe("limits.perDay.minutes");
    expect((await call(item.GET, "GET", { key, id: created.id })).body).toMatchObject({ durationMinutes: 45, limits: {} });
  });

  it("PATCH sets each kind of booking window; bookingWindowDays alone means rolling", async () => {
    const { key, created } = await hostWithEventType();
    const range = await call(item.PATCH, "PATCH", { key, id: created.id, body: { bookingWindow: { type: "range", start: "2026-12-01", end: "2026-12-24" } } });
    expect(range.status).toBe(200);
    expect(range.body).toMatchObject({ bookingWindow: { type: "range", start: "2026-12-01", end: "2026-12-24" }, bookingWindowDays: null });
    const calendar = await call(item.PATCH, "PATCH", { key, id: created.id, body: { bookingWindow: { type: "calendar_days", days: 10 } } });
    expect(calendar.body).toMatchObject({ bookingWindow: { type: "calendar_days", days: 10 }, bookingWindowDays: null });
    const legacy = await call(item.PATCH, "PATCH", { key, id: created.id, body: { bookingWindowDays: 21 } });
    expect(legacy.body).toMatchObject({ bookingWindow: { type: "rolling", days: 21 }, bookingWindowDays: 21 });
    const row = await t.db.eventType.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ bookingWindowType: "rolling", bookingWindowDays: 21, bookingWindowStart: null, bookingWindowEnd: null });
  });

  it("PATCH with the whole DTO sent back changes nothing; limits and alignment are replaced and cleared", async () => {
    const { key, created } = await hostWithEventType();
    const set = await call(item.PATCH, "PATCH", {
      key,
      id: created.id,
      body: { limits: { perDay: { count: 3, minutes: null }, perWeek: null }, alignStartsTo: "hour", slotIntervalMinutes: 15 },
    });
    expect(set.body).toMatchObject({ limits: { perDay: { count: 3 } }, alignStartsTo: "hour", slotIntervalMinutes: 15 });
    const { id: _id, ...dto } = set.body;
    const same = await call(item.PATCH, "PATCH", { key, id: created.id, body: dto });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(set.body);
    const cleared = await call(item.PATCH, "PATCH", { key, id: created.id, body: { limits: {}, slotIntervalMinutes: null, alignStartsTo: "interval" } });
    expect(cleared.body).toMatchObject({ limits: {}, slotIntervalMinutes: null, alignStartsTo: "interval" });
  });

  it("PATCH to a slug in use answers 409 on slug", async () => {
    const { key, created } = await hostWithEventType();
    await call(collection.POST, "POST", { key, body: { ...intro, slug: "deep-dive" } });
    const res = await call(item.PATCH, "PATCH", { key, id: created.id, body: { slug: "deep-dive" } });
    expect(res.status).toBe(409);
    expect(res.body.error.details[0].path).toBe("slug");
    expect((await call(item.PATCH, "PATCH", { key, id: created.id, body: { slug: "intro" } })).status).toBe(200);
  });

  it("answers 404 for another user's event type on every verb", async () => {
    const owner = await hostWithEventType();
    const other = await createHostWithKey(t.db);
    for (const [handler, method, body] of [
      [item.GET, "GET", undefined],
      [item.PATCH, "PATCH", { title: "Mine now" }],
      [item.DELETE, "DELETE", undefined],
    ] as const) {
      const res = await call(handler, method, { key: other.key, id: owner.created.id, body });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await call(item.GET, "GET", { key: owner.key, id: owner.created.id })).body).toEqual(owner.created);
  });

  it("DELETE answers 204 with an empty body; the event type is gone", async () => {
    const { key, created } = await hostWithEventType();
    const res = await call(item.DELETE, "DELETE", { key, id: created.id });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await call(item.GET, "GET", { key, id: created.id })).status).toBe(404);
    expect((await call(item.DELETE, "DELETE", { key, id: created.id })).status).toBe(404);
  });
});

describe("listPublicEventTypes", () => {
  it("shows the host and their visible event types, without location details", async () => {
    const { user, key } = await createHostWithKey(t.db, { username: "public-host", timeZone: "Europe/Lisbon" });
    await call(collection.POST, "POST", { key, body: intro });
    await call(collection.POST, "POST", { key, body: { ...intro, slug: "secret", hidden: true } });
    const profile = await listPublicEventTypes(t.db, "Public-Host");
    expect(profile).toEqual({
      host: { name: user.name, username: "public-host", timeZone: "Europe/Lisbon" },
      eventTypes: [{ id: expect.any(String), slug: "intro", title: "Intro call", description: "", durationMinutes: 30, durationOptions: [30], locationType: "link" }],
    });
  });

  it("answers not_found for an unknown username", async () => {
    await expect(listPublicEventTypes(t.db, "nobody-here")).rejects.toMatchObject({ code: "not_found", message: "User was not found." });
  });
});
