/**
 * blocksTimeSql and blocksTime must agree: every combination of the stored
 * flags, in the database, against the function the adapters' tests use.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConnection, seedEvents, type SeedEvent } from "@/test/busy-store-fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { Prisma } from "../db/generated/client";
import { createUser } from "../users/create-user";
import { blocksTimeSql } from "./blocks-time-sql";
import { blocksTime, type ProviderEvent } from "./provider";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

describe("blocksTimeSql", () => {
  it("selects exactly the stored occurrences blocksTime says take time, for both all-day settings", async () => {
    const user = await createUser(t.db, { email: "flags@example.com", name: "Flags", username: "flags", password: "a good password", timeZone: "UTC" });
    const { calendarIds } = await seedConnection(t.db, user.id);
    const start = Date.parse("2026-06-01T10:00:00Z");
    const events: (SeedEvent & { externalId: string })[] = [];
    for (const status of ["confirmed", "tentative"] as const) {
      for (const showAs of ["busy", "free"] as const) {
        for (const selfResponse of [undefined, "accepted", "declined", "tentative", "needsAction"] as const) {
          for (const allDay of [false, true]) {
            for (const minutes of [0, 30]) {
              const externalId = `${status}-${showAs}-${selfResponse ?? "none"}-${allDay}-${minutes}`;
              events.push({ externalId, status, showAs, selfResponse, allDay, start, end: start + minutes * 60_000 });
            }
          }
        }
      }
    }
    await seedEvents(t.db, calendarIds[0], events);

    for (const allDayBlocks of [true, false]) {
      const rows = await t.db.$queryRaw<{ external_id: string }[]>(Prisma.sql`
        SELECT e.external_id FROM external_events e WHERE e.calendar_id = ${calendarIds[0]} AND ${blocksTimeSql("e", allDayBlocks)}`);
      const expected = events
        .filter((event) =>
          blocksTime(
            { ...event, start: Number(event.start), end: Number(event.end), title: "", allDay: event.allDay!, status: event.status!, showAs: event.showAs! } as ProviderEvent,
            { allDayBlocks },
          ),
        )
        .map((event) => event.externalId)
        .sort();
      expect(rows.map((r) => r.external_id).sort()).toEqual(expected);
      // Not vacuous: some block, some do not.
      expect(expected.length).toBeGreaterThan(4);
      expect(expected.length).toBeLessThan(events.length / 2);
    }
    // A column works as the setting too (as loadSlotContext's query could use it).
    const viaColumn = await t.db.$queryRaw<{ n: number }[]>(Prisma.sql`
      SELECT count(*)::int AS n FROM external_events e JOIN users u ON u.id = ${user.id}
      WHERE e.calendar_id = ${calendarIds[0]} AND ${blocksTimeSql("e", Prisma.sql`u.all_day_events_block`)}`);
    expect(viaColumn[0].n).toBe(events.filter((e) => blocksTime({ ...e, start: Number(e.start), end: Number(e.end), title: "" } as ProviderEvent, { allDayBlocks: true })).length);
  });
});
