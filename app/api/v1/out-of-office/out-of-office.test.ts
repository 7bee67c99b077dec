import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as slotsRoute } from "@/app/api/v1/slots/route";
import { POST as createEventTypeRoute } from "@/app/api/v1/event-types/route";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { addDays, mondayOf, todayIn } from "@/lib/time";
import * as item from "./[id]/route";
import * as collection from "./route";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const holiday = { start: "2026-12-20", end: "2027-01-03", note: "Winter break" };

describe("GET/POST /api/v1/out-of-office", () => {
  it("answers 401 without credentials", async () => {
    expect((await call(collection.GET, "GET")).status).toBe(401);
    expect((await call(collection.POST, "POST", { body: holiday })).status).toBe(401);
  });

  it("creates ranges (201) and lists the host's own, earliest first", async () => {
    const { key } = await createHostWithKey(t.db);
    const other = await createHostWithKey(t.db);
    await call(collection.POST, "POST", { key: other.key, body: holiday });
    const created = await call(collection.POST, "POST", { key, body: holiday });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), start: "2026-12-20", end: "2027-01-03", note: "Winter break" });
    const oneDay = await call(collection.POST, "POST", { key, body: { start: " 2026-08-14 ", end: "2026-08-14", note: "  " } });
    expect(oneDay.body).toMatchObject({ start: "2026-08-14", end: "2026-08-14", note: null });
    const list = await call(collection.GET, "GET", { key });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([oneDay.body, created.body]);
  });

  it.each([
    ["an end before the start", { start: "2026-12-20", end: "2026-12-19" }, "end", /on or after the first day/],
    ["an impossible date", { start: "2026-02-30", end: "2026-03-02" }, "start", /real date/],
    ["a date that is not YYYY-MM-DD", { start: "20.12.2026", end: "2026-12-24" }, "start", /YYYY-MM-DD/],
    ["a missing end", { start: "2026-12-20" }, "end", /YYYY-MM-DD/],
    ["more than a year at once", { start: "2026-01-01", end: "2027-01-02" }, "end", /at most 366 days/],
    ["a very long note", { ...holiday, note: "x".repeat(201) }, "note", /200 characters/],
  ])("rejects %s with 400 and a detail on the field, writing nothing", async (_label, body, path, message) => {
    const { user, key } = await createHostWithKey(t.db);
    const res = await call(collection.POST, "POST", { key, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    const detail = res.body.error.details.find((d: { path?: string }) => d.path === path);
    expect(detail, JSON.stringify(res.body.error.details)).toBeDefined();
    expect(detail.message).toMatch(message);
    expect(await t.db.outOfOffice.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("DELETE /api/v1/out-of-office/{id}", () => {
  it("removes the host's own range (204); another user's is 404 and stays", async () => {
    const owner = await createHostWithKey(t.db);
    const other = await createHostWithKey(t.db);
    const created = (await call(collection.POST, "POST", { key: owner.key, body: holiday })).body;
    const foreign = await call(item.DELETE, "DELETE", { key: other.key, id: created.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    const gone = await call(item.DELETE, "DELETE", { key: owner.key, id: created.id });
    expect(gone.status).toBe(204);
    expect(gone.body).toBeNull();
    expect((await call(item.DELETE, "DELETE", { key: owner.key, id: created.id })).status).toBe(404);
    expect((await call(collection.GET, "GET", { key: owner.key })).body).toEqual([]);
  });
});

describe("out of office and the slots API", () => {
  it("closes the dates for every event type of the host, and opens them again when removed", async () => {
    const { user, key } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
    await call(createEventTypeRoute, "POST", {
      key,
      body: { slug: "chat", title: "Chat", durationMinutes: 60, minimumNoticeMinutes: 0, location: { type: "phone", value: "+49 30 1234567" } },
    });
    // A week comfortably ahead: Monday to Friday are open 09:00–17:00 by default.
    const monday = mondayOf(addDays(todayIn("Europe/Berlin"), 8));
    const ask = async () =>
      Object.keys(
        (await call(slotsRoute, "GET", { path: `/api/v1/slots?username=${user.username}&eventSlug=chat&start=${monday}&end=${addDays(monday, 4)}&timeZone=Europe/Berlin` })).body.slots,
      );
    expect(await ask()).toHaveLength(5);
    const away = (await call(collection.POST, "POST", { key, body: { start: addDays(monday, 1), end: addDays(monday, 3) } })).body;
    expect(await ask()).toEqual([monday, addDays(monday, 4)]);
    await call(item.DELETE, "DELETE", { key, id: away.id });
    expect(await ask()).toHaveLength(5);
  });
});
