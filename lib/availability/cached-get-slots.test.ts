/**
 * The slot cache against a real database (PostgreSQL with TEST_DATABASE_URL,
 * else PGlite), through the real write paths: bookings, schedules, event
 * types and the profile must each make the next read fresh.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as bookingsRoute } from "@/app/api/v1/bookings/route";
import { GET as slotsRoute } from "@/app/api/v1/slots/route";
import { call } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { cancelBooking } from "../booking/cancel-booking";
import { createBooking } from "../booking/create-booking";
import { rescheduleBooking } from "../booking/reschedule-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "../booking/test-fixtures";
import type { Db } from "../db/client";
import type { EventType, User } from "../db/generated/client";
import { deleteEventType } from "../event-types/delete-event-type";
import { updateEventType } from "../event-types/update-event-type";
import { updateSchedule } from "../schedules/update-schedule";
import { addDays } from "../time";
import { updateProfile } from "../users/update-profile";
import { getCachedSlots, slotCacheKey } from "./cached-get-slots";
import { getSlots, type GetSlotsInput } from "./get-slots";
import { MemorySlotCacheStore } from "./memory-slot-cache-store";
import { setSlotCacheStore } from "./slot-cache";

let t: TestDatabase;
let store: MemorySlotCacheStore;
let host: User;
let intro: EventType;
const day = dayFromToday(4);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  setSlotCacheStore(undefined);
  await t?.close();
});

beforeEach(async () => {
  // A store of this test's own, installed as the process's: the write paths
  // invalidate through it as they would in the app.
  store = new MemorySlotCacheStore();
  setSlotCacheStore(store);
  host = await createTestHost(t.db); // open 09:00–17:00 UTC every day
  intro = await createTestEventType(t.db, host.id, { slug: "intro", minimumNoticeMinutes: 60 });
});

/** A client that counts the queries sent through it. */
function counting(db: Db) {
  const counter = { queries: 0, db: db as Db };
  counter.db = db.$extends({
    query: {
      async $allOperations({ args, query }) {
        counter.queries++;
        return query(args);
      },
    },
  }) as unknown as Db;
  return counter;
}

const input = (extra: Partial<GetSlotsInput> = {}): GetSlotsInput => ({
  ref: { eventTypeId: intro.id },
  startDate: day,
  endDate: day,
  timeZone: "UTC",
  ...extra,
});
const times = (res: { slots: Record<string, { start: string }[]> }, date = day) => (res.slots[date] ?? []).map((s) => s.start.slice(11, 16));
const ALL_DAY = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"];
const book = (time: string, n = 1) => createBooking(t.db, { eventTypeId: intro.id, start: utc(day, time), attendee: testAttendee(n) });

describe("getCachedSlots: hits and misses", () => {
  it("computes on a miss, then answers from memory without a query", async () => {
    const c = counting(t.db);
    const first = await getCachedSlots(c.db, input());
    expect(c.queries).toBe(2);
    expect(times(first)).toEqual(ALL_DAY);
    const second = await getCachedSlots(c.db, input());
    expect(c.queries).toBe(2);
    expect(second).toEqual(first);
    expect(second).toEqual(await getSlots(t.db, input()));
    expect(store.size).toBe(1);
  });

  it("keys by event type reference, window and zone", async () => {
    const c = counting(t.db);
    await getCachedSlots(c.db, input());
    const misses = [
      input({ timeZone: "Asia/Tokyo" }),
      input({ endDate: addDays(day, 1) }),
      input({ startDate: addDays(day, -1) }),
      input({ ref: { username: host.username, eventSlug: "intro" } }),
    ];
    for (const [i, q] of misses.entries()) {
      await getCachedSlots(c.db, q);
      expect(c.queries).toBe(2 * (i + 2));
      expect(await getCachedSlots(c.db, q)).toEqual(await getSlots(t.db, q));
    }
    expect(store.size).toBe(5);
  });

  it("puts every input but `now` into the key, whatever its order", () => {
    const base = input();
    expect(slotCacheKey({ ...base, now: 1 })).toBe(slotCacheKey({ ...base, now: 2 }));
    const reordered = { timeZone: base.timeZone, endDate: base.endDate, startDate: base.startDate, ref: base.ref };
    expect(slotCacheKey(reordered)).toBe(slotCacheKey(base));
    // An input added later (say, a chosen duration) changes the key by itself.
    expect(slotCacheKey({ ...base, durationMinutes: 60 } as GetSlotsInput)).not.toBe(slotCacheKey(base));
    expect(slotCacheKey({ ...base, timeZone: "Europe/Paris" })).not.toBe(slotCacheKey(base));
  });

  it("neither reads nor stores a reschedule's answer", async () => {
    const { booking } = await book("10:00");
    const c = counting(t.db);
    expect(times(await getCachedSlots(c.db, input()))).not.toContain("10:00");
    const mine = await getCachedSlots(c.db, input({ rescheduleUid: booking.uid }));
    expect(times(mine)).toContain("10:00"); // its own time is free for it
    expect(c.queries).toBe(4);
    await getCachedSlots(c.db, input({ rescheduleUid: booking.uid }));
    expect(c.queries).toBe(6);
    expect(store.size).toBe(1);
    // …and the shared answer still blocks it.
    expect(times(await getCachedSlots(c.db, input()))).not.toContain("10:00");
  });

  it("hands out an answer nobody can change", async () => {
    const res = await getCachedSlots(t.db, input());
    expect(() => res.slots[day].pop()).toThrow(TypeError);
    expect(() => {
      (res.slots[day][0] as { start: string }).start = "x";
    }).toThrow(TypeError);
    expect(times(await getCachedSlots(t.db, input()))).toEqual(ALL_DAY);
  });

  it("does not cache errors", async () => {
    const c = counting(t.db);
    const unknown = input({ ref: { eventTypeId: "nope" } });
    await expect(getCachedSlots(c.db, unknown)).rejects.toMatchObject({ code: "not_found" });
    await expect(getCachedSlots(c.db, unknown)).rejects.toMatchObject({ code: "not_found" });
    expect(c.queries).toBe(2);
    expect(store.size).toBe(0);
  });

  it("computes every time when the cache is off", async () => {
    const c = counting(t.db);
    await getCachedSlots(c.db, input(), null);
    await getCachedSlots(c.db, input(), null);
    expect(c.queries).toBe(4);
  });
});

