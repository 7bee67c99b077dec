import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import type { EventType, User } from "../db/generated/client";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { rescheduleBooking } from "./reschedule-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
let host: User;
let consult: EventType;
const day = dayFromToday(5);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  host = await createTestHost(t.db);
  // 60 minutes + 15 minutes after: a move by one slot overlaps the old blocked range.
  consult = await createTestEventType(t.db, host.id, { slug: "consult", durationMinutes: 60, bufferAfterMinutes: 15 });
});

const book = (time: string, n = 1) =>
  createBooking(t.db, { eventTypeId: consult.id, start: utc(day, time), attendee: testAttendee(n) });

describe("rescheduleBooking", () => {
  it("moves the same row (uid, token, attendee kept) for the guest", async () => {
    const { booking, guestToken } = await book("10:00");
    const moved = await rescheduleBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, utc(dayFromToday(6), "14:00"));
    expect(moved.id).toBe(booking.id);
    expect(moved.uid).toBe(booking.uid);
    expect(moved.guestTokenHash).toBe(booking.guestTokenHash);
    expect(moved.startAt.toISOString()).toBe(`${dayFromToday(6)}T14:00:00.000Z`);
    expect(moved.endAt.toISOString()).toBe(`${dayFromToday(6)}T15:00:00.000Z`);
    expect(moved.blockedEndAt.toISOString()).toBe(`${dayFromToday(6)}T15:15:00.000Z`);
    expect(await t.db.booking.count({ where: { hostId: host.id } })).toBe(1);
    // The old time is free again.
    const other = await book("10:00", 2);
    expect(other.booking.status).toBe("confirmed");
  });

  it("may overlap its own old time (its old range does not block it)", async () => {
    const { booking } = await book("10:00");
    // New blocked [11:00, 12:15] overlaps the old [10:00, 11:15].
    const moved = await rescheduleBooking(t.db, booking.uid, { kind: "host", userId: host.id }, utc(day, "11:00"));
    expect(moved.startAt.toISOString()).toBe(`${day}T11:00:00.000Z`);
    expect(moved.blockedStartAt.toISOString()).toBe(`${day}T11:00:00.000Z`);
  });

  it("refuses a taken time with 409 and leaves the booking exactly as it was", async () => {
    const mine = await book("10:00", 1);
    await book("13:00", 2);
    for (const time of ["13:00", "12:00" /* its buffer end 13:15 would be fine, but 12:00–13:15 overlaps 13:00 */]) {
      await expect(
        rescheduleBooking(t.db, mine.booking.uid, { kind: "guest", token: mine.guestToken! }, utc(day, time)),
      ).rejects.toMatchObject({ code: "slot_unavailable" });
    }
    const after = await t.db.booking.findUniqueOrThrow({ where: { id: mine.booking.id } });
    expect(after.startAt).toEqual(mine.booking.startAt);
    expect(after.endAt).toEqual(mine.booking.endAt);
    expect(after.blockedEndAt).toEqual(mine.booking.blockedEndAt);
    expect(after.status).toBe("confirmed");
  });

  it("refuses times that are not offered or in the past", async () => {
    const { booking, guestToken } = await book("10:00");
    const actor = { kind: "guest" as const, token: guestToken! };
    await expect(rescheduleBooking(t.db, booking.uid, actor, utc(day, "03:00"))).rejects.toMatchObject({ code: "slot_unavailable" });
    await expect(rescheduleBooking(t.db, booking.uid, actor, utc(dayFromToday(-2), "10:00"))).rejects.toMatchObject({
      code: "slot_unavailable",
    });
    await expect(rescheduleBooking(t.db, booking.uid, actor, "tomorrow at ten")).rejects.toMatchObject({ name: "ZodError" });
  });

  it("answers 404 to a wrong token or another host", async () => {
    const { booking } = await book("10:00");
    const stranger = await createTestHost(t.db, "Stranger");
    await expect(rescheduleBooking(t.db, booking.uid, { kind: "guest", token: "nope" }, utc(day, "14:00"))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      rescheduleBooking(t.db, booking.uid, { kind: "host", userId: stranger.id }, utc(day, "14:00")),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers 409 for a cancelled booking, one that has begun, or a deleted event type", async () => {
    const a = await book("10:00", 1);
    await cancelBooking(t.db, a.booking.uid, { kind: "host", userId: host.id });
    await expect(rescheduleBooking(t.db, a.booking.uid, { kind: "host", userId: host.id }, utc(day, "14:00"))).rejects.toMatchObject({
      code: "conflict",
    });

    const b = await book("12:00", 2);
    await expect(
      rescheduleBooking(t.db, b.booking.uid, { kind: "host", userId: host.id }, utc(day, "14:00"), {
        now: b.booking.startAt.getTime() + 1,
      }),
    ).rejects.toMatchObject({ code: "conflict" });

    await t.db.eventType.delete({ where: { id: consult.id } });
    await expect(rescheduleBooking(t.db, b.booking.uid, { kind: "guest", token: b.guestToken! }, utc(day, "14:00"))).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("no longer exists"),
    });
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: b.booking.id } })).startAt).toEqual(b.booking.startAt);
  });

  it("when two bookings race for one new time, exactly one moves", async () => {
    const a = await book("09:00", 1);
    const b = await book("12:00", 2);
    const results = await Promise.allSettled([
      rescheduleBooking(t.db, a.booking.uid, { kind: "host", userId: host.id }, utc(day, "15:00")),
      rescheduleBooking(t.db, b.booking.uid, { kind: "host", userId: host.id }, utc(day, "15:00")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "slot_unavailable" });
    const times = (await t.db.booking.findMany({ where: { hostId: host.id } })).map((r) => r.startAt.toISOString().slice(11, 16));
    expect(times.filter((time) => time === "15:00")).toHaveLength(1);
    expect(times.filter((time) => time === "09:00" || time === "12:00")).toHaveLength(1);
  });
});
