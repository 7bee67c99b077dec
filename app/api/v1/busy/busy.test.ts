/**
 * GET /api/v1/busy through its route handler, read from the busy store (rows
 * seeded as lib/sync stores them; no provider exists in this test, and none is
 * needed): the merged blocks the engine subtracts, each with its sources, the
 * host's own bookings as the "kairos" source, and every calendar with its
 * sync health — a failing one keeps its last events, a never-synced one holds
 * the window busy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeIntervals } from "@/lib/availability/intervals";
import { randomToken, sha256Hex } from "@/lib/security/tokens";
import { call, createHostWithKey } from "@/test/api-test-helpers";
import { seedConnection, seedEvents, seedSyncState } from "@/test/busy-store-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import * as busy from "./route";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const get = (key: string | undefined, query: string) => call(busy.GET, "GET", { key, path: `/api/v1/busy?${query}` });
const SYNCED_AT = new Date("2026-05-01T06:00:00Z");

/** A host in Berlin with a Google and a Microsoft calendar, both ticked and synced. */
async function host() {
  const { user, key } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
  const g = await seedConnection(t.db, user.id, [{ name: "ada@example.com" }], { provider: "google", label: "ada@example.com" });
  const m = await seedConnection(t.db, user.id, [{ name: "Calendar" }], { provider: "microsoft", label: "grace@contoso.test" });
  const gCal = { id: g.calendarIds[0] };
  const mCal = { id: m.calendarIds[0] };
  await seedSyncState(t.db, gCal.id, { lastSyncedAt: SYNCED_AT });
  await seedSyncState(t.db, mCal.id, { lastSyncedAt: SYNCED_AT });
  return { user, key, gCal, mCal };
}

async function booking(hostId: string, start: string, end: string, blocked: [string, string], status: "confirmed" | "cancelled" = "confirmed") {
  await t.db.booking.create({
    data: {
      uid: randomToken(9),
      hostId,
      title: "Intro",
      startAt: new Date(start),
      endAt: new Date(end),
      blockedStartAt: new Date(blocked[0]),
      blockedEndAt: new Date(blocked[1]),
      status,
      attendeeName: "Guest",
      attendeeEmail: "guest@example.com",
      attendeeTimeZone: "Europe/Berlin",
      locationType: "link",
      guestTokenHash: sha256Hex(randomToken()),
    },
  });
}