describe("getCachedSlots: invalidation by the write paths", () => {
  it("createBooking: the booked time disappears at once", async () => {
    expect(times(await getCachedSlots(t.db, input()))).toContain("10:00");
    await book("10:00");
    const after = await getCachedSlots(t.db, input());
    expect(times(after)).not.toContain("10:00");
    expect(after).toEqual(await getSlots(t.db, input()));
  });

  it("an idempotent replay changes nothing and needs no invalidation", async () => {
    const request = { eventTypeId: intro.id, start: utc(day, "11:00"), attendee: testAttendee(1), idempotencyKey: "replay-key-1" };
    await createBooking(t.db, request);
    await getCachedSlots(t.db, input());
    expect(store.size).toBe(1);
    expect((await createBooking(t.db, request)).replayed).toBe(true);
    expect(store.size).toBe(1);
  });

  it("cancelBooking: the time is offered again at once", async () => {
    const { booking } = await book("10:00");
    expect(times(await getCachedSlots(t.db, input()))).not.toContain("10:00");
    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id });
    expect(times(await getCachedSlots(t.db, input()))).toEqual(ALL_DAY);
  });

  it("rescheduleBooking: the old time comes back, the new one goes", async () => {
    const { booking } = await book("10:00");
    expect(times(await getCachedSlots(t.db, input()))).toContain("14:00");
    await rescheduleBooking(t.db, booking.uid, { kind: "host", userId: host.id }, utc(day, "14:00"));
    const after = times(await getCachedSlots(t.db, input()));
    expect(after).toContain("10:00");
    expect(after).not.toContain("14:00");
  });

  it("a booking of one host leaves other hosts' cached slots alone", async () => {
    const other = await createTestHost(t.db, "Other");
    const otherType = await createTestEventType(t.db, other.id, { slug: "intro" });
    const otherInput = input({ ref: { eventTypeId: otherType.id } });
    await getCachedSlots(t.db, otherInput);
    await getCachedSlots(t.db, input());
    await book("10:00");
    const c = counting(t.db);
    await getCachedSlots(c.db, otherInput);
    expect(c.queries).toBe(0);
  });

  it("updateSchedule: new hours show at once", async () => {
    await getCachedSlots(t.db, input());
    const schedule = await t.db.schedule.findFirstOrThrow({ where: { userId: host.id, isDefault: true } });
    const weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][new Date(`${day}T12:00:00Z`).getUTCDay()];
    await updateSchedule(t.db, host.id, schedule.id, { weekly: [{ day: weekday as "monday", start: "13:00", end: "14:00" }] });
    expect(times(await getCachedSlots(t.db, input()))).toEqual(["13:00", "13:30"]);
  });

  it("updateEventType and deleteEventType: the new rules, then 404", async () => {
    await getCachedSlots(t.db, input());
    await updateEventType(t.db, host.id, intro.id, { durationMinutes: 60 });
    expect(times(await getCachedSlots(t.db, input()))).toEqual(["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
    await deleteEventType(t.db, host.id, intro.id);
    await expect(getCachedSlots(t.db, input())).rejects.toMatchObject({ code: "not_found" });
  });

  it("updateProfile: an old username's link stops answering at once", async () => {
    const bySlug = input({ ref: { username: host.username, eventSlug: "intro" } });
    await getCachedSlots(t.db, bySlug);
    await updateProfile(t.db, host.id, { username: `${host.username}-new` });
    await expect(getCachedSlots(t.db, bySlug)).rejects.toMatchObject({ code: "not_found" });
  });

  it("through HTTP: POST /api/v1/bookings, then GET /api/v1/slots no longer offers the time", async () => {
    const get = () => call(slotsRoute, "GET", { path: `/api/v1/slots?eventTypeId=${intro.id}&start=${day}&end=${day}&timeZone=UTC` });
    expect(times((await get()).body)).toContain("15:00");
    const made = await call(bookingsRoute, "POST", { body: { eventTypeId: intro.id, start: utc(day, "15:00"), attendee: testAttendee(7) } });
    expect(made.status).toBe(201);
    const after = await get();
    expect(after.headers.get("cache-control")).toBe("no-store");
    expect(times(after.body)).not.toContain("15:00");
  });
});

