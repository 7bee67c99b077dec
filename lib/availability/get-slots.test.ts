/**
 * The availability engine against a real database (PostgreSQL with
 * TEST_DATABASE_URL, else PGlite): loadSlotContext's two queries, getSlots and
 * the public GET /api/v1/slots route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as slotsRoute } from "@/app/api/v1/slots/route";
import { call } from "@/test/api-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { MINUTE_MS } from "../time";
import { createUser } from "../users/create-user";
import { getSlots } from "./get-slots";
import { isSlotOffered } from "./is-slot-offered";
import { loadSlotContext } from "./load-slot-context";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const at = (iso: string) => Date.parse(iso);
// Monday 1 June 2026, before any slot of the week.
const NOW = at("2026-06-01T00:00:00Z");
let counter = 0;

/** A host with the default Mon–Fri 09:00–17:00 schedule in `timeZone`, and a 30-minute event type. */
async function hostWithEventType(
  timeZone = "Europe/Berlin",
  eventType: Partial<{ slug: string; hidden: boolean; bufferBeforeMinutes: number; bufferAfterMinutes: number; scheduleId: string | null }> = {},
  rules: Partial<Pick<Prisma.EventTypeUncheckedCreateInput, "durationOptions" | "slotIntervalMinutes" | "alignStartsTo" | "limits" | "bookingWindowType" | "bookingWindowStart" | "bookingWindowEnd">> = {},
) {
  counter++;
  const username = `avail-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const user = await createUser(t.db, { email: `${username}@example.com`, name: `Host ${counter}`, username, password: "a good password", timeZone });
  const type = await t.db.eventType.create({
    data: {
      userId: user.id,
      slug: eventType.slug ?? "intro",
      title: "Intro call",
      durationMinutes: 30,
      locationType: "link",
      locationValue: "https://meet.example.com/x",
      minimumNoticeMinutes: 0,
      bufferBeforeMinutes: eventType.bufferBeforeMinutes ?? 10,
      bufferAfterMinutes: eventType.bufferAfterMinutes ?? 15,
      bookingWindowDays: 60,
      hidden: eventType.hidden ?? false,
      scheduleId: eventType.scheduleId ?? null,
      ...rules,
    },
  });
  return { user, type };
}

let bookingCounter = 0;
async function book(db: Db, hostId: string, eventTypeId: string | null, start: string, minutes: number, buffers: [number, number], status: "confirmed" | "cancelled" = "confirmed") {
  bookingCounter++;
  const s = at(start);
  const e = s + minutes * MINUTE_MS;
  return db.booking.create({
    data: {
      uid: `uid-${bookingCounter}-${Math.random().toString(36).slice(2, 8)}`,
      hostId,
      eventTypeId,
      title: "Meeting",
      startAt: new Date(s),
      endAt: new Date(e),
      blockedStartAt: new Date(s - buffers[0] * MINUTE_MS),
      blockedEndAt: new Date(e + buffers[1] * MINUTE_MS),
      status,
      attendeeName: "Guest",
      attendeeEmail: "guest@example.com",
      attendeeTimeZone: "Europe/Berlin",
      locationType: "link",
      guestTokenHash: `hash-${bookingCounter}-${Math.random()}`,
    },
  });
}

const times = (slots: { start: string }[] | undefined) => (slots ?? []).map((s) => s.start.slice(11, 16));

describe("getSlots", () => {
  it("offers the host's hours in the guest's days, with the guest's offset", async () => {
    const { user, type } = await hostWithEventType();
    const res = await getSlots(t.db, {
      ref: { username: user.username, eventSlug: "intro" },
      startDate: "2026-06-01",
      endDate: "2026-06-07",
      timeZone: "Europe/Berlin",
      now: NOW,
    });
    expect(res.timeZone).toBe("Europe/Berlin");
    expect(Object.keys(res.slots)).toEqual(["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05"]);
    expect(res.slots["2026-06-01"]).toHaveLength(16);
    expect(res.slots["2026-06-01"][0]).toEqual({ start: "2026-06-01T09:00:00.000+02:00", end: "2026-06-01T09:30:00.000+02:00" });
    // Same answer by id.
    const byId = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-07", timeZone: "Europe/Berlin", now: NOW });
    expect(byId).toEqual(res);
  });

  it("removes a booked slot and its buffer neighbourhood; cancelled bookings and other hosts do not block", async () => {
    const { user, type } = await hostWithEventType();
    const other = await hostWithEventType();
    const booking = await book(t.db, user.id, type.id, "2026-06-02T11:00:00+02:00", 30, [10, 15]);
    await book(t.db, user.id, type.id, "2026-06-02T14:00:00+02:00", 30, [10, 15], "cancelled");
    await book(t.db, other.user.id, other.type.id, "2026-06-02T15:00:00+02:00", 30, [10, 15]);
    const ask = (rescheduleUid?: string) =>
      getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-02", endDate: "2026-06-02", timeZone: "Europe/Berlin", now: NOW, rescheduleUid });
    const res = await ask();
    // Blocked 10:50–11:45; this type's padding is 10 min before and 15 after:
    // 10:30 (pads to 11:15), 11:00 and 11:30 (pads from 11:20) go; 10:00 and 12:00 stay.
    expect(times(res.slots["2026-06-02"])).toEqual([
      "09:00", "09:30", "10:00", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30",
    ]);
    // Rescheduling that booking: its own time is free for it.
    expect(res.slots["2026-06-02"]).not.toContainEqual(expect.objectContaining({ start: "2026-06-02T11:00:00.000+02:00" }));
    expect((await ask(booking.uid)).slots["2026-06-02"]).toHaveLength(16);
  });

  it("blocks with a booking of another of the host's event types, and one made with no event type", async () => {
    const { user, type } = await hostWithEventType();
    const second = await t.db.eventType.create({
      data: { userId: user.id, slug: "long", title: "Long", durationMinutes: 120, locationType: "phone", locationValue: "+1 555 0100" },
    });
    await book(t.db, user.id, second.id, "2026-06-03T09:00:00+02:00", 120, [0, 0]);
    await book(t.db, user.id, null, "2026-06-03T16:00:00+02:00", 60, [0, 0]);
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-03", endDate: "2026-06-03", timeZone: "Europe/Berlin", now: NOW });
    // Busy 09:00–11:00 and 16:00–17:00. With 10 min padding before, 11:00 is
    // too close; with 15 min after, so is 15:30 (it would end 16:00).
    expect(times(res.slots["2026-06-03"])).toEqual(["11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00"]);
  });

  it("still offers a hidden event type by direct link and by id", async () => {
    const { user, type } = await hostWithEventType("Europe/Berlin", { slug: "secret", hidden: true });
    const bySlug = await getSlots(t.db, { ref: { username: user.username, eventSlug: "secret" }, startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "UTC", now: NOW });
    expect(bySlug.slots["2026-06-01"]).toHaveLength(16);
    const byId = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "UTC", now: NOW });
    expect(byId).toEqual(bySlug);
    await expect(loadSlotContext(t.db, { eventTypeId: type.id }, { start: NOW, end: NOW + 1 }, { includeHidden: false })).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers not_found for an unknown slug, username or id", async () => {
    const { user } = await hostWithEventType();
    const base = { startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "UTC", now: NOW };
    await expect(getSlots(t.db, { ...base, ref: { username: user.username, eventSlug: "nope" } })).rejects.toMatchObject({ code: "not_found", message: "Event type was not found." });
    await expect(getSlots(t.db, { ...base, ref: { username: "nobody-here", eventSlug: "intro" } })).rejects.toMatchObject({ code: "not_found" });
    await expect(getSlots(t.db, { ...base, ref: { eventTypeId: "c-not-an-id" } })).rejects.toMatchObject({ code: "not_found" });
  });

  it("closes a day with a schedule override and uses override hours", async () => {
    const { user, type } = await hostWithEventType();
    await t.db.schedule.updateMany({
      where: { userId: user.id, isDefault: true },
      data: { overrides: [{ date: "2026-06-03", intervals: [] }, { date: "2026-06-06", intervals: [{ start: "10:00", end: "11:00" }] }] },
    });
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-07", timeZone: "Europe/Berlin", now: NOW });
    expect(Object.keys(res.slots)).toEqual(["2026-06-01", "2026-06-02", "2026-06-04", "2026-06-05", "2026-06-06"]);
    expect(times(res.slots["2026-06-06"])).toEqual(["10:00", "10:30"]);
  });

  it("uses the event type's own schedule, else the default, else no hours", async () => {
    const { user, type } = await hostWithEventType();
    const evenings = await t.db.schedule.create({
      data: { userId: user.id, name: "Evenings", timeZone: "Asia/Tokyo", weekly: [{ day: "monday", start: "19:00", end: "20:00" }] },
    });
    await t.db.eventType.update({ where: { id: type.id }, data: { scheduleId: evenings.id } });
    const ask = () => getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "Asia/Tokyo", now: NOW });
    expect((await ask()).slots).toEqual({
      "2026-06-01": [
        { start: "2026-06-01T19:00:00.000+09:00", end: "2026-06-01T19:30:00.000+09:00" },
        { start: "2026-06-01T19:30:00.000+09:00", end: "2026-06-01T20:00:00.000+09:00" },
      ],
    });
    await t.db.schedule.delete({ where: { id: evenings.id } }); // schedule_id → NULL: the default applies
    expect((await ask()).slots["2026-06-01"]).toHaveLength(16);
    await t.db.schedule.deleteMany({ where: { userId: user.id } });
    expect((await ask()).slots).toEqual({});
  });

  it("ignores a schedule id that belongs to another user", async () => {
    const { type } = await hostWithEventType();
    const stranger = await hostWithEventType("Asia/Tokyo");
    const foreign = await t.db.schedule.findFirstOrThrow({ where: { userId: stranger.user.id } });
    await t.db.eventType.update({ where: { id: type.id }, data: { scheduleId: foreign.id } });
    const ctx = await loadSlotContext(t.db, { eventTypeId: type.id }, { start: NOW, end: NOW + 86_400_000 });
    expect(ctx.query.rules).toEqual({ timeZone: "Europe/Berlin", weekly: [], overrides: [], outOfOffice: [] });
  });

  it("keys days in the guest's zone when a host day straddles two guest days", async () => {
    const { type } = await hostWithEventType("Europe/Berlin");
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-02", timeZone: "Pacific/Auckland", now: NOW });
    // Berlin 09:00–17:00 (+02:00) is Auckland 19:00–03:00 (+12:00). Monday's
    // Berlin morning falls on Auckland's Monday evening, its afternoon on Tuesday.
    expect(times(res.slots["2026-06-01"])).toEqual(["19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00", "22:30", "23:00", "23:30"]);
    expect(res.slots["2026-06-02"][0]).toEqual({ start: "2026-06-02T00:00:00.000+12:00", end: "2026-06-02T00:30:00.000+12:00" });
    // Tuesday 2 June in Auckland also holds Berlin Tuesday morning from 19:00.
    expect(times(res.slots["2026-06-02"])).toHaveLength(6 + 10);
  });

  it("offers the guest's chosen duration, and refuses one that is not an option (400 on duration)", async () => {
    const { type } = await hostWithEventType("Europe/Berlin", { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }, { durationOptions: [15, 30, 60] });
    const ask = (durationMinutes?: number) =>
      getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "Europe/Berlin", now: NOW, durationMinutes });
    const byDefault = await ask();
    expect(byDefault.durationMinutes).toBe(30);
    expect(byDefault.slots["2026-06-01"]).toHaveLength(16);
    const hour = await ask(60);
    expect(hour.durationMinutes).toBe(60);
    expect(hour.slots["2026-06-01"][0]).toEqual({ start: "2026-06-01T09:00:00.000+02:00", end: "2026-06-01T10:00:00.000+02:00" });
    expect(hour.slots["2026-06-01"]).toHaveLength(8);
    expect((await ask(15)).slots["2026-06-01"]).toHaveLength(32);
    await expect(ask(45)).rejects.toMatchObject({ code: "validation_error", details: [{ path: "duration", message: "Pick one of 15, 30, 60 minutes." }] });
  });

  it("closes out-of-office dates and honours overnight hours, the hour grid and limits end to end", async () => {
    const { user, type } = await hostWithEventType("Europe/Berlin", { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }, {
      slotIntervalMinutes: 20,
      alignStartsTo: "hour",
      limits: { perDay: { count: 1 } },
    });
    await t.db.schedule.updateMany({
      where: { userId: user.id, isDefault: true },
      data: { weekly: [{ day: "monday", start: "09:10", end: "10:00" }, { day: "tuesday", start: "22:00", end: "01:00" }, { day: "wednesday", start: "09:00", end: "10:00" }] },
    });
    await t.db.outOfOffice.create({ data: { userId: user.id, startDate: new Date("2026-06-03T00:00:00Z"), endDate: new Date("2026-06-03T00:00:00Z") } });
    await book(t.db, user.id, type.id, "2026-06-08T09:20:00+02:00", 30, [0, 0]);
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-09", timeZone: "Europe/Berlin", now: NOW });
    // Monday: 09:20 and 09:40 on the hour grid (09:40 would end 10:10: out) → 09:20 only.
    expect(times(res.slots["2026-06-01"])).toEqual(["09:20"]);
    // Tuesday night runs to 01:00 but Wednesday is out of office: it stops at midnight.
    expect(times(res.slots["2026-06-02"])).toEqual(["22:00", "22:20", "22:40", "23:00", "23:20"]);
    expect(res.slots["2026-06-03"]).toBeUndefined();
    // Monday 8 June already has its one booking.
    expect(res.slots["2026-06-08"]).toBeUndefined();
    expect(times(res.slots["2026-06-09"])).toEqual(["22:00", "22:20", "22:40", "23:00", "23:20", "23:40"]);
  });

  it("names the days on which the host works but every time is taken (fully booked), not days off", async () => {
    const { user, type } = await hostWithEventType("Europe/Berlin", { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }, { limits: { perDay: { count: 2 } } });
    await t.db.schedule.updateMany({ where: { userId: user.id, isDefault: true }, data: { weekly: [
      { day: "monday", start: "09:00", end: "10:00" }, { day: "tuesday", start: "09:00", end: "10:00" }, { day: "wednesday", start: "09:00", end: "10:00" },
    ] } });
    await t.db.outOfOffice.create({ data: { userId: user.id, startDate: new Date("2026-06-03T00:00:00Z"), endDate: new Date("2026-06-03T00:00:00Z") } });
    // Monday: both times booked. Tuesday: one booked, one free.
    await book(t.db, user.id, type.id, "2026-06-01T09:00:00+02:00", 30, [0, 0]);
    await book(t.db, user.id, null, "2026-06-01T09:30:00+02:00", 30, [0, 0]);
    await book(t.db, user.id, type.id, "2026-06-02T09:00:00+02:00", 30, [0, 0]);
    // Next Monday: the daily limit of 2 reached with one time still open.
    await book(t.db, user.id, type.id, "2026-06-08T09:00:00+02:00", 30, [0, 0]);
    await book(t.db, user.id, type.id, "2026-06-08T09:30:00+02:00", 30, [0, 0]);
    const res = await getSlots(t.db, { ref: { eventTypeId: type.id }, startDate: "2026-06-01", endDate: "2026-06-10", timeZone: "Europe/Berlin", now: NOW });
    expect(Object.keys(res.slots)).toEqual(["2026-06-02", "2026-06-09", "2026-06-10"]);
    // Out of office (3 June) and days without hours (Thursday–Sunday) are not "fully booked".
    expect(res.fullyBooked).toEqual(["2026-06-01", "2026-06-08"]);
  });

  it("validates the range", async () => {
    const { type } = await hostWithEventType();
    const base = { ref: { eventTypeId: type.id }, timeZone: "UTC", now: NOW };
    await expect(getSlots(t.db, { ...base, startDate: "2026-06-05", endDate: "2026-06-04" })).rejects.toMatchObject({ code: "validation_error", details: [{ path: "end" }] });
    await expect(getSlots(t.db, { ...base, startDate: "2026-06-01", endDate: "2026-08-02" })).rejects.toMatchObject({ code: "validation_error" });
    expect(await getSlots(t.db, { ...base, startDate: "2026-06-01", endDate: "2026-08-01" })).toHaveProperty("slots"); // 62 days
    await expect(getSlots(t.db, { ...base, startDate: "2026-02-30", endDate: "2026-03-01" })).rejects.toMatchObject({ code: "validation_error", details: [{ path: "start" }] });
    await expect(getSlots(t.db, { ...base, startDate: "2026-06-01", endDate: "2026-06-01", timeZone: "Moon/Base" })).rejects.toMatchObject({ code: "validation_error", details: [{ path: "timeZone" }] });
  });
});

describe("loadSlotContext", () => {
  it("loads the event type, host, rules and only nearby live busy ranges, in two queries", async () => {
    const { user, type } = await hostWithEventType("America/New_York");
    await book(t.db, user.id, type.id, "2026-06-02T10:00:00-04:00", 30, [10, 15]);
    await book(t.db, user.id, type.id, "2026-07-20T10:00:00-04:00", 30, [10, 15]); // far away
    await book(t.db, user.id, type.id, "2026-06-02T12:00:00-04:00", 30, [10, 15], "cancelled");
    // Ends exactly where the window padded by the 10-minute buffer begins: cannot matter.
    await book(t.db, user.id, type.id, "2026-06-01T23:00:00-04:00", 30, [0, 20]);

    let queries = 0;
    const counted = t.db.$extends({
      query: {
        async $allOperations({ args, query }) {
          queries++;
          return query(args);
        },
      },
    }) as unknown as Db;
    const window = { start: at("2026-06-02T00:00:00-04:00"), end: at("2026-06-03T00:00:00-04:00") };
    const ctx = await loadSlotContext(counted, { username: user.username.toUpperCase(), eventSlug: "INTRO" }, window);
    expect(queries).toBe(2);
    expect(ctx.host).toEqual({ id: user.id, name: user.name, username: user.username, timeZone: "America/New_York" });
    expect(ctx.eventType).toEqual(await t.db.eventType.findUniqueOrThrow({ where: { id: type.id } }));
    expect(ctx.query.rules.timeZone).toBe("America/New_York");
    expect(ctx.query.rules.weekly).toContainEqual({ day: "monday", start: "09:00", end: "17:00" });
    expect(ctx.query.policy).toEqual({
      durationMinutes: 30,
      slotIntervalMinutes: null,
      alignStartsTo: "interval",
      minimumNoticeMinutes: 0,
      bufferBeforeMinutes: 10,
      bufferAfterMinutes: 15,
      bookingWindow: { type: "rolling", days: 60 },
      limits: {},
    });
    expect(ctx.durationOptions).toEqual([30]);
    expect(ctx.query.eventTypeBookings).toEqual([]);
    expect(ctx.query.busy).toEqual([{ start: at("2026-06-02T09:50:00-04:00"), end: at("2026-06-02T10:45:00-04:00") }]);
  });

  it("with limits, also loads this event type's bookings of the periods around the window — still two queries", async () => {
    const { user, type } = await hostWithEventType("Asia/Tokyo", {}, { limits: { perDay: { count: 3 }, perMonth: { minutes: 600 } } });
    const other = await t.db.eventType.create({
      data: { userId: user.id, slug: "other", title: "Other", durationMinutes: 30, locationType: "link", locationValue: "https://meet.example.com/y" },
    });
    // Tokyo's June: 1 June 00:00 +09:00 … 30 June 24:00 +09:00.
    await book(t.db, user.id, type.id, "2026-06-01T00:30:00+09:00", 30, [0, 0]); // counted (June)
    await book(t.db, user.id, type.id, "2026-06-29T10:00:00+09:00", 45, [0, 0]); // counted (June)
    await book(t.db, user.id, type.id, "2026-05-31T23:30:00+09:00", 30, [0, 0]); // May: not needed
    await book(t.db, user.id, other.id, "2026-06-20T10:00:00+09:00", 30, [0, 0]); // another event type
    await book(t.db, user.id, type.id, "2026-06-21T10:00:00+09:00", 30, [0, 0], "cancelled");
    const moved = await book(t.db, user.id, type.id, "2026-06-22T10:00:00+09:00", 30, [0, 0]); // being rescheduled

    let queries = 0;
    const counted = t.db.$extends({ query: { async $allOperations({ args, query }) { queries++; return query(args); } } }) as unknown as Db;
    const window = { start: at("2026-06-10T00:00:00+09:00"), end: at("2026-06-11T00:00:00+09:00") };
    const ctx = await loadSlotContext(counted, { eventTypeId: type.id }, window, { excludeBookingUid: moved.uid });
    expect(queries).toBe(2);
    expect(ctx.query.policy.limits).toEqual({ perDay: { count: 3 }, perMonth: { minutes: 600 } });
    expect(ctx.query.eventTypeBookings!.map((b) => new Date(b.start).toISOString()).sort()).toEqual([
      "2026-05-31T15:30:00.000Z",
      "2026-06-29T01:00:00.000Z",
    ]);
    expect(ctx.query.eventTypeBookings!.find((b) => b.start === at("2026-06-29T10:00:00+09:00"))!.end).toBe(at("2026-06-29T10:45:00+09:00"));
  });

  it("loads the host's out-of-office ranges near the window, whatever schedule the event type uses", async () => {
    const { user, type } = await hostWithEventType("Europe/Berlin");
    await t.db.outOfOffice.createMany({
      data: [
        { userId: user.id, startDate: new Date("2026-06-03T00:00:00Z"), endDate: new Date("2026-06-04T00:00:00Z"), note: "Conference" },
        { userId: user.id, startDate: new Date("2026-09-01T00:00:00Z"), endDate: new Date("2026-09-30T00:00:00Z") },
      ],
    });
    const stranger = await hostWithEventType("Europe/Berlin");
    await t.db.outOfOffice.create({ data: { userId: stranger.user.id, startDate: new Date("2026-06-02T00:00:00Z"), endDate: new Date("2026-06-02T00:00:00Z") } });
    const ctx = await loadSlotContext(t.db, { eventTypeId: type.id }, { start: at("2026-06-01T00:00:00+02:00"), end: at("2026-06-08T00:00:00+02:00") });
    expect(ctx.query.rules.outOfOffice).toEqual([{ start: "2026-06-03", end: "2026-06-04" }]);
  });

  it("works inside a transaction, as the booking helper uses it", async () => {
    const { user, type } = await hostWithEventType("UTC");
    const booking = await book(t.db, user.id, type.id, "2026-06-02T10:00:00Z", 30, [10, 15]);
    const start = at("2026-06-02T10:00:00Z");
    const window = { start: start - 86_400_000, end: start + 2 * 86_400_000 };
    const [taken, freeForReschedule] = await t.db.$transaction(async (tx) => {
      const a = await loadSlotContext(tx, { eventTypeId: type.id }, window);
      const b = await loadSlotContext(tx, { eventTypeId: type.id }, window, { excludeBookingUid: booking.uid });
      return [isSlotOffered({ ...a.query, now: NOW }, start), isSlotOffered({ ...b.query, now: NOW }, start)];
    });
    expect(taken).toBe(false);
    expect(freeForReschedule).toBe(true);
  });
});

describe("GET /api/v1/slots", () => {
  const get = (query: string) => call(slotsRoute, "GET", { path: `/api/v1/slots?${query}` });

  it("answers slots keyed by the guest's days, never cached", async () => {
    const { user } = await hostWithEventType("Europe/Berlin");
    // Far enough ahead to be inside no one's minimum notice, within the 60-day window.
    const day = new Date(Date.now() + 7 * 86_400_000);
    while (day.getUTCDay() !== 3) day.setUTCDate(day.getUTCDate() + 1); // a Wednesday
    const date = day.toISOString().slice(0, 10);
    const res = await get(`username=${user.username}&eventSlug=intro&start=${date}&end=${date}&timeZone=America/New_York`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.timeZone).toBe("America/New_York");
    expect(Object.keys(res.body.slots)).toEqual([date]);
    expect(res.body.slots[date]).toHaveLength(16);
    expect(res.body.slots[date][0].start).toMatch(/^\d{4}-\d{2}-\d{2}T0[23]:00:00\.000-0[45]:00$/);
  });

  it("answers 400 validation_error with details for bad input", async () => {
    const res = await get("username=x&eventSlug=y&start=2026-02-30&end=2026-13-01&timeZone=Mars/Base");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("validation_error");
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["end", "start", "timeZone"]);
    const noRef = await get("start=2026-06-01&end=2026-06-02&timeZone=UTC");
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.details[0].path).toBe("eventTypeId");
    const both = await get("eventTypeId=a&username=b&eventSlug=c&start=2026-06-01&end=2026-06-02&timeZone=UTC");
    expect(both.status).toBe(400);
    const tooLong = await get("eventTypeId=a&start=2026-01-01&end=2026-06-01&timeZone=UTC");
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain("62 days");
  });

  it("answers 400 on duration for a length that is not offered or not a number", async () => {
    const { user } = await hostWithEventType("Europe/Berlin", {}, { durationOptions: [30, 60] });
    const base = `username=${user.username}&eventSlug=intro&start=2026-06-01&end=2026-06-02&timeZone=UTC`;
    const bad = await get(`${base}&duration=45`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_error");
    expect(bad.body.error.details).toEqual([{ path: "duration", message: "Pick one of 30, 60 minutes." }]);
    const text = await get(`${base}&duration=half-hour`);
    expect(text.status).toBe(400);
    expect(text.body.error.details[0].path).toBe("duration");
    const ok = await get(`${base}&duration=60`);
    expect(ok.status).toBe(200);
    expect(ok.body.durationMinutes).toBe(60);
  });

  it("answers 404 not_found for an unknown event", async () => {
    const res = await get("username=nobody&eventSlug=none&start=2026-06-01&end=2026-06-02&timeZone=UTC");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
