/**
 * Case "store": slots p50 with a warm busy store — the real-time sync issue's
 * target (≤ 15 ms): a host with 5 ticked calendars × 500 synced events, asked
 * for 31 days of slots through GET /api/v1/slots over HTTP. Each calendar
 * holds the mix sync stores — a weekly series as one row per occurrence, an
 * all-day event, events marked free, declined invitations, tentative ones —
 * placed two ways: spread over the synced year (what a real store looks like;
 * the range index must skip the ~90 % outside the month), and all 2 500
 * crammed into the month asked about (the worst case: every row read).
 *
 * Runs, all in this process, against a fresh migrated database (PGlite, or a
 * scratch database at BENCH_DATABASE_URL):
 * - the app's own GET /api/v1/slots handler behind a real local HTTP server
 *   (test/route-server.ts, as the "push" case) — not `next start`, so no
 *   build is needed; what Next.js adds on top is the "floor" row of the
 *   "http" case (~2 ms);
 * - computed: the host's cached slots invalidated (invalidateHost) before
 *   each timed request, so it runs loadSlotContext's two queries (bookings +
 *   busy store in one round trip) and the engine; cache hit: the answer read
 *   back from the slot cache;
 * - in-process: loadSlotContext + computeSlots without HTTP, for the split.
 * It checks first that the store takes slots away. No provider exists here:
 * the connection's credentials are a placeholder nothing can use.
 */
import * as slotsRoute from "../app/api/v1/slots/route";
import { computeSlots } from "../lib/availability/compute-slots";
import { loadSlotContext } from "../lib/availability/load-slot-context";
import { invalidateHost } from "../lib/availability/slot-cache";
import { createPrismaClient, setDb, type Db } from "../lib/db/client";
import { MINUTE_MS, WEEKDAYS } from "../lib/time";
import { seedConnection, seedEvents, seedSyncState, type SeedEvent } from "../test/busy-store-fixtures";
import { startRouteServer, type RouteServer } from "../test/route-server";
import { createFreshDatabase, type FreshDatabase } from "../test/test-database";
import { guestWindow, seededRandom } from "./lib/fixtures";
import { measure } from "./lib/measure";
import type { Row } from "./lib/table";

const CALENDARS = 5;
const EVENTS_PER_CALENDAR = 500;
const DAYS = 31;
const HOST_ZONE = "Europe/Berlin";
const GUEST_ZONE = "America/New_York";
const USERNAME = "bench-store-host";
const SLUG = "store";

function log(message: string) {
  console.error(`[bench] ${message}`);
}

const DAY = 24 * 60 * MINUTE_MS;

/**
 * One calendar's 500 occurrences from `from` over `spanDays`: a weekly series
 * (one row per occurrence, as sync stores it), one all-day event, and single
 * events with sync's flag mix (free, declined, tentative) lasting
 * `minutes[0]`–`minutes[1]`.
 */
function calendarEvents(index: number, from: number, spanDays: number, minutes: [number, number]): SeedEvent[] {
  const random = seededRandom(2026_11_21 + index * 7 + spanDays);
  const events: SeedEvent[] = [];
  for (let week = 0; week * 7 < spanDays; week++) {
    const start = from + (week * 7 + index) * DAY + (9 + index) * 60 * MINUTE_MS;
    events.push({ externalId: `weekly-${index}_${week}`, seriesId: `weekly-${index}`, start, end: start + 30 * MINUTE_MS });
  }
  const holiday = from + ((3 + 6 * index) % spanDays) * DAY;
  events.push({ externalId: `holiday-${index}`, start: holiday, end: holiday + DAY, allDay: true });
  while (events.length < EVENTS_PER_CALENDAR) {
    const n = events.length;
    const start = from + Math.floor((random() * spanDays * DAY) / (15 * MINUTE_MS)) * 15 * MINUTE_MS;
    const roll = random();
    events.push({
      externalId: `e${index}-${n}`,
      start,
      end: start + (minutes[0] + Math.floor(random() * (minutes[1] - minutes[0] + 1))) * MINUTE_MS,
      showAs: roll < 0.1 ? "free" : "busy",
      selfResponse: roll >= 0.1 && roll < 0.15 ? "declined" : roll < 0.3 ? "accepted" : undefined,
      status: roll >= 0.3 && roll < 0.35 ? "tentative" : "confirmed",
    });
  }
  return events;
}

/** The two placements measured: the store as a year of sync leaves it, and every event crammed into the month asked about. */
const PLACEMENTS = [
  { name: "spread over the synced year", spanDays: 365, minutes: [15, 90] as [number, number] },
  { name: "all 2 500 in the 31 days asked", spanDays: DAYS, minutes: [5, 20] as [number, number] },
];