describe("getCachedSlots: races with invalidation", () => {
  it("does not store what was read before a booking committed and invalidated", async () => {
    let raw = 0;
    // Runs the real createBooking right after the slots computation has read
    // the bookings, before it stores its (now stale) answer.
    const racing = t.db.$extends({
      query: {
        async $allOperations({ operation, args, query }) {
          const result = await query(args);
          if (operation === "$queryRaw" && ++raw === 2) await book("12:00", 9);
          return result;
        },
      },
    }) as unknown as Db;
    const stale = await getCachedSlots(racing, input());
    expect(times(stale)).toContain("12:00"); // read before the booking existed
    expect(store.size).toBe(0); // …so it was not kept
    const c = counting(t.db);
    const fresh = await getCachedSlots(c.db, input());
    expect(c.queries).toBe(2);
    expect(times(fresh)).not.toContain("12:00");
  });

  it("stores a computation that overlapped only another host's invalidation", async () => {
    let raw = 0;
    const other = await createTestHost(t.db, "Other");
    const otherType = await createTestEventType(t.db, other.id);
    const racing = t.db.$extends({
      query: {
        async $allOperations({ operation, args, query }) {
          const result = await query(args);
          if (operation === "$queryRaw" && ++raw === 2) {
            await createBooking(t.db, { eventTypeId: otherType.id, start: utc(day, "12:00"), attendee: testAttendee(3) });
          }
          return result;
        },
      },
    }) as unknown as Db;
    await getCachedSlots(racing, input());
    expect(store.size).toBe(1);
  });
});

describe("getCachedSlots: time passing (minimum notice)", () => {
  const at = (time: string, date = day) => Date.parse(utc(date, time));

  it("drops cached slots that have come inside the minimum notice, as a fresh computation would", async () => {
    const window = input({ endDate: addDays(day, 1) });
    const c = counting(t.db);
    await getCachedSlots(c.db, { ...window, now: at("07:00") });
    expect(c.queries).toBe(2);
    // Every 13 minutes across both days: the hit equals a fresh computation.
    for (let now = at("07:00"); now <= at("18:00", addDays(day, 1)); now += 13 * 60_000) {
      const cached = await getCachedSlots(c.db, { ...window, now });
      expect(cached).toEqual(await getSlots(t.db, { ...window, now }));
    }
    expect(c.queries).toBe(2);
    // 09:40 with 60 minutes' notice: 11:00 is the first slot; the next day is whole.
    const later = await getCachedSlots(c.db, { ...window, now: at("09:40") });
    expect(times(later)).toEqual(ALL_DAY.slice(4));
    expect(times(later, addDays(day, 1))).toEqual(ALL_DAY);
    // Past the first day: it is gone from the answer, not left empty.
    expect(Object.keys((await getCachedSlots(c.db, { ...window, now: at("17:00") })).slots)).toEqual([addDays(day, 1)]);
  });

  it("recomputes for a `now` earlier than the cached computation's", async () => {
    const c = counting(t.db);
    await getCachedSlots(c.db, input({ now: at("10:00") }));
    const earlier = await getCachedSlots(c.db, input({ now: at("07:00") }));
    expect(c.queries).toBe(4);
    expect(times(earlier)).toEqual(ALL_DAY);
  });
});
