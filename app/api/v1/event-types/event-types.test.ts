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
      bookingWindowDays: 60,
      hidden: false,
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
      bookingWindowDays: 30,
      hidden: true,
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
    expect(res.body).toEqual({ ...created, title: "Quick intro", durationMinutes: 15 });

    const moved = await call(item.PATCH, "PATCH", { key, id: created.id, body: { location: { type: "phone", value: "+1 555 0100" }, hidden: true } });
    expect(moved.body).toEqual({ ...created, title: "Quick intro", durationMinutes: 15, location: { type: "phone", value: "+1 555 0100" }, hidden: true });

    const empty = await call(item.PATCH, "PATCH", { key, id: created.id, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(moved.body);
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
      eventTypes: [{ id: expect.any(String), slug: "intro", title: "Intro call", description: "", durationMinutes: 30, locationType: "link" }],
    });
  });

  it("answers not_found for an unknown username", async () => {
    await expect(listPublicEventTypes(t.db, "nobody-here")).rejects.toMatchObject({ code: "not_found", message: "User was not found." });
  });
});