describe("GET /api/v1/busy", () => {
  it("answers the merged blocks with their sources, the host's bookings included as 'kairos'", async () => {
    const { user, key, gCal, mCal } = await host();
    // 10:00–11:00 Google and 10:30–11:30 Microsoft overlap; a booking blocked 11:30–12:15 (15 min buffer) touches them.
    await seedEvents(t.db, gCal.id, [{ start: "2026-05-04T10:00:00+02:00", end: "2026-05-04T11:00:00+02:00" }]);
    await seedEvents(t.db, mCal.id, [{ start: "2026-05-04T10:30:00+02:00", end: "2026-05-04T11:30:00+02:00" }]);
    await booking(user.id, "2026-05-04T09:30:00Z", "2026-05-04T10:00:00Z", ["2026-05-04T09:30:00Z", "2026-05-04T10:15:00Z"]);
    // Alone: a Microsoft event, and a booking; a cancelled booking and a free event never count.
    await seedEvents(t.db, mCal.id, [{ start: "2026-05-05T18:00:00+02:00", end: "2026-05-05T19:00:00+02:00" }]);
    await booking(user.id, "2026-05-05T07:00:00Z", "2026-05-05T07:30:00Z", ["2026-05-05T07:00:00Z", "2026-05-05T07:30:00Z"]);
    await booking(user.id, "2026-05-05T12:00:00Z", "2026-05-05T12:30:00Z", ["2026-05-05T12:00:00Z", "2026-05-05T12:30:00Z"], "cancelled");
    await seedEvents(t.db, gCal.id, [{ start: "2026-05-05T13:00:00Z", end: "2026-05-05T14:00:00Z", showAs: "free" }]);
    // Outside the window (dates are Berlin days, end inclusive).
    await seedEvents(t.db, gCal.id, [
      { start: "2026-05-03T23:00:00+02:00", end: "2026-05-03T23:59:00+02:00" },
      { start: "2026-05-06T00:00:00+02:00", end: "2026-05-06T01:00:00+02:00" },
    ]);

    const res = await get(key, "start=2026-05-04&end=2026-05-05");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      busy: [
        { start: "2026-05-04T10:00:00.000+02:00", end: "2026-05-04T12:15:00.000+02:00", sources: ["kairos", gCal.id, mCal.id] },
        { start: "2026-05-05T09:00:00.000+02:00", end: "2026-05-05T09:30:00.000+02:00", sources: ["kairos"] },
        { start: "2026-05-05T18:00:00.000+02:00", end: "2026-05-05T19:00:00.000+02:00", sources: [mCal.id] },
      ],
      calendars: [
        { id: "kairos", name: "Kairos bookings", provider: "kairos", status: "ok" },
        { id: gCal.id, name: "ada@example.com", provider: "google", status: "ok", lastSyncedAt: SYNCED_AT.toISOString() },
        { id: mCal.id, name: "Calendar", provider: "microsoft", status: "ok", lastSyncedAt: SYNCED_AT.toISOString() },
      ],
    });
    // Exactly what the engine subtracts: the merge of every block of every source.
    const all = [
      ["2026-05-04T08:00:00Z", "2026-05-04T09:00:00Z"],
      ["2026-05-04T08:30:00Z", "2026-05-04T09:30:00Z"],
      ["2026-05-04T09:30:00Z", "2026-05-04T10:15:00Z"],
      ["2026-05-05T07:00:00Z", "2026-05-05T07:30:00Z"],
      ["2026-05-05T16:00:00Z", "2026-05-05T17:00:00Z"],
    ].map(([s, e]) => ({ start: Date.parse(s), end: Date.parse(e) }));
    expect(res.body.busy.map((b: { start: string; end: string }) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }))).toEqual(mergeIntervals(all));

    // Instants work too: blocks overlapping the window come whole (the booking at 11:30 does not overlap it).
    const narrow = await get(key, `start=${encodeURIComponent("2026-05-04T08:45:00Z")}&end=${encodeURIComponent("2026-05-04T09:00:00Z")}`);
    expect(narrow.body.busy).toEqual([{ start: "2026-05-04T10:00:00.000+02:00", end: "2026-05-04T11:30:00.000+02:00", sources: [gCal.id, mCal.id] }]);
  });

  it("shows each calendar's sync health: a failing one keeps its last events, a never-synced one holds the window busy", async () => {
    const { user, key, gCal, mCal } = await host();
    await seedEvents(t.db, mCal.id, [{ start: "2026-05-04T10:30:00+02:00", end: "2026-05-04T11:30:00+02:00" }]);
    await seedSyncState(t.db, mCal.id, { lastSyncedAt: SYNCED_AT, lastError: "Microsoft Graph answered 500.", lastErrorAt: new Date("2026-05-01T07:00:00Z"), consecutiveFailures: 2 });
    await t.db.calendarConnection.updateMany({
      where: { calendars: { some: { id: gCal.id } } },
      data: { status: "needs_reconnect", lastError: "invalid_grant: Token has been expired or revoked.", lastErrorAt: new Date() },
    });
    const added = await seedConnection(t.db, user.id, [{ name: "Club" }], { provider: "ics", label: "Club" });

    const res = await get(key, "start=2026-05-04&end=2026-05-04");
    expect(res.status).toBe(200);
    expect(res.body.calendars).toEqual([
      { id: "kairos", name: "Kairos bookings", provider: "kairos", status: "ok" },
      { id: gCal.id, name: "ada@example.com", provider: "google", status: "needs_reconnect", error: "invalid_grant: Token has been expired or revoked.", lastSyncedAt: SYNCED_AT.toISOString() },
      { id: mCal.id, name: "Calendar", provider: "microsoft", status: "error", error: "Microsoft Graph answered 500.", lastSyncedAt: SYNCED_AT.toISOString() },
      { id: added.calendarIds[0], name: "Club", provider: "ics", status: "pending", lastSyncedAt: null },
    ]);
    // Unknown is never free: the whole Berlin day is busy because of the feed that has not synced yet.
    expect(res.body.busy).toEqual([
      { start: "2026-05-04T00:00:00.000+02:00", end: "2026-05-05T00:00:00.000+02:00", sources: [mCal.id, added.calendarIds[0]] },
    ]);
  });

  it("a host without calendars still sees their bookings", async () => {
    const { user, key } = await createHostWithKey(t.db, { timeZone: "America/New_York" });
    await booking(user.id, "2026-05-04T14:00:00Z", "2026-05-04T14:30:00Z", ["2026-05-04T13:50:00Z", "2026-05-04T14:30:00Z"]);
    const res = await get(key, "start=2026-05-04&end=2026-05-04");
    expect(res.body).toEqual({
      busy: [{ start: "2026-05-04T09:50:00.000-04:00", end: "2026-05-04T10:30:00.000-04:00", sources: ["kairos"] }],
      calendars: [{ id: "kairos", name: "Kairos bookings", provider: "kairos", status: "ok" }],
    });
  });

  it.each([
    ["no start", "end=2026-05-04", "start"],
    ["a malformed date", "start=2026-02-30&end=2026-03-02", "start"],
    ["an instant without offset", "start=2026-05-04T10:00:00&end=2026-05-05", "start"],
    ["end before start", "start=2026-05-04&end=2026-05-03", "end"],
    ["more than 62 days", "start=2026-05-01&end=2026-07-02", "end"],
  ])("refuses %s (400)", async (_name, query, path) => {
    const { key } = await createHostWithKey(t.db);
    const res = await get(key, query);
    expect(res).toMatchObject({ status: 400, body: { error: { code: "validation_error", details: [expect.objectContaining({ path })] } } });
  });

  it("accepts exactly 62 days across a DST change, and answers 401 without credentials", async () => {
    const { key } = await createHostWithKey(t.db, { timeZone: "Europe/Berlin" });
    // 1 Oct – 1 Dec is 62 Berlin days; the clocks go back on 25 Oct.
    expect((await get(key, "start=2026-10-01&end=2026-12-01")).status).toBe(200);
    expect((await get(key, "start=2026-10-01&end=2026-12-02")).status).toBe(400);
    expect(await get(undefined, "start=2026-05-04&end=2026-05-05")).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
  });
});
