import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import type { User } from "../db/generated/client";
import { cancelBooking } from "./cancel-booking";
import { createBooking } from "./create-booking";
import { listBookings } from "./list-bookings";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
let host: User;
let stranger: User;
const d = (n: number) => dayFromToday(n);

beforeAll(async () => {
  t = await createTestDatabase();
  host = await createTestHost(t.db);
  stranger = await createTestHost(t.db, "Stranger");
  const intro = await createTestEventType(t.db, host.id, { slug: "intro" });
  const theirs = await createTestEventType(t.db, stranger.id, { slug: "intro" });
  // Bookings in the past are made as they were at the time: with `now` back then.
  const bookAt = (date: string, time: string, n: number, eventTypeId = intro.id) =>
    createBooking(t.db, { eventTypeId, start: utc(date, time), attendee: testAttendee(n) }, { now: Date.parse(utc(date, "00:00")) - 86_400_000 });
  await bookAt(d(-3), "10:00", 1);
  await bookAt(d(-1), "10:00", 2);
  await bookAt(d(2), "11:00", 3);
  await bookAt(d(2), "10:00", 4);
  await bookAt(d(5), "10:00", 5);
  const cancelled = await bookAt(d(7), "10:00", 6);
  await cancelBooking(t.db, cancelled.booking.uid, { kind: "host", userId: host.id });
  await bookAt(d(2), "10:00", 7, theirs.id);
});
afterAll(async () => t?.close());

const names = (rows: { attendeeName: string }[]) => rows.map((r) => r.attendeeName.replace("Guest ", ""));

describe("listBookings", () => {
  it("lists upcoming bookings soonest first (the default)", async () => {
    expect(names(await listBookings(t.db, host.id, { status: "upcoming" }))).toEqual(["4", "3", "5"]);
    expect(names(await listBookings(t.db, host.id))).toEqual(["4", "3", "5"]);
  });

  it("lists past bookings most recent first", async () => {
    expect(names(await listBookings(t.db, host.id, { status: "past" }))).toEqual(["2", "1"]);
  });

  it("lists cancelled bookings", async () => {
    const rows = await listBookings(t.db, host.id, { status: "cancelled" });
    expect(names(rows)).toEqual(["6"]);
    expect(rows[0].status).toBe("cancelled");
  });

  it("counts a meeting in progress as upcoming until it ends", async () => {
    const start = Date.parse(utc(d(2), "10:00"));
    expect(names(await listBookings(t.db, host.id, { status: "upcoming" }, { now: start + 10 * 60_000 }))).toEqual(["4", "3", "5"]);
    expect(names(await listBookings(t.db, host.id, { status: "past" }, { now: start + 31 * 60_000 }))).toEqual(["4", "2", "1"]);
  });

  it("filters by start with from/to (dates are whole days in the host's zone, instants are exact)", async () => {
    expect(names(await listBookings(t.db, host.id, { status: "upcoming", from: d(2), to: d(2) }))).toEqual(["4", "3"]);
    expect(names(await listBookings(t.db, host.id, { status: "upcoming", from: utc(d(2), "10:30"), to: utc(d(5), "10:00") }))).toEqual(["3"]);
    expect(names(await listBookings(t.db, host.id, { status: "past", from: d(-2) }))).toEqual(["2"]);
  });

  it("rejects bad filters", async () => {
    await expect(listBookings(t.db, host.id, { status: "all" as never })).rejects.toMatchObject({ name: "ZodError" });
    await expect(listBookings(t.db, host.id, { from: "yesterday" })).rejects.toMatchObject({ name: "ZodError" });
    await expect(listBookings(t.db, host.id, { from: d(3), to: d(2) })).rejects.toMatchObject({ code: "validation_error" });
  });

  it("never shows another host's bookings", async () => {
    const theirs = await listBookings(t.db, stranger.id);
    expect(names(theirs)).toEqual(["7"]);
    expect(theirs.every((r) => r.hostId === stranger.id)).toBe(true);
  });
});
