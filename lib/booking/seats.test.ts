/**
 * Seats end to end through the database: a seated event type's guests share
 * one meeting (a booking each, one seat group), the slots API offers the
 * meeting with the seats it has left until it is full, and the booking path
 * accepts exactly what is offered — joining, cancelling a seat, moving a
 * seat, limits, lengths, buffers changed since, and guests racing for the
 * last seat.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import { getSlots } from "../availability/get-slots";
import { AppError } from "../errors";
import { createEventType } from "../event-types/create-event-type";
import { updateEventType } from "../event-types/update-event-type";
import type { EventTypeInput } from "../event-types/event-type-schema";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { rescheduleBooking } from "./reschedule-booking";
import { createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const day = dayFromToday(3);
const otherDay = dayFromToday(4);
let slugs = 0;

/** A 30-minute event type of the host (60 minutes' notice). */
const eventTypeOf = (hostId: string, fields: Partial<EventTypeInput>) =>
  createEventType(t.db, hostId, {
    slug: `type-${++slugs}`,
    title: "Other",
    durationMinutes: 30,
    location: { type: "phone", value: "+1 555 0100" },
    minimumNoticeMinutes: 60,
    ...fields,
  });

/** Another event type of the host, without seats. */
const plainType = (hostId: string) => eventTypeOf(hostId, {});

/** A host open 09:00–17:00 UTC daily and a seated event type (3 seats) on it. */
async function seatedType(fields: Partial<EventTypeInput> = {}) {
  const host = await createTestHost(t.db);
  const eventType = await eventTypeOf(host.id, { title: "Workshop", location: { type: "link", value: "https://meet.example.com/workshop" }, seatsPerSlot: 3, ...fields });
  return { host, eventType };
}

/** "HH:MM" → seats left, for one UTC day of the slots API. */
async function offered(eventTypeId: string, date = day, durationMinutes?: number): Promise<Record<string, number | undefined>> {
  const response = await getSlots(t.db, { ref: { eventTypeId }, startDate: date, endDate: date, timeZone: "UTC", durationMinutes });
  return Object.fromEntries((response.slots[date] ?? []).map((s) => [s.start.slice(11, 16), s.seatsRemaining]));
}

