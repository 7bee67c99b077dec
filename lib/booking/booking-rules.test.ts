/**
 * The booking path re-validates with the same engine that offered the slot:
 * durations, limits, out-of-office, overnight hours, the hour grid and the
 * booking window are checked again inside the transaction (offer == accept).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import { GET as slotsRoute } from "@/app/api/v1/slots/route";
import { POST as createRoute } from "@/app/api/v1/bookings/route";
import { POST as rescheduleRoute } from "@/app/api/v1/bookings/[uid]/reschedule/route";
import { call } from "@/test/api-test-helpers";
import type { EventType, Prisma, User } from "../db/generated/client";
import { addDays, mondayOf } from "../time";
import { createBooking } from "./create-booking";
import { rescheduleBooking } from "./reschedule-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
let host: User;
let chat: EventType;
// A Monday at least a week ahead, and its week (the test host's schedule is every day 09:00–17:00 UTC).
const monday = mondayOf(dayFromToday(9));
const tuesday = addDays(monday, 1);
const wednesday = addDays(monday, 2);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  host = await createTestHost(t.db);
  chat = await createTestEventType(t.db, host.id, { slug: "chat", durationMinutes: 30 });
});

async function setRules(data: Prisma.EventTypeUpdateInput) {
  chat = await t.db.eventType.update({ where: { id: chat.id }, data });
}

const book = (start: string, extra: { durationMinutes?: number; n?: number; idempotencyKey?: string } = {}) =>
  createBooking(t.db, {
    eventTypeId: chat.id,
    start,
    attendee: testAttendee(extra.n ?? 1),
    durationMinutes: extra.durationMinutes,
    idempotencyKey: extra.idempotencyKey,
  });

const countBookings = () => t.db.booking.count({ where: { hostId: host.id } });

describe("durations", () => {
  beforeEach(() => setRules({ durationOptions: [15, 30, 60], bufferAfterMinutes: 10 }));

  it("books the length the guest picked, buffers around it", async () => {
    const { booking } = await book(utc(monday, "10:00"), { durationMinutes: 60 });
    expect(booking.endAt.toISOString()).toBe(`${monday}T11:00:00.000Z`);
    expect(booking.blockedEndAt.toISOString()).toBe(`${monday}T11:10:00.000Z`);
    const short = await book(utc(monday, "12:00"), { n: 2 });
    expect(short.booking.endAt.toISOString()).toBe(`${monday}T12:30:00.000Z`);
  });

  it("refuses a length that is not an option with 400 on durationMinutes, writing nothing", async () => {
    await expect(book(utc(monday, "10:00"), { durationMinutes: 45 })).rejects.toMatchObject({
      code: "validation_error",
      details: [{ path: "durationMinutes", message: "Pick one of 15, 30, 60 minutes." }],
    });
    expect(await countBookings()).toBe(0);
  });

  it("accepts exactly the starts the slots API offers for that length", async () => {
    // 60-minute meetings start on the hour (the grid steps by the duration): 10:30 is offered
    // for 30 minutes but not for 60.
    await expect(book(utc(monday, "10:30"), { durationMinutes: 60 })).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(monday, "10:30"), { durationMinutes: 30 })).booking.status).toBe("confirmed");
    // 16:30 + 60 min would end after 17:00.
    await expect(book(utc(tuesday, "16:30"), { durationMinutes: 60, n: 2 })).rejects.toMatchObject({ code: "slot_unavailable" });
  });

  it("an idempotent retry with another length is a different booking: 409 conflict", async () => {
    await book(utc(monday, "10:00"), { durationMinutes: 60, idempotencyKey: "key-duration-1" });
    await expect(book(utc(monday, "10:00"), { durationMinutes: 30, idempotencyKey: "key-duration-1" })).rejects.toMatchObject({ code: "conflict" });
    const again = await book(utc(monday, "10:00"), { durationMinutes: 60, idempotencyKey: "key-duration-1" });
    expect(again.replayed).toBe(true);
  });

  it("reschedule keeps the booking's own length while it is an option, or takes the one asked for", async () => {
    const { booking, guestToken } = await book(utc(monday, "10:00"), { durationMinutes: 60 });
    const guest = { kind: "guest" as const, token: guestToken! };
    const kept = await rescheduleBooking(t.db, booking.uid, guest, utc(tuesday, "14:00"));
    expect(kept.endAt.toISOString()).toBe(`${tuesday}T15:00:00.000Z`);
    const shorter = await rescheduleBooking(t.db, booking.uid, guest, utc(tuesday, "14:15"), { durationMinutes: 15 });
    expect(shorter.endAt.toISOString()).toBe(`${tuesday}T14:30:00.000Z`);
    await expect(rescheduleBooking(t.db, booking.uid, guest, utc(tuesday, "15:00"), { durationMinutes: 20 })).rejects.toMatchObject({
      code: "validation_error",
      details: [{ path: "durationMinutes" }],
    });
    // No longer an option: the default length.
    await setRules({ durationOptions: [] });
    const fallback = await rescheduleBooking(t.db, booking.uid, guest, utc(wednesday, "09:00"));
    expect(fallback.endAt.toISOString()).toBe(`${wednesday}T09:30:00.000Z`);
  });
});

describe("limits", () => {
  it("refuses a booking on a day at its count with 409 slot_unavailable; another day is fine", async () => {
    await setRules({ limits: { perDay: { count: 2 } } });
    await book(utc(monday, "09:00"), { n: 1 });
    await book(utc(monday, "11:00"), { n: 2 });
    await expect(book(utc(monday, "14:00"), { n: 3 })).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(tuesday, "14:00"), { n: 3 })).booking.status).toBe("confirmed");
    expect(await countBookings()).toBe(3);
  });

  it("refuses a meeting that would go past the booked minutes, accepts a shorter one", async () => {
    await setRules({ durationOptions: [30, 60], limits: { perDay: { minutes: 90 } } });
    await book(utc(monday, "09:00"), { n: 1, durationMinutes: 30 });
    await book(utc(monday, "10:00"), { n: 2, durationMinutes: 30 });
    await expect(book(utc(monday, "13:00"), { n: 3, durationMinutes: 60 })).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(monday, "13:00"), { n: 3, durationMinutes: 30 })).booking.status).toBe("confirmed");
    await expect(book(utc(monday, "15:00"), { n: 4, durationMinutes: 30 })).rejects.toMatchObject({ code: "slot_unavailable" });
  });

  it("counts the week from Monday and only this event type's live bookings", async () => {
    await setRules({ limits: { perWeek: { count: 1 } } });
    const other = await createTestEventType(t.db, host.id, { slug: "other" });
    await createBooking(t.db, { eventTypeId: other.id, start: utc(monday, "09:00"), attendee: testAttendee(9) });
    const first = await book(utc(tuesday, "09:00"));
    await expect(book(utc(addDays(monday, 6), "16:00"), { n: 2 })).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(addDays(monday, 7), "09:00"), { n: 2 })).booking.status).toBe("confirmed");
    // A cancelled booking no longer counts.
    await t.db.booking.update({ where: { id: first.booking.id }, data: { status: "cancelled" } });
    expect((await book(utc(wednesday, "09:00"), { n: 3 })).booking.status).toBe("confirmed");
  });

  it("lets a booking move within a full day: its own time does not count against it", async () => {
    await setRules({ limits: { perDay: { count: 1 } } });
    const { booking, guestToken } = await book(utc(monday, "09:00"));
    const moved = await rescheduleBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, utc(monday, "15:00"));
    expect(moved.startAt.toISOString()).toBe(`${monday}T15:00:00.000Z`);
  });
});

describe("out of office, overnight hours, the hour grid and the window", () => {
  it("refuses a time on an out-of-office date", async () => {
    await t.db.outOfOffice.create({ data: { userId: host.id, startDate: new Date(`${tuesday}T00:00:00Z`), endDate: new Date(`${wednesday}T00:00:00Z`) } });
    await expect(book(utc(tuesday, "10:00"))).rejects.toMatchObject({ code: "slot_unavailable" });
    await expect(book(utc(wednesday, "16:30"))).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(addDays(wednesday, 1), "10:00"))).booking.status).toBe("confirmed");
  });

  it("accepts a start in overnight hours after midnight", async () => {
    await t.db.schedule.updateMany({ where: { userId: host.id }, data: { weekly: [{ day: "monday", start: "22:00", end: "02:00" }] } });
    const { booking } = await book(`${tuesday}T01:00:00Z`);
    expect(booking.endAt.toISOString()).toBe(`${tuesday}T01:30:00.000Z`);
    // The last half hour ends exactly at 02:00; from 02:00 it is closed.
    expect((await book(`${tuesday}T01:30:00Z`, { n: 2 })).booking.status).toBe("confirmed");
    await expect(book(`${tuesday}T02:00:00Z`, { n: 3 })).rejects.toMatchObject({ code: "slot_unavailable" });
  });

  it("accepts only starts on the hour grid when alignStartsTo is hour", async () => {
    await t.db.schedule.updateMany({ where: { userId: host.id }, data: { weekly: [{ day: "monday", start: "09:10", end: "12:00" }] } });
    await setRules({ slotIntervalMinutes: 20, alignStartsTo: "hour" });
    await expect(book(utc(monday, "09:10"))).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(monday, "09:20"))).booking.status).toBe("confirmed");
    expect((await book(utc(monday, "10:40"), { n: 2 })).booking.status).toBe("confirmed");
  });

  it("accepts only dates inside a fixed date range", async () => {
    await setRules({ bookingWindowType: "range", bookingWindowStart: new Date(`${tuesday}T00:00:00Z`), bookingWindowEnd: new Date(`${tuesday}T00:00:00Z`) });
    await expect(book(utc(monday, "10:00"))).rejects.toMatchObject({ code: "slot_unavailable" });
    await expect(book(utc(wednesday, "10:00"))).rejects.toMatchObject({ code: "slot_unavailable" });
    expect((await book(utc(tuesday, "10:00"))).booking.status).toBe("confirmed");
  });
});

describe("over HTTP", () => {
  it("POST /api/v1/bookings: 400 on durationMinutes for a length that is not offered, 409 at a limit", async () => {
    await setRules({ durationOptions: [30, 60], limits: { perDay: { count: 1 } } });
    const body = { eventTypeId: chat.id, start: utc(monday, "10:00"), attendee: testAttendee(1) };
    const wrong = await call(createRoute, "POST", { body: { ...body, durationMinutes: 45 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({ code: "validation_error", message: "That duration is not offered.", details: [{ path: "durationMinutes", message: "Pick one of 30, 60 minutes." }] });
    const typo = await call(createRoute, "POST", { body: { ...body, durationMinutes: "60" } });
    expect(typo.status).toBe(400);
    expect(typo.body.error.details[0].path).toBe("durationMinutes");
    const made = await call(createRoute, "POST", { body: { ...body, durationMinutes: 60 } });
    expect(made.status).toBe(201);
    expect(made.body.end).toBe(`${monday}T11:00:00.000Z`);
    const full = await call(createRoute, "POST", { body: { ...body, start: utc(monday, "14:00"), attendee: testAttendee(2) } });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("slot_unavailable");
    expect(await countBookings()).toBe(1);
  });

  it("what GET /api/v1/slots offers for a duration, POST /api/v1/bookings accepts — and after it, no longer offers", async () => {
    await setRules({ durationOptions: [30, 60], limits: { perDay: { minutes: 90 } } });
    const slots = await call(slotsRoute, "GET", { path: `/api/v1/slots?eventTypeId=${chat.id}&start=${monday}&end=${monday}&timeZone=UTC&duration=60` });
    expect(slots.status).toBe(200);
    const offered: { start: string }[] = slots.body.slots[monday];
    expect(offered.length).toBe(8);
    const made = await call(createRoute, "POST", { body: { eventTypeId: chat.id, start: offered[0].start, durationMinutes: 60, attendee: testAttendee(1) } });
    expect(made.status).toBe(201);
    // 60 of 90 minutes booked: no more 60-minute slots that day, 30-minute ones still.
    const after60 = await call(slotsRoute, "GET", { path: `/api/v1/slots?eventTypeId=${chat.id}&start=${monday}&end=${monday}&timeZone=UTC&duration=60` });
    expect(after60.body.slots[monday]).toBeUndefined();
    const after30 = await call(slotsRoute, "GET", { path: `/api/v1/slots?eventTypeId=${chat.id}&start=${monday}&end=${monday}&timeZone=UTC` });
    expect(after30.body.slots[monday].length).toBeGreaterThan(0);
    const second = await call(createRoute, "POST", { body: { eventTypeId: chat.id, start: offered[3].start, durationMinutes: 60, attendee: testAttendee(2) } });
    expect(second.status).toBe(409);
  });

  it("POST /{uid}/reschedule takes durationMinutes too", async () => {
    await setRules({ durationOptions: [30, 60] });
    const made = await call(createRoute, "POST", { body: { eventTypeId: chat.id, start: utc(monday, "10:00"), attendee: testAttendee(1) } });
    const token = new URL(made.body.manageUrl).searchParams.get("token");
    const res = await rescheduleRoute(
      new Request(`http://localhost/api/v1/bookings/${made.body.uid}/reschedule`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ start: utc(tuesday, "10:00"), durationMinutes: 60, token }),
      }),
      { params: Promise.resolve({ uid: made.body.uid }) },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).end).toBe(`${tuesday}T11:00:00.000Z`);
  });
});
