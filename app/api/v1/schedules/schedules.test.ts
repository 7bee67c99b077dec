import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { createApiKey } from "@/lib/auth/api-keys";
import { POST as createEventTypeRoute } from "../event-types/route";
import * as item from "./[id]/route";
import * as collection from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const weekday = [
  { day: "monday", start: "09:00", end: "12:00" },
  { day: "monday", start: "13:00", end: "17:00" },
  { day: "friday", start: "10:00", end: "24:00" },
];

async function defaults(userId: string) {
  return t.db.schedule.findMany({ where: { userId, isDefault: true }, select: { id: true } });
}

describe("GET/POST /api/v1/schedules", () => {
  it("answers 401 without credentials, and with an unknown key", async () => {
    expect((await call(collection.GET, "GET")).status).toBe(401);
    const res = await call(collection.POST, "POST", { body: { name: "x" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    expect((await call(collection.GET, "GET", { key: "kai_not-a-real-key" })).status).toBe(401);
  });

  it("lists the default schedule every new host starts with", async () => {
    const { key } = await createHostWithKey(t.db, { timeZone: "America/New_York" });
    const res = await call(collection.GET, "GET", { key });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ name: "Working hours", timeZone: "America/New_York", isDefault: true, overrides: [] });
    expect(res.body[0].weekly).toContainEqual({ day: "monday", start: "09:00", end: "17:00" });
    expect(Object.keys(res.body[0]).sort()).toEqual(["id", "isDefault", "name", "overrides", "timeZone", "weekly"]);
  });

  it("creates a schedule (201) that is not the default unless asked", async () => {
    const { user, key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", {
      key,
      body: { name: "  Evenings ", timeZone: "Asia/Tokyo", weekly: weekday, overrides: [{ date: "2026-12-24", intervals: [] }] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: "Evenings",
      timeZone: "Asia/Tokyo",
      isDefault: false,
      weekly: weekday,
      overrides: [{ date: "2026-12-24", intervals: [] }],
    });
    expect(await defaults(user.id)).toHaveLength(1);
    const list = await call(collection.GET, "GET", { key });
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(["Working hours", "Evenings"]);
  });

  it("moves the default when a new schedule is created with isDefault: true", async () => {
    const { user, key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body: { name: "New default", timeZone: "UTC", weekly: weekday, isDefault: true } });
    expect(res.status).toBe(201);
    expect(res.body.isDefault).toBe(true);
    expect(await defaults(user.id)).toEqual([{ id: res.body.id }]);
    const list = await call(collection.GET, "GET", { key });
    expect(list.body[0]).toMatchObject({ id: res.body.id, isDefault: true });
    expect(list.body.filter((s: { isDefault: boolean }) => s.isDefault)).toHaveLength(1);
  });

  it("makes the first schedule of a user without one the default", async () => {
    const user = await t.db.user.create({ data: { email: "bare@example.com", name: "Bare", username: "bare-host" } });
    const { key } = await createApiKey(t.db, user.id, "t");
    const res = await call(collection.POST, "POST", { key, body: { name: "Only", timeZone: "UTC", weekly: [] } });
    expect(res.status).toBe(201);
    expect(res.body.isDefault).toBe(true);
  });

  it.each([
    ["an unknown time zone", { timeZone: "Mars/Olympus" }, "timeZone", /IANA/],
    ["a UTC offset instead of a zone", { timeZone: "+02:00" }, "timeZone", /IANA/],
    [
      "overlapping weekly intervals",
      { weekly: [{ day: "tuesday", start: "09:00", end: "12:00" }, { day: "tuesday", start: "11:00", end: "14:00" }] },
      "weekly.1",
      /Tuesday overlap/,
    ],
    ["the same start and end", { weekly: [{ day: "monday", start: "09:00", end: "09:00" }] }, "weekly.0.end", /differ/],
    ["a start of 24:00", { weekly: [{ day: "monday", start: "24:00", end: "02:00" }] }, "weekly.0.start", /23:59/],
    [
      "overnight hours running into the next day's hours",
      { weekly: [{ day: "saturday", start: "01:00", end: "05:00" }, { day: "friday", start: "22:00", end: "02:00" }] },
      "weekly.0",
      /Friday 22:00–02:00 \(next day\) and Saturday 01:00–05:00 overlap/,
    ],
    [
      "Sunday night running into Monday's hours",
      { weekly: [{ day: "monday", start: "00:30", end: "09:00" }, { day: "sunday", start: "23:00", end: "01:00" }] },
      "weekly.0",
      /Sunday 23:00–01:00 \(next day\) and Monday 00:30–09:00 overlap/,
    ],
    ["an override ending before it starts", { overrides: [{ date: "2026-12-24", intervals: [{ start: "17:00", end: "09:00" }] }] }, "overrides.0.intervals.0.end", /after the start/],
    ["a malformed time", { weekly: [{ day: "monday", start: "9am", end: "17:00" }] }, "weekly.0.start", /HH:MM/],
    ["an unknown weekday", { weekly: [{ day: "funday", start: "09:00", end: "17:00" }] }, "weekly.0.day", /./],
    ["an impossible override date", { overrides: [{ date: "2026-02-30", intervals: [] }] }, "overrides.0.date", /real date/],
    ["a malformed override date", { overrides: [{ date: "24.12.2026", intervals: [] }] }, "overrides.0.date", /YYYY-MM-DD/],
    [
      "the same override date twice",
      { overrides: [{ date: "2026-12-24", intervals: [] }, { date: "2026-12-24", intervals: [] }] },
      "overrides.1.date",
      /twice/,
    ],
    [
      "overlapping override intervals",
      { overrides: [{ date: "2026-12-24", intervals: [{ start: "09:00", end: "12:00" }, { start: "10:00", end: "11:00" }] }] },
      "overrides.0.intervals",
      /overlap/,
    ],
    ["a missing name", { name: "  " }, "name", /name/],
  ])("rejects %s with 400 validation_error and details, writing nothing", async (_label, patch, path, message) => {
    const { user, key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body: { name: "S", timeZone: "Europe/Paris", weekly: weekday, ...patch } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    const detail = res.body.error.details.find((d: { path?: string }) => d.path === path);
    expect(detail, JSON.stringify(res.body.error.details)).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(await t.db.schedule.count({ where: { userId: user.id } })).toBe(1);
  });

  it("accepts overnight hours (end not after start = the next day), touching the next day's hours", async () => {
    const { key } = await createHostWithKey(t.db);
    const weekly = [
      { day: "friday", start: "22:00", end: "02:00" },
      { day: "saturday", start: "02:00", end: "06:00" },
      { day: "sunday", start: "20:00", end: "00:00" },
    ];
    const res = await call(collection.POST, "POST", { key, body: { name: "Nights", timeZone: "Europe/Paris", weekly } });
    expect(res.status).toBe(201);
    expect(res.body.weekly).toEqual(weekly);
  });

  it("rejects a body that is not JSON", async () => {
    const { key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body: "{ nope" });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "validation_error", message: expect.stringMatching(/JSON/) });
  });
});