const book = (eventTypeId: string, time: string, n: number | string, options: { date?: string; durationMinutes?: number } = {}) =>
  createBooking(t.db, { eventTypeId, start: utc(options.date ?? day, time), attendee: testAttendee(n), durationMinutes: options.durationMinutes });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe("seats", () => {
  it("guests join one meeting until it is full; then it is taken like any booking", async () => {
    const { eventType } = await seatedType();
    expect((await offered(eventType.id))["10:00"]).toBe(3);

    const a = (await book(eventType.id, "10:00", "a")).booking;
    expect(a.seatGroupId).toEqual(expect.any(String));
    expect(await offered(eventType.id)).toMatchObject({ "09:30": 3, "10:00": 2, "10:30": 3 });

    const b = (await book(eventType.id, "10:00", "b")).booking;
    const c = (await book(eventType.id, "10:00", "c")).booking;
    expect([b.seatGroupId, c.seatGroupId]).toEqual([a.seatGroupId, a.seatGroupId]);
    expect(new Set([a, b, c].map((x) => x.blockedStartAt.getTime() + ":" + x.blockedEndAt.getTime())).size).toBe(1);
    // Each guest has their own booking, token and name.
    expect(new Set([a.uid, b.uid, c.uid]).size).toBe(3);

    const full = await offered(eventType.id);
    expect(full["10:00"]).toBeUndefined();
    expect(full).toMatchObject({ "09:30": 3, "10:30": 3 });
    expect(await refusal(book(eventType.id, "10:00", "d"))).toBe("slot_unavailable");
    expect(await t.db.booking.count({ where: { seatGroupId: a.seatGroupId } })).toBe(3);
  });

  it("a time that overlaps a meeting (with its buffers) is not a new meeting; other event types' seats are plain busy time", async () => {
    const { host, eventType } = await seatedType({ bufferAfterMinutes: 15 });
    await book(eventType.id, "10:00", "a");
    const times = await offered(eventType.id);
    expect(times["10:00"]).toBe(2);
    // 10:30 would start inside 10:00–10:45 (meeting + its buffer).
    expect(times["10:30"]).toBeUndefined();
    expect(await refusal(book(eventType.id, "10:30", "b"))).toBe("slot_unavailable");

    const other = await plainType(host.id);
    const otherTimes = await offered(other.id);
    expect(otherTimes["10:00"]).toBeUndefined();
    expect(await refusal(book(other.id, "10:00", "c"))).toBe("slot_unavailable");
  });

  it("a meeting stays joinable with the range it was booked with after the host changes buffers or hours", async () => {
    const { host, eventType } = await seatedType();
    const a = (await book(eventType.id, "10:00", "a")).booking;
    // A plain booking right after the meeting, then buffers that would now overlap it.
    const other = await plainType(host.id);
    await book(other.id, "10:30", "x");
    await updateEventType(t.db, host.id, eventType.id, { bufferAfterMinutes: 30 });
    expect((await offered(eventType.id))["10:00"]).toBe(2);
    const b = (await book(eventType.id, "10:00", "b")).booking;
    expect(b.seatGroupId).toBe(a.seatGroupId);
    expect(b.blockedEndAt).toEqual(a.blockedEndAt);
  });

  it("cancelling a seat frees it; cancelling every seat frees the time", async () => {
    const { host, eventType } = await seatedType({ seatsPerSlot: 2 });
    const a = await book(eventType.id, "10:00", "a");
    const b = await book(eventType.id, "10:00", "b");
    expect((await offered(eventType.id))["10:00"]).toBeUndefined();

    await cancelBooking(t.db, a.booking.uid, { kind: "guest", token: a.guestToken! });
    expect((await offered(eventType.id))["10:00"]).toBe(1);
    const c = (await book(eventType.id, "10:00", "c")).booking;
    expect(c.seatGroupId).toBe(b.booking.seatGroupId);

    await cancelBooking(t.db, b.booking.uid, { kind: "host", userId: host.id });
    await cancelBooking(t.db, c.uid, { kind: "host", userId: host.id });
    expect((await offered(eventType.id))["10:00"]).toBe(2);
    const fresh = (await book(eventType.id, "10:00", "d")).booking;
    expect(fresh.seatGroupId).not.toBe(c.seatGroupId);
  });

  it("the host can cancel the whole meeting at once; a guest cancels only their own seat", async () => {
    const { host, eventType } = await seatedType();
    const a = await book(eventType.id, "10:00", "a");
    const b = await book(eventType.id, "10:00", "b");
    const other = await book(eventType.id, "11:00", "c");
    expect(await refusal(cancelBooking(t.db, a.booking.uid, { kind: "guest", token: a.guestToken! }, undefined, { allSeats: true }))).toBe("forbidden");

    const cancelled = await cancelBooking(t.db, b.booking.uid, { kind: "host", userId: host.id }, "Workshop moved online", { allSeats: true });
    expect(cancelled.status).toBe("cancelled");
    const rows = await t.db.booking.findMany({ where: { seatGroupId: a.booking.seatGroupId } });
    expect(rows.map((r) => [r.status, r.cancelledBy, r.cancelReason])).toEqual([
      ["cancelled", "host", "Workshop moved online"],
      ["cancelled", "host", "Workshop moved online"],
    ]);
    // Another meeting of the event type is untouched; the time is a fresh meeting again.
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: other.booking.id } })).status).toBe("confirmed");
    expect((await offered(eventType.id))["10:00"]).toBe(3);
  });

  it("a meeting is joined only for its own length", async () => {
    const { eventType } = await seatedType({ durationOptions: [30, 60] });
    await book(eventType.id, "10:00", "a", { durationMinutes: 30 });
    expect((await offered(eventType.id, day, 30))["10:00"]).toBe(2);
    expect((await offered(eventType.id, day, 60))["10:00"]).toBeUndefined();
    expect(await refusal(book(eventType.id, "10:00", "b", { durationMinutes: 60 }))).toBe("slot_unavailable");
  });

  it("limits count meetings, not guests: a meeting at the limit can still be joined", async () => {
    const { eventType } = await seatedType({ limits: { perDay: { count: 1 } } });
    await book(eventType.id, "10:00", "a");
    await book(eventType.id, "10:00", "b");
    expect(await offered(eventType.id)).toEqual({ "10:00": 1 });
    expect(await refusal(book(eventType.id, "11:00", "c"))).toBe("slot_unavailable");
    await book(eventType.id, "10:00", "c");
    const response = await getSlots(t.db, { ref: { eventTypeId: eventType.id }, startDate: day, endDate: day, timeZone: "UTC" });
    expect(response.fullyBooked).toEqual([day]);
  });

  it("reschedule moves one guest: into the meeting at the new time, into a new meeting, or — its only guest — the meeting itself", async () => {
    const { eventType } = await seatedType();
    const a = await book(eventType.id, "10:00", "a");
    const b = await book(eventType.id, "10:00", "b");
    const group = a.booking.seatGroupId;

    // b leaves for an empty time: a new meeting; a keeps the old one.
    const movedB = await rescheduleBooking(t.db, b.booking.uid, { kind: "guest", token: b.guestToken! }, utc(day, "11:00"));
    expect(movedB.seatGroupId).not.toBe(group);
    expect(await offered(eventType.id)).toMatchObject({ "10:00": 2, "11:00": 2 });

    // a, now alone, moves to b's time: joins b's meeting.
    const movedA = await rescheduleBooking(t.db, a.booking.uid, { kind: "guest", token: a.guestToken! }, utc(day, "11:00"));
    expect(movedA.seatGroupId).toBe(movedB.seatGroupId);
    expect(movedA.uid).toBe(a.booking.uid);
    const times = await offered(eventType.id);
    expect(times["11:00"]).toBe(1);
    expect(times["10:00"]).toBe(3);

    // c alone at 14:00 moves to another day: the meeting itself moves.
    const c = await book(eventType.id, "14:00", "c");
    const movedC = await rescheduleBooking(t.db, c.booking.uid, { kind: "guest", token: c.guestToken! }, utc(otherDay, "09:00"));
    expect(movedC.seatGroupId).toBe(c.booking.seatGroupId);
  });

  it("event types without seats behave as before: one guest per time", async () => {
    const { host, eventType } = await seatedType({ seatsPerSlot: null });
    expect(eventType.seatsPerSlot).toBeNull();
    const a = (await book(eventType.id, "10:00", "a")).booking;
    expect(a.seatGroupId).toBeNull();
    expect((await offered(eventType.id))["10:00"]).toBeUndefined();
    // Turning seats on later: the existing booking is a meeting of one, not joinable (it has no seat group).
    const updated = await updateEventType(t.db, host.id, eventType.id, { seatsPerSlot: 1 });
    expect(updated.seatsPerSlot).toBeNull();
  });

  it("rejects impossible seat counts with a clear message", async () => {
    const host = await createTestHost(t.db);
    const input = { slug: "x", title: "X", durationMinutes: 30, location: { type: "phone", value: "+1 555 0100" } } as const;
    for (const seatsPerSlot of [0, 2.5, 1001]) {
      const error = await createEventType(t.db, host.id, { ...input, seatsPerSlot }).catch((e: unknown) => e);
      expect(String((error as Error).message ?? error)).toMatch(/seat/i);
    }
  });

  it("offer == accept: in any sequence of guests booking and cancelling, a time is accepted exactly when it is offered", async () => {
    const grid = ["09:00", "09:15", "09:30", "10:00", "10:30", "11:00"];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(fc.record({ time: fc.constantFrom(...grid), cancel: fc.boolean() }), { minLength: 4, maxLength: 10 }),
        async (capacity, steps) => {
          const { host, eventType } = await seatedType({ seatsPerSlot: capacity, bufferAfterMinutes: 15 });
          const live: string[] = [];
          for (const [i, step] of steps.entries()) {
            if (step.cancel && live.length > 0) {
              await cancelBooking(t.db, live.shift()!, { kind: "host", userId: host.id });
              continue;
            }
            const before = await offered(eventType.id);
            const result = await book(eventType.id, step.time, `p${i}`).then(
              (r) => r.booking,
              (e: unknown) => {
                if (e instanceof AppError && e.code === "slot_unavailable") return null;
                throw e;
              },
            );
            expect(result !== null).toBe(before[step.time] !== undefined);
            if (result) live.push(result.uid);
          }
          // Never more guests in a meeting than seats.
          const groups = await t.db.booking.groupBy({ by: ["seatGroupId"], where: { eventTypeId: eventType.id, status: "confirmed" }, _count: true });
          for (const g of groups) expect(g._count).toBeLessThanOrEqual(capacity);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("seats under contention (real PostgreSQL)", () => {
  it("twenty guests race for the last two seats: exactly two get them", async () => {
    const { eventType } = await seatedType({ seatsPerSlot: 3 });
    await book(eventType.id, "10:00", "first");
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => book(eventType.id, "10:00", `racer-${i}`)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(2);
    for (const r of results) if (r.status === "rejected") expect((r.reason as AppError).code).toBe("slot_unavailable");
    expect(await t.db.booking.count({ where: { eventTypeId: eventType.id, status: "confirmed" } })).toBe(3);
    expect((await offered(eventType.id))["10:00"]).toBeUndefined();
  });
});