/** A host open 08:00–20:00 Berlin every day (a 15-minute event, 15-minute grid, 5-minute buffers, 2 h notice) with 5 ticked, synced calendars. */
async function seedStoreHost(db: Db, i: number, placement: (typeof PLACEMENTS)[number], windowStart: number, now: number) {
  const username = `${USERNAME}-${i}`;
  const user = await db.user.create({ data: { email: `${username}@example.com`, name: "Bench Store Host", username, timeZone: HOST_ZONE } });
  await db.schedule.create({
    data: { userId: user.id, name: "Bench hours", timeZone: HOST_ZONE, isDefault: true, weekly: WEEKDAYS.map((day) => ({ day, start: "08:00", end: "20:00" })), overrides: [] },
  });
  const eventType = await db.eventType.create({
    data: {
      userId: user.id, slug: SLUG, title: "Bench", durationMinutes: 15, slotIntervalMinutes: 15, minimumNoticeMinutes: 120,
      bufferBeforeMinutes: 5, bufferAfterMinutes: 5, locationType: "link", locationValue: "https://meet.example.com/bench",
    },
  });
  const { calendarIds } = await seedConnection(db, user.id, Array.from({ length: CALENDARS }, (_, c) => ({ name: `Calendar ${c + 1}` })));
  for (const [c, calendarId] of calendarIds.entries()) {
    await seedEvents(db, calendarId, calendarEvents(c, windowStart, placement.spanDays, placement.minutes));
    await seedSyncState(db, calendarId, { syncedFrom: new Date(windowStart - DAY), syncedTo: new Date(now + 365 * DAY) });
  }
  return { user, eventType, username };
}

export async function benchStoreSlots(iterations: number): Promise<Row[]> {
  let database: FreshDatabase | undefined;
  let db: Db | undefined;
  let routes: RouteServer | undefined;
  try {
    database = await createFreshDatabase("kairos_bench", process.env.BENCH_DATABASE_URL || "");
    const dbKind = database.isPostgres ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (embedded, in memory)";
    db = createPrismaClient(database.url);
    setDb(db);
    process.env.DATABASE_URL = database.url;
    routes = await startRouteServer({ "/api/v1/slots": slotsRoute as never });
    const now = Date.now();
    const { startDate, endDate, range } = guestWindow(GUEST_ZONE, DAYS, now);
    const few = Math.max(1, Math.floor(iterations / 2));
    const rows: Row[] = [];

    for (const [i, placement] of PLACEMENTS.entries()) {
      const { user, eventType, username } = await seedStoreHost(db, i, placement, range.start, now);
      const url = `${routes.url}/api/v1/slots?username=${username}&eventSlug=${SLUG}&start=${startDate}&end=${endDate}&timeZone=${encodeURIComponent(GUEST_ZONE)}`;
      const get = async () => {
        const response = await fetch(url);
        const body = await response.text();
        if (response.status !== 200) throw new Error(`GET ${url} → ${response.status}: ${body.slice(0, 300)}`);
        return body;
      };
      // The store must be doing its work: the same rules without it offer more.
      const answer = JSON.parse(await get()) as { slots: Record<string, unknown[]>; calendarSyncPending: boolean };
      const served = Object.values(answer.slots).reduce((n, day) => n + day.length, 0);
      const context = await loadSlotContext(db, { eventTypeId: eventType.id }, range);
      const open = computeSlots({ ...context.query, busy: [], range, now: Date.now() }).length;
      if (answer.calendarSyncPending || !(served > 0 && served < open)) {
        throw new Error(`The busy store should take some slots: ${served} offered, ${open} without it (pending: ${answer.calendarSyncPending}).`);
      }
      const inWindow = await db.externalEvent.count({
        where: { calendar: { userId: user.id }, startAt: { lt: new Date(range.end) }, endAt: { gt: new Date(range.start) } },
      });
      log(`store case (${placement.name}): ${dbKind}, ${CALENDARS} calendars × ${EVENTS_PER_CALENDAR} events, ${inWindow} in the window; ${served} of ${open} slots left`);
      const invalidate = () => invalidateHost(user.id);
      rows.push(
        {
          case: `GET /api/v1/slots, warm busy store, 5 × 500 events ${placement.name}: computed`,
          timing: await measure(get, { warmup: 20, iterations: few, before: invalidate }),
          target: { ms: 15, on: "p50" },
          note: `${inWindow} events in the window; ${served} of ${open} slots left; ${dbKind}; route server`,
        },
        {
          case: "  slot cache hit",
          timing: await measure(get, { warmup: 50, iterations }),
          target: { ms: 15, on: "p50" },
        },
        {
          case: "  in-process: loadSlotContext (2 queries) + computeSlots, no HTTP",
          timing: await measure(
            async () => {
              const ctx = await loadSlotContext(db!, { username, eventSlug: SLUG }, range);
              computeSlots({ ...ctx.query, range, now: Date.now() });
            },
            { warmup: 20, iterations: few },
          ),
        },
      );
    }
    return rows;
  } finally {
    await routes?.close();
    await db?.$disconnect().catch(() => {});
    setDb(undefined);
    await database?.dispose().catch((e) => log(`could not dispose of the database: ${e}`));
  }
}
