import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import type { EventType, User } from "../db/generated/client";
import { isExclusionViolation } from "../db/errors";
import { sha256Hex } from "../security/tokens";
import { createBooking } from "./create-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

let t: TestDatabase;
let host: User;
let intro: EventType;
const day = dayFromToday(3);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

beforeEach(async () => {
  host = await createTestHost(t.db);
  intro = await createTestEventType(t.db, host.id, { slug: "intro", title: "Intro call", durationMinutes: 30 });
});

const countBookings = (hostId = host.id) => t.db.booking.count({ where: { hostId } });

describe("createBooking", () => {
  it("books an offered slot: times, buffers, snapshot, title, hashed guest token", async () => {
    const result = await createBooking(t.db, {
      username: host.username,
      eventSlug: "intro",
      start: `${day}T12:00:00+02:00`,
      attendee: testAttendee(1),
      notes: "  Looking forward to it.  ",
    });
    expect(result.replayed).toBe(false);
    expect(result.guestToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const b = result.booking;
    expect(b.startAt.toISOString()).toBe(`${day}T10:00:00.000Z`);
    expect(b.endAt.toISOString()).toBe(`${day}T10:30:00.000Z`);
    expect(b.blockedStartAt.toISOString()).toBe(`${day}T10:00:00.000Z`);
    expect(b.blockedEndAt.toISOString()).toBe(`${day}T10:30:00.000Z`);
    expect(b).toMatchObject({
      status: "confirmed",
      hostId: host.id,
      eventTypeId: intro.id,
      title: "Intro call between Hana Host and Guest 1",
      attendeeEmail: "guest1@example.com",
      attendeeTimeZone: "America/New_York",
      notes: "Looking forward to it.",
      locationType: "link",
      locationValue: "https://meet.example.com/hana",
      idempotencyKey: null,
    });
    expect(b.guestTokenHash).toBe(sha256Hex(result.guestToken!));
    expect(b.guestTokenHash).not.toContain(result.guestToken!);
    expect(b.uid).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("refuses a slot that is already booked, and writes nothing", async () => {
    await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1) });
    await expect(
      createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(2) }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
    expect(await countBookings()).toBe(1);
  });

  it("keeps buffers around bookings, across event types of the host", async () => {
    const padded = await createTestEventType(t.db, host.id, {
      slug: "padded",
      durationMinutes: 30,
      bufferBeforeMinutes: 15,
      bufferAfterMinutes: 15,
    });
    const first = await createBooking(t.db, { eventTypeId: padded.id, start: utc(day, "10:00"), attendee: testAttendee(1) });
    expect(first.booking.blockedStartAt.toISOString()).toBe(`${day}T09:45:00.000Z`);
    expect(first.booking.blockedEndAt.toISOString()).toBe(`${day}T10:45:00.000Z`);

    // [10:15, 11:15] and [09:15, 10:15] overlap the blocked [09:45, 10:45].
    for (const time of ["10:30", "09:30"]) {
      await expect(
        createBooking(t.db, { eventTypeId: padded.id, start: utc(day, time), attendee: testAttendee(time.replace(":", "")) }),
      ).rejects.toMatchObject({ code: "slot_unavailable" });
    }
    // An unpadded event type of the same host still may not start inside the buffer.
    await expect(
      createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:30"), attendee: testAttendee(3) }),
    ).rejects.toMatchObject({ code: "slot_unavailable" });
    // Touching is fine: [10:45, 11:45] starts where [09:45, 10:45] ends.
    const second = await createBooking(t.db, { eventTypeId: padded.id, start: utc(day, "11:00"), attendee: testAttendee(4) });
    expect(second.booking.blockedStartAt.toISOString()).toBe(`${day}T10:45:00.000Z`);
    expect(await countBookings()).toBe(2);
  });

  it("is backed by the database: an overlapping live booking cannot be stored at all", async () => {
    const { booking } = await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1) });
    // Straight to the table, past every application check: one minute later, overlapping.
    const clash = t.db.booking.create({
      data: {
        uid: "clash-uid",
        hostId: host.id,
        eventTypeId: intro.id,
        title: "Clash",
        startAt: new Date(booking.startAt.getTime() + 60_000),
        endAt: new Date(booking.endAt.getTime() + 60_000),
        blockedStartAt: new Date(booking.startAt.getTime() + 60_000),
        blockedEndAt: new Date(booking.endAt.getTime() + 60_000),
        attendeeName: "X",
        attendeeEmail: "x@example.com",
        attendeeTimeZone: "UTC",
        locationType: "link",
        guestTokenHash: "clash-hash",
      },
    });
    const error = await clash.then(() => undefined, (e: unknown) => e);
    expect(isExclusionViolation(error)).toBe(true);
    expect(await countBookings()).toBe(1);
  });

  it("does not let one host's bookings block another host", async () => {
    const other = await createTestHost(t.db, "Otto Other");
    const otherIntro = await createTestEventType(t.db, other.id, { slug: "intro" });
    await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1) });
    const result = await createBooking(t.db, { username: other.username, eventSlug: "intro", start: utc(day, "10:00"), attendee: testAttendee(1) });
    expect(result.booking.eventTypeId).toBe(otherIntro.id);
  });

  it("honours the minimum notice (60 minutes here) against `now`", async () => {
    const input = { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1) };
    await expect(createBooking(t.db, input, { now: Date.parse(utc(day, "09:30")) })).rejects.toMatchObject({
      code: "slot_unavailable",
    });
    expect(await countBookings()).toBe(0);
    const ok = await createBooking(t.db, input, { now: Date.parse(utc(day, "09:00")) });
    expect(ok.booking.startAt.toISOString()).toBe(`${day}T10:00:00.000Z`);
  });

  describe("rejects, writing nothing", () => {
    const cases: [string, () => Record<string, unknown>, string][] = [
      ["a start in the past", () => ({ start: utc(dayFromToday(-1), "10:00") }), "slot_unavailable"],
      ["a time outside the host's hours", () => ({ start: utc(day, "03:00") }), "slot_unavailable"],
      ["a time off the slot grid", () => ({ start: utc(day, "10:10") }), "slot_unavailable"],
      ["a time beyond the booking window", () => ({ start: utc(dayFromToday(90), "10:00") }), "slot_unavailable"],
      ["a malformed date", () => ({ start: "next tuesday" }), "validation_error"],
      ["a date without an offset", () => ({ start: `${day}T10:00:00` }), "validation_error"],
      ["an impossible date", () => ({ start: `${dayFromToday(3).slice(0, 8)}32T10:00:00Z` }), "validation_error"],
      ["an invalid time zone", () => ({ attendee: { ...testAttendee(1), timeZone: "Mars/Olympus" } }), "validation_error"],
      ["an invalid email", () => ({ attendee: { ...testAttendee(1), email: "not-an-email" } }), "validation_error"],
      ["an empty name", () => ({ attendee: { ...testAttendee(1), name: "  " } }), "validation_error"],
      ["notes over 2000 characters", () => ({ notes: "x".repeat(2001) }), "validation_error"],
      ["a too-short idempotency key", () => ({ idempotencyKey: "short" }), "validation_error"],
      ["an unknown event slug", () => ({ eventTypeId: undefined, username: host.username, eventSlug: "nope" }), "not_found"],
      ["an unknown user", () => ({ eventTypeId: undefined, username: "nobody-here", eventSlug: "intro" }), "not_found"],
      ["an unknown event type id", () => ({ eventTypeId: "cl_missing" }), "not_found"],
      ["no event reference", () => ({ eventTypeId: undefined }), "validation_error"],
      ["both kinds of reference", () => ({ username: host.username, eventSlug: "intro" }), "validation_error"],
    ];
    it.each(cases)("%s", async (_name, patch, code) => {
      const input = { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), ...patch() };
      const error = await createBooking(t.db, input as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (code === "validation_error") expect(error).toMatchObject({ name: "ZodError" });
      else expect(error).toMatchObject({ code });
      expect(await t.db.booking.count()).toBe(0);
    });

    beforeEach(async () => {
      await t.db.booking.deleteMany();
    });
  });

  describe("idempotency", () => {
    const key = "3b241101-e2bb-4255-8caf-4136c566a962";

    it("answers a repeated request with the same booking and token, never a second row", async () => {
      const input = { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), idempotencyKey: key };
      const first = await createBooking(t.db, input);
      const again = await createBooking(t.db, input);
      const viaSlug = await createBooking(t.db, { ...input, eventTypeId: undefined, username: host.username, eventSlug: "intro", start: `${day}T05:00:00-05:00` });
      expect(first.replayed).toBe(false);
      for (const replay of [again, viaSlug]) {
        expect(replay.replayed).toBe(true);
        expect(replay.booking.uid).toBe(first.booking.uid);
        expect(replay.guestToken).toBe(first.guestToken);
      }
      expect(first.booking.guestTokenHash).toBe(sha256Hex(first.guestToken!));
      expect(await countBookings()).toBe(1);
    });

    it("derives different tokens for different bookings", async () => {
      const a = await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), idempotencyKey: key });
      const b = await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "11:00"), attendee: testAttendee(1), idempotencyKey: `${key}-2` });
      expect(a.guestToken).not.toBe(b.guestToken);
    });

    it("refuses the same key for a different start or attendee with 409 conflict", async () => {
      await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), idempotencyKey: key });
      await expect(
        createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "11:00"), attendee: testAttendee(1), idempotencyKey: key }),
      ).rejects.toMatchObject({ code: "conflict", message: "This idempotency key was already used for a different booking." });
      await expect(
        createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(2), idempotencyKey: key }),
      ).rejects.toMatchObject({ code: "conflict" });
      expect(await countBookings()).toBe(1);
    });

    it("scopes keys to the event type", async () => {
      const other = await createTestEventType(t.db, host.id, { slug: "other" });
      await createBooking(t.db, { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), idempotencyKey: key });
      const second = await createBooking(t.db, { eventTypeId: other.id, start: utc(day, "11:00"), attendee: testAttendee(1), idempotencyKey: key });
      expect(second.replayed).toBe(false);
      expect(await countBookings()).toBe(2);
    });

    it("makes one booking when the same request arrives several times at once", async () => {
      const input = { eventTypeId: intro.id, start: utc(day, "10:00"), attendee: testAttendee(1), idempotencyKey: key };
      const results = await Promise.all(Array.from({ length: 6 }, () => createBooking(t.db, input)));
      expect(new Set(results.map((r) => r.booking.uid)).size).toBe(1);
      expect(new Set(results.map((r) => r.guestToken)).size).toBe(1);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await countBookings()).toBe(1);
    });
  });
});
