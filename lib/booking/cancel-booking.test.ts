import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import type { EventType, User } from "../db/generated/client";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
let host: User;
let intro: EventType;
const day = dayFromToday(4);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  host = await createTestHost(t.db);
  intro = await createTestEventType(t.db, host.id, { slug: "intro", bufferAfterMinutes: 15 });
});

const book = (time = "10:00", n = 1) =>
  createBooking(t.db, { eventTypeId: intro.id, start: utc(day, time), attendee: testAttendee(n) });

describe("cancelBooking", () => {
  it("lets the guest cancel with their token, recording who, when and why", async () => {
    const { booking, guestToken } = await book();
    const cancelled = await cancelBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, "  Something came up.  ");
    expect(cancelled).toMatchObject({ id: booking.id, status: "cancelled", cancelledBy: "guest", cancelReason: "Something came up." });
    expect(cancelled.cancelledAt).toBeInstanceOf(Date);
    // Same row, times kept for the record.
    expect(cancelled.startAt).toEqual(booking.startAt);
  });

  it("answers 404 for a wrong or empty token, and changes nothing", async () => {
    const { booking, guestToken } = await book();
    for (const token of ["wrong", `${guestToken}x`, "", guestToken!.slice(0, -1)]) {
      await expect(cancelBooking(t.db, booking.uid, { kind: "guest", token })).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(cancelBooking(t.db, "no-such-uid", { kind: "guest", token: guestToken! })).rejects.toMatchObject({ code: "not_found" });
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("confirmed");
  });

  it("lets the host cancel; another host gets 404", async () => {
    const { booking } = await book();
    const stranger = await createTestHost(t.db, "Stranger");
    await expect(cancelBooking(t.db, booking.uid, { kind: "host", userId: stranger.id })).rejects.toMatchObject({ code: "not_found" });
    const cancelled = await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledBy: "host", cancelReason: null });
  });

  it("answers 409 when already cancelled", async () => {
    const { booking, guestToken } = await book();
    await cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, "first");
    await expect(cancelBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, "second")).rejects.toMatchObject({
      code: "conflict",
    });
    expect((await t.db.booking.findUniqueOrThrow({ where: { id: booking.id } })).cancelReason).toBe("first");
  });

  it("answers 409 once the meeting has begun", async () => {
    const { booking, guestToken } = await book();
    const during = booking.startAt.getTime() + 60_000;
    await expect(
      cancelBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, undefined, { now: during }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("already started or taken place") });
  });

  it("rejects an over-long reason", async () => {
    const { booking } = await book();
    await expect(cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, "x".repeat(501))).rejects.toMatchObject({
      name: "ZodError",
    });
  });

  it("frees the slot (and its buffer) for new bookings", async () => {
    const first = await book("10:00", 1);
    await expect(book("10:00", 2)).rejects.toMatchObject({ code: "slot_unavailable" });
    await expect(book("10:30", 2)).rejects.toMatchObject({ code: "slot_unavailable" }); // inside the 15-min buffer
    await cancelBooking(t.db, first.booking.uid, { kind: "host", userId: host.id });
    const second = await book("10:00", 3);
    expect(second.booking.uid).not.toBe(first.booking.uid);
    await cancelBooking(t.db, second.booking.uid, { kind: "guest", token: second.guestToken! });
    const third = await book("10:30", 4);
    expect(third.booking.status).toBe("confirmed");
    expect(await t.db.booking.count({ where: { hostId: host.id, status: "confirmed" } })).toBe(1);
    expect(await t.db.booking.count({ where: { hostId: host.id, status: "cancelled" } })).toBe(2);
  });

  it("lets two simultaneous cancels produce one cancellation and one 409", async () => {
    const { booking, guestToken } = await book();
    const results = await Promise.allSettled([
      cancelBooking(t.db, booking.uid, { kind: "host", userId: host.id }, "host"),
      cancelBooking(t.db, booking.uid, { kind: "guest", token: guestToken! }, "guest"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict" });
  });
});
