/**
 * Slots against the busy store (external_events), on a real database: every
 * ticked calendar's busy occurrences are subtracted — with the event type's
 * buffers around them, as around bookings — by blocksTime's rules, with no
 * provider in sight; a ticked calendar that has never synced closes the host
 * (fail closed) until its first sync lands; stale data of a failing calendar
 * still counts. Rows are seeded as lib/sync stores them (test/busy-store-fixtures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConnection, seedEvents, seedSyncState } from "@/test/busy-store-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import type { Db } from "../db/client";
import { MINUTE_MS } from "../time";
import { createUser } from "../users/create-user";
import { getCachedSlots } from "./cached-get-slots";
import { getSlots } from "./get-slots";
import { isSlotOffered } from "./is-slot-offered";
import { loadSlotContext } from "./load-slot-context";
import { MemorySlotCacheStore } from "./memory-slot-cache-store";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const at = (iso: string) => Date.parse(iso);
// Monday 1 June 2026, before any slot of the week.
const NOW = at("2026-06-01T00:00:00Z");
let counter = 0;

/** A host in Berlin (Mon–Fri 09:00–17:00) with a 30-minute event type padded 10 min before and 15 after. */
async function host(buffers: [number, number] = [10, 15]) {
  counter++;
  const username = `store-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const user = await createUser(t.db, { email: `${username}@example.com`, name: `Host ${counter}`, username, password: "a good password", timeZone: "Europe/Berlin" });
  const type = await t.db.eventType.create({
    data: {
      userId: user.id,
      slug: "intro",
      title: "Intro call",
      durationMinutes: 30,
      locationType: "link",
      locationValue: "https://meet.example.com/x",
      minimumNoticeMinutes: 0,
      bufferBeforeMinutes: buffers[0],
      bufferAfterMinutes: buffers[1],
      bookingWindowDays: 60,
    },
  });
  return { user, type };
}

/** A host with one ticked, synced calendar. */
async function hostWithCalendar(buffers?: [number, number]) {
  const h = await host(buffers);
  const { connectionId, calendarIds } = await seedConnection(t.db, h.user.id);
  await seedSyncState(t.db, calendarIds[0]);
  return { ...h, connectionId, calendarId: calendarIds[0] };
}

const slotsOn = async (eventTypeId: string, date: string, db: Db = t.db) =>
  getSlots(db, { ref: { eventTypeId }, startDate: date, endDate: date, timeZone: "Europe/Berlin", now: NOW });
const times = (slots: { start: string }[] | undefined) => (slots ?? []).map((s) => s.start.slice(11, 16));
const FULL_DAY = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"];

describe("slots subtract the busy store", () => {
  it("removes a calendar event and the buffer neighbourhood around it, as around a booking", async () => {
    const { type, calendarId } = await hostWithCalendar();
    await seedEvents(t.db, calendarId, [{ start: "2026-06-02T11:00:00+02:00", end: "2026-06-02T11:30:00+02:00" }]);
    const res = await slotsOn(type.id, "2026-06-02");
    // Busy 11:00–11:30; slots are padded 10 min before and 15 after:
    // 10:30 (pads to 11:15), 11:00 and 11:30 (pads from 11:20) go; 10:00 and 12:00 stay.
    expect(times(res.slots["2026-06-02"])).toEqual(FULL_DAY.filter((x) => !["10:30", "11:00", "11:30"].includes(x)));
    expect(res.calendarSyncPending).toBe(false);
    // Without buffers only the event's own slot goes.
    const bare = await hostWithCalendar([0, 0]);
    await seedEvents(t.db, bare.calendarId, [{ start: "2026-06-02T11:00:00+02:00", end: "2026-06-02T11:30:00+02:00" }]);
    expect(times((await slotsOn(bare.type.id, "2026-06-02")).slots["2026-06-02"])).toEqual(FULL_DAY.filter((x) => x !== "11:00"));
  });

  it("merges every ticked calendar of every account with the bookings; unticked calendars and other hosts' rows never count", async () => {
    const { user, type, calendarId } = await hostWithCalendar([0, 0]);
    const second = await seedConnection(t.db, user.id, [{ name: "Work" }, { name: "Holidays", selected: false }], { provider: "microsoft" });
    await seedSyncState(t.db, second.calendarIds[0]);
    // The unticked calendar has never synced: that must not close the host either.
    const stranger = await hostWithCalendar([0, 0]);
    await seedEvents(t.db, calendarId, [{ start: "2026-06-02T09:00:00+02:00", end: "2026-06-02T10:00:00+02:00" }]);
    await seedEvents(t.db, second.calendarIds[0], [{ start: "2026-06-02T09:30:00+02:00", end: "2026-06-02T10:30:00+02:00" }]);
    await seedEvents(t.db, second.calendarIds[1], [{ start: "2026-06-02T13:00:00+02:00", end: "2026-06-02T14:00:00+02:00" }]);
    await seedEvents(t.db, stranger.calendarId, [{ start: "2026-06-02T15:00:00+02:00", end: "2026-06-02T16:00:00+02:00" }]);
    await t.db.booking.create({
      data: {
        uid: `store-booking-${counter}`, hostId: user.id, eventTypeId: type.id, title: "Booked",
        startAt: new Date("2026-06-02T12:00:00+02:00"), endAt: new Date("2026-06-02T12:30:00+02:00"),
        blockedStartAt: new Date("2026-06-02T12:00:00+02:00"), blockedEndAt: new Date("2026-06-02T12:30:00+02:00"),
        attendeeName: "Guest", attendeeEmail: "guest@example.com", attendeeTimeZone: "UTC", locationType: "link", guestTokenHash: `store-hash-${counter}`,
      },
    });
    const res = await slotsOn(type.id, "2026-06-02");
    expect(times(res.slots["2026-06-02"])).toEqual(["10:30", "11:00", "11:30", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]);
    expect(res.calendarSyncPending).toBe(false);
  });

  it("follows blocksTime: free and declined never block; tentative does; all-day per the host's setting", async () => {
    const { user, type, calendarId } = await hostWithCalendar([0, 0]);
    await seedEvents(t.db, calendarId, [
      { start: "2026-06-02T09:00:00+02:00", end: "2026-06-02T10:00:00+02:00", showAs: "free" },
      { start: "2026-06-02T10:00:00+02:00", end: "2026-06-02T11:00:00+02:00", selfResponse: "declined" },
      { start: "2026-06-02T11:00:00+02:00", end: "2026-06-02T11:30:00+02:00", status: "tentative" },
      { start: "2026-06-02T13:00:00+02:00", end: "2026-06-02T13:30:00+02:00", selfResponse: "tentative" },
      { start: "2026-06-02T14:00:00+02:00", end: "2026-06-02T14:30:00+02:00", selfResponse: "needsAction" },
      // Zero-length: takes no time.
      { start: "2026-06-02T16:00:00+02:00", end: "2026-06-02T16:00:00+02:00" },
      // An all-day event on Wednesday (Berlin midnights, as sync stores it).
      { start: "2026-06-03T00:00:00+02:00", end: "2026-06-04T00:00:00+02:00", allDay: true },
    ]);
    const tuesday = await slotsOn(type.id, "2026-06-02");
    expect(times(tuesday.slots["2026-06-02"])).toEqual(FULL_DAY.filter((x) => !["11:00", "13:00", "14:00"].includes(x)));
    const blocked = await slotsOn(type.id, "2026-06-03");
    expect(blocked.slots["2026-06-03"]).toBeUndefined();
    // Taken by a calendar event: the day is fully booked, not a day off.
    expect(blocked.fullyBooked).toEqual(["2026-06-03"]);

    await t.db.user.update({ where: { id: user.id }, data: { allDayEventsBlock: false } });
    expect(times((await slotsOn(type.id, "2026-06-03")).slots["2026-06-03"])).toEqual(FULL_DAY);
  });

  it("blocks every occurrence of a recurring series, stored one row each; a moved occurrence where it moved to", async () => {
    const { type, calendarId } = await hostWithCalendar([0, 0]);
    // Wednesday's occurrence was cancelled (sync deletes it); Thursday's moved to the afternoon.
    await seedEvents(t.db, calendarId, [
      { externalId: "standup_20260601", seriesId: "standup", start: "2026-06-01T09:00:00+02:00", end: "2026-06-01T09:30:00+02:00" },
      { externalId: "standup_20260602", seriesId: "standup", start: "2026-06-02T09:00:00+02:00", end: "2026-06-02T09:30:00+02:00" },
      { externalId: "standup_20260604", seriesId: "standup", start: "2026-06-04T15:00:00+02:00", end: "2026-06-04T15:30:00+02:00" },
      { externalId: "standup_20260605", seriesId: "standup", start: "2026-06-05T09:00:00+02:00", end: "2026-06-05T09:30:00+02:00" },
    ]);
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-05", timeZone: "Europe/Berlin", now: NOW });
    expect(res.slots["2026-06-01"][0].start).toBe("2026-06-01T09:30:00.000+02:00");
    expect(res.slots["2026-06-02"][0].start).toBe("2026-06-02T09:30:00.000+02:00");
    expect(times(res.slots["2026-06-03"])).toEqual(FULL_DAY);
    expect(times(res.slots["2026-06-04"])).toEqual(FULL_DAY.filter((x) => x !== "15:00"));
    expect(res.slots["2026-06-05"][0].start).toBe("2026-06-05T09:30:00.000+02:00");
  });

  it("loads only the rows that can touch a slot (window ± buffers and the longest duration), in the same two queries", async () => {
    const { user, type, calendarId } = await hostWithCalendar([10, 15]);
    await t.db.eventType.update({ where: { id: type.id }, data: { durationOptions: [30, 60] } });
    const window = { start: at("2026-06-02T00:00:00+02:00"), end: at("2026-06-03T00:00:00+02:00") };
    await seedEvents(t.db, calendarId, [
      { start: window.start - 20 * MINUTE_MS, end: window.start - 10 * MINUTE_MS }, // ends where the 10-min pad begins: out
      { start: window.start - 20 * MINUTE_MS, end: window.start - 9 * MINUTE_MS }, // reaches into it: in
      { start: window.end + 74 * MINUTE_MS, end: window.end + 80 * MINUTE_MS }, // before the end + 60 min + 15 min: in
      { start: window.end + 75 * MINUTE_MS, end: window.end + 80 * MINUTE_MS }, // at it: out
      { start: "2026-06-20T10:00:00+02:00", end: "2026-06-20T11:00:00+02:00" }, // far away
    ]);
    let queries = 0;
    const counted = t.db.$extends({ query: { async $allOperations({ args, query }) { queries++; return query(args); } } }) as unknown as Db;
    const ctx = await loadSlotContext(counted, { username: user.username, eventSlug: "intro" }, window);
    expect(queries).toBe(2);
    expect([...ctx.query.busy].sort((a, b) => a.start - b.start)).toEqual([
      { start: window.start - 20 * MINUTE_MS, end: window.start - 9 * MINUTE_MS },
      { start: window.end + 74 * MINUTE_MS, end: window.end + 80 * MINUTE_MS },
    ]);
    expect(ctx.unknownBusy).toEqual([]);
    expect(ctx.calendarSyncPending).toBe(false);
  });
});

describe("unknown busy time fails closed", () => {
  it("offers nothing while a ticked calendar has never synced, and everything once its first sync lands", async () => {
    const { user, type } = await host([0, 0]);
    const { calendarIds } = await seedConnection(t.db, user.id);
    const res = await slotsOn(type.id, "2026-06-02");
    expect(res).toMatchObject({ slots: {}, fullyBooked: [], calendarSyncPending: true });
    // Not even a booking can get through (the same engine decides).
    const start = at("2026-06-02T10:00:00+02:00");
    const ctx = await loadSlotContext(t.db, { eventTypeId: type.id }, { start, end: start + 1 });
    expect(isSlotOffered({ ...ctx.query, now: NOW }, start)).toBe(false);

    // A first attempt that failed leaves a state without last_synced_at: still unknown.
    await seedSyncState(t.db, calendarIds[0], { lastSyncedAt: null, lastError: "The calendar did not answer.", lastErrorAt: new Date(), consecutiveFailures: 1 });
    expect(await slotsOn(type.id, "2026-06-02")).toMatchObject({ slots: {}, calendarSyncPending: true });

    // The first sync lands, with one event.
    await seedEvents(t.db, calendarIds[0], [{ start: "2026-06-02T10:00:00+02:00", end: "2026-06-02T10:30:00+02:00" }]);
    await seedSyncState(t.db, calendarIds[0], { lastSyncedAt: new Date(), lastError: null, lastErrorAt: null, consecutiveFailures: 0 });
    const after = await slotsOn(type.id, "2026-06-02");
    expect(after.calendarSyncPending).toBe(false);
    expect(times(after.slots["2026-06-02"])).toEqual(FULL_DAY.filter((x) => x !== "10:00"));
  });

  it("keeps using a failing calendar's last synced rows (stale beats unknown)", async () => {
    const { type, calendarId } = await hostWithCalendar([0, 0]);
    await seedEvents(t.db, calendarId, [{ start: "2026-06-02T10:00:00+02:00", end: "2026-06-02T11:00:00+02:00" }]);
    await seedSyncState(t.db, calendarId, {
      lastSyncedAt: new Date(Date.now() - 6 * 3_600_000),
      lastError: "Google answered 500.",
      lastErrorAt: new Date(),
      consecutiveFailures: 7,
    });
    const res = await slotsOn(type.id, "2026-06-02");
    expect(res.calendarSyncPending).toBe(false);
    expect(times(res.slots["2026-06-02"])).toEqual(FULL_DAY.filter((x) => x !== "10:00" && x !== "10:30"));
  });

  it("treats time past a calendar's synced window as unknown: no slots there, and not 'fully booked'", async () => {
    const { type, calendarId } = await hostWithCalendar([0, 0]);
    await seedSyncState(t.db, calendarId, { syncedFrom: new Date("2026-05-01T00:00:00Z"), syncedTo: new Date("2026-06-03T12:00:00+02:00") });
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-02", endDate: "2026-06-04", timeZone: "Europe/Berlin", now: NOW });
    expect(times(res.slots["2026-06-02"])).toEqual(FULL_DAY);
    expect(times(res.slots["2026-06-03"])).toEqual(["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]);
    expect(res.slots["2026-06-04"]).toBeUndefined();
    expect(res.fullyBooked).toEqual([]);
    expect(res.calendarSyncPending).toBe(false);
  });

  it("the slot cache serves the closed answer until the host is invalidated (what a landing sync does)", async () => {
    const { user, type } = await host([0, 0]);
    const { calendarIds } = await seedConnection(t.db, user.id);
    const store = new MemorySlotCacheStore();
    const input = { ref: { eventTypeId: type.id }, startDate: "2026-06-02", endDate: "2026-06-02", timeZone: "Europe/Berlin", now: NOW };
    expect(await getCachedSlots(t.db, input, store)).toMatchObject({ slots: {}, calendarSyncPending: true });
    await seedSyncState(t.db, calendarIds[0]);
    await store.invalidateHost(user.id);
    const fresh = await getCachedSlots(t.db, input, store);
    expect(fresh.calendarSyncPending).toBe(false);
    expect(times(fresh.slots["2026-06-02"])).toEqual(FULL_DAY);
  });
});
