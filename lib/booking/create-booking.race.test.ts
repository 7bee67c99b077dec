/**
 * THE RACE TEST: many guests submit the same slot at the same moment. The
 * availability check inside each transaction may pass for all of them (none
 * sees the others' uncommitted rows); the bookings' EXCLUDE constraint must
 * still let exactly one through. Needs real PostgreSQL with real concurrency,
 * so it runs only when TEST_DATABASE_URL is set (PGlite runs one query at a time).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/test-database";
import { createPrismaClient, type Db } from "../db/client";
import { AppError } from "../errors";
import { createBooking } from "./create-booking";
import { createTestEventType, createTestHost, dayFromToday, testAttendee, utc } from "./test-fixtures";

const CONTENDERS = 50;
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!hasPostgres) {
  console.warn("create-booking.race.test.ts skipped: set TEST_DATABASE_URL=postgresql://… to run the booking race test on real PostgreSQL.");
}

describe.skipIf(!hasPostgres)("createBooking under contention (real PostgreSQL)", () => {
  let t: TestDatabase;
  let wide: Db;

  beforeAll(async () => {
    t = await createTestDatabase();
    // A pool as large as the crowd, so all transactions are genuinely in flight at once.
    wide = createPrismaClient(t.url, { poolSize: CONTENDERS + 5 });
    await wide.$connect();
  });
  afterAll(async () => {
    await wide?.$disconnect();
    await t?.close();
  });

  it(`${CONTENDERS} simultaneous requests for one slot: exactly one booking`, async () => {
    const host = await createTestHost(t.db);
    const et = await createTestEventType(t.db, host.id, { slug: "race", durationMinutes: 30, bufferAfterMinutes: 10 });
    const start = utc(dayFromToday(2), "10:00");

    const results = await Promise.allSettled(
      Array.from({ length: CONTENDERS }, (_, i) =>
        createBooking(wide, { eventTypeId: et.id, start, attendee: testAttendee(`racer-${i}`) }),
      ),
    );

    const winners = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof createBooking>>> => r.status === "fulfilled");
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(CONTENDERS - 1);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(AppError);
      expect(loser.reason).toMatchObject({ code: "slot_unavailable" });
    }
    const rows = await t.db.booking.findMany({ where: { hostId: host.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].uid).toBe(winners[0].value.booking.uid);
  });

  it(`${CONTENDERS} simultaneous requests for overlapping slots of two event types: no overlap survives`, async () => {
    const host = await createTestHost(t.db);
    const short = await createTestEventType(t.db, host.id, { slug: "short", durationMinutes: 30, bufferAfterMinutes: 30 });
    const long = await createTestEventType(t.db, host.id, { slug: "long", durationMinutes: 60 });
    const day = dayFromToday(2);
    // short@10:00 blocks [10:00, 11:00]; short@10:30 and long@10:00/11:00 fight over the same hour.
    const attempts = Array.from({ length: CONTENDERS }, (_, i) => {
      const [eventTypeId, time] = [
        [short.id, "10:00"],
        [short.id, "10:30"],
        [long.id, "10:00"],
        [long.id, "11:00"],
      ][i % 4];
      return createBooking(wide, { eventTypeId, start: utc(day, time), attendee: testAttendee(`mix-${i}`) });
    });
    const results = await Promise.allSettled(attempts);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "slot_unavailable" });
    }
    const rows = await t.db.booking.findMany({ where: { hostId: host.id }, orderBy: { blockedStartAt: "asc" } });
    expect(rows.length).toBe(results.filter((r) => r.status === "fulfilled").length);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].blockedStartAt.getTime()).toBeGreaterThanOrEqual(rows[i - 1].blockedEndAt.getTime());
    }
  });
});
