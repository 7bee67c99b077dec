import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../lib/auth/password";
import type { DateOverride } from "../lib/schedules/schedule-schema";
import { createTestDatabase, type TestDatabase } from "../test/test-database";
import { DEMO_HOST, seedDemo } from "./seed-demo";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

async function snapshot() {
  const host = await t.db.user.findUniqueOrThrow({ where: { email: DEMO_HOST.email } });
  const schedules = await t.db.schedule.findMany({ where: { userId: host.id } });
  const eventTypes = await t.db.eventType.findMany({ where: { userId: host.id }, orderBy: { durationMinutes: "asc" } });
  const bookings = await t.db.booking.findMany({ where: { hostId: host.id }, orderBy: { startAt: "asc" } });
  return { host, schedules, eventTypes, bookings };
}

describe("seedDemo", () => {
  it("creates a demo host with hours, three event types and upcoming bookings", async () => {
    const now = Date.now();
    await seedDemo(t.db, { now, log: () => {} });
    const { host, schedules, eventTypes, bookings } = await snapshot();

    expect(host).toMatchObject({ username: "demo", timeZone: "Europe/Berlin" });
    expect(await verifyPassword("demo-password", host.passwordHash!)).toBe(true);

    expect(schedules).toHaveLength(1);
    expect(schedules[0].timeZone).toBe("Europe/Berlin");
    expect(schedules[0].weekly).toHaveLength(5);
    expect(schedules[0].overrides as DateOverride[]).toHaveLength(1);

    expect(eventTypes.map((e) => [e.durationMinutes, e.locationType])).toEqual([
      [15, "link"],
      [30, "phone"],
      [60, "in_person"],
    ]);

    expect(eventTypes.map((e) => e.seatsPerSlot)).toEqual([null, null, 8]);

    expect(bookings.length).toBeGreaterThanOrEqual(4);
    // The two workshop guests share one meeting.
    const workshop = bookings.filter((b) => b.seatGroupId !== null);
    expect(workshop).toHaveLength(2);
    expect(workshop[0].seatGroupId).toBe(workshop[1].seatGroupId);
    for (const booking of bookings) {
      expect(booking.status).toBe("confirmed");
      expect(booking.startAt.getTime()).toBeGreaterThan(now);
    }
  });

  it("is idempotent: a second run adds nothing", async () => {
    const before = await snapshot();
    await seedDemo(t.db, { log: () => {} });
    const after = await snapshot();
    expect(after.schedules.map((s) => s.overrides)).toEqual(before.schedules.map((s) => s.overrides));
    expect(after.eventTypes.map((e) => e.id)).toEqual(before.eventTypes.map((e) => e.id));
    expect(after.bookings.map((b) => b.uid)).toEqual(before.bookings.map((b) => b.uid));
  });
});