describe("GET/PATCH/DELETE /api/v1/schedules/{id}", () => {
  async function hostWithTwoSchedules() {
    const host = await createHostWithKey(t.db);
    const [original] = (await call(collection.GET, "GET", { key: host.key })).body;
    const second = (await call(collection.POST, "POST", { key: host.key, body: { name: "Second", timeZone: "UTC", weekly: weekday } })).body;
    return { ...host, original, second };
  }

  it("reads one schedule", async () => {
    const { key, second } = await hostWithTwoSchedules();
    const res = await call(item.GET, "GET", { key, id: second.id });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(second);
  });

  it("answers 404 for another user's schedule on every verb, and changes nothing", async () => {
    const owner = await hostWithTwoSchedules();
    const other = await createHostWithKey(t.db);
    for (const [handler, method, body] of [
      [item.GET, "GET", undefined],
      [item.PATCH, "PATCH", { name: "Hijacked" }],
      [item.DELETE, "DELETE", undefined],
    ] as const) {
      const res = await call(handler, method, { key: other.key, id: owner.second.id, body });
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Schedule was not found.", details: [] });
    }
    expect((await call(item.GET, "GET", { key: owner.key, id: owner.second.id })).body).toEqual(owner.second);
    expect((await call(item.GET, "GET", { key: other.key, id: "does-not-exist" })).status).toBe(404);
  });

  it("PATCH changes only the given fields and replaces `weekly` wholesale", async () => {
    const { key, second } = await hostWithTwoSchedules();
    const renamed = await call(item.PATCH, "PATCH", { key, id: second.id, body: { name: "Renamed" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...second, name: "Renamed" });
    const newWeek = [{ day: "sunday", start: "00:00", end: "24:00" }];
    const replaced = await call(item.PATCH, "PATCH", { key, id: second.id, body: { weekly: newWeek, timeZone: "Australia/Sydney" } });
    expect(replaced.body).toEqual({ ...second, name: "Renamed", weekly: newWeek, timeZone: "Australia/Sydney" });
    const bad = await call(item.PATCH, "PATCH", { key, id: second.id, body: { timeZone: "Nowhere/Special" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("timeZone");
    expect((await call(item.GET, "GET", { key, id: second.id })).body.timeZone).toBe("Australia/Sydney");
  });

  it("PATCH isDefault: true moves the default; isDefault: false is refused", async () => {
    const { user, key, original, second } = await hostWithTwoSchedules();
    const moved = await call(item.PATCH, "PATCH", { key, id: second.id, body: { isDefault: true } });
    expect(moved.status).toBe(200);
    expect(moved.body.isDefault).toBe(true);
    expect(await defaults(user.id)).toEqual([{ id: second.id }]);
    expect((await call(item.GET, "GET", { key, id: original.id })).body.isDefault).toBe(false);

    const again = await call(item.PATCH, "PATCH", { key, id: second.id, body: { isDefault: true } });
    expect(again.status).toBe(200);
    expect(await defaults(user.id)).toEqual([{ id: second.id }]);

    const unset = await call(item.PATCH, "PATCH", { key, id: second.id, body: { isDefault: false } });
    expect(unset.status).toBe(400);
    expect(unset.body.error.details).toEqual([{ path: "isDefault", message: "To change the default, make another schedule the default." }]);
    expect(await defaults(user.id)).toEqual([{ id: second.id }]);
  });

  it("keeps exactly one default when many requests move it at once", async () => {
    const { user, key } = await createHostWithKey(t.db);
    const created = [];
    for (let i = 0; i < 4; i++) {
      created.push((await call(collection.POST, "POST", { key, body: { name: `S${i}`, timeZone: "UTC", weekly: [] } })).body);
    }
    const results = await Promise.all([
      ...created.map((s) => call(item.PATCH, "PATCH", { key, id: s.id, body: { isDefault: true } })),
      ...[0, 1, 2].map((i) => call(collection.POST, "POST", { key, body: { name: `Racer ${i}`, timeZone: "UTC", weekly: [], isDefault: true } })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201, 201, 201]);
    expect(await defaults(user.id)).toHaveLength(1);
  });

  it("DELETE refuses the default while others exist, and the only schedule", async () => {
    const { key, original, second } = await hostWithTwoSchedules();
    const res = await call(item.DELETE, "DELETE", { key, id: original.id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(res.body.error.message).toMatch(/default/);

    const solo = await createHostWithKey(t.db);
    const [only] = (await call(collection.GET, "GET", { key: solo.key })).body;
    const last = await call(item.DELETE, "DELETE", { key: solo.key, id: only.id });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/only schedule/);
    expect((await call(item.GET, "GET", { key: solo.key, id: only.id })).status).toBe(200);

    // After moving the default away, the old default can go.
    await call(item.PATCH, "PATCH", { key, id: second.id, body: { isDefault: true } });
    const deleted = await call(item.DELETE, "DELETE", { key, id: original.id });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
  });

  it("DELETE of a non-default schedule answers 204; its event types fall back to the default", async () => {
    const { key, second } = await hostWithTwoSchedules();
    const eventType = await call(createEventTypeRoute, "POST", {
      key,
      body: { slug: "chat", title: "Chat", durationMinutes: 30, location: { type: "phone", value: "+49 30 1234567" }, scheduleId: second.id },
    });
    expect(eventType.status).toBe(201);
    expect(eventType.body.scheduleId).toBe(second.id);

    const res = await call(item.DELETE, "DELETE", { key, id: second.id });
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();
    expect((await call(item.GET, "GET", { key, id: second.id })).status).toBe(404);
    const row = await t.db.eventType.findUniqueOrThrow({ where: { id: eventType.body.id } });
    expect(row.scheduleId).toBeNull();
    expect((await call(item.DELETE, "DELETE", { key, id: second.id })).status).toBe(404);
  });
});
