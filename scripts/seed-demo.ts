/**
 * `npm run seed` (and `npm start -- --demo`): a demo host to look around with.
 *   demo@kairos.local / demo-password — https://…/demo
 * Europe/Berlin, Mon–Fri 09:00–17:00 with one half-day override, three event
 * types and two upcoming bookings. Idempotent: run it again and it only fills
 * in what is missing (it never duplicates or moves anything).
 *
 * Uses DATABASE_URL; without it, the embedded database in KAIROS_DATA_DIR
 * (default .data/), as the admin CLI does (scripts/lib/database-url.ts).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createBooking } from "../lib/booking/create-booking";
import { createPrismaClient, setDb, type Db } from "../lib/db/client";
import { AppError } from "../lib/errors";
import { createEventType } from "../lib/event-types/create-event-type";
import type { EventTypeInput } from "../lib/event-types/event-type-schema";
import { updateSchedule } from "../lib/schedules/update-schedule";
import { DEFAULT_WEEKLY, type DateOverride } from "../lib/schedules/schedule-schema";
import { addDays, todayIn, weekdayOfDate, zonedTimeToInstant } from "../lib/time";
import { createUser } from "../lib/users/create-user";
import { embeddedDatabaseDir, ensureDatabaseUrl } from "./lib/database-url";

export const DEMO_HOST = {
  email: "demo@kairos.local",
  password: "demo-password",
  name: "Dana Demo",
  username: "demo",
  timeZone: "Europe/Berlin",
} as const;

const DEMO_EVENT_TYPES: EventTypeInput[] = [
  {
    slug: "intro",
    title: "Intro call",
    description: "A quick hello: what you need and whether we are a fit.",
    durationMinutes: 15,
    location: { type: "link", value: "https://meet.example.com/dana-demo" },
    minimumNoticeMinutes: 60,
  },
  {
    slug: "consultation",
    title: "Consultation",
    description: "Half an hour on the phone to work through one question in depth.",
    durationMinutes: 30,
    location: { type: "phone", value: "+49 30 1234567" },
    bufferAfterMinutes: 10,
  },
  {
    slug: "workshop",
    title: "Workshop",
    description: "A hands-on hour at the studio. Bring your laptop.",
    durationMinutes: 60,
    location: { type: "in_person", value: "Kairos Studio, Torstraße 1, 10119 Berlin" },
    bufferBeforeMinutes: 15,
    bufferAfterMinutes: 15,
    minimumNoticeMinutes: 24 * 60,
    // A group event: up to 8 guests share each workshop.
    seatsPerSlot: 8,
  },
];

const DEMO_GUESTS = [
  { name: "Ada Lovelace", email: "ada@example.com", timeZone: "Europe/London", slug: "intro", time: 10 * 60 },
  { name: "Grace Hopper", email: "grace@example.com", timeZone: "America/New_York", slug: "consultation", time: 15 * 60 },
  // Two guests in one workshop (same day and time: they share its seats).
  { name: "Katherine Johnson", email: "katherine@example.com", timeZone: "America/Chicago", slug: "workshop", time: 11 * 60, fromDays: 5 },
  { name: "Alan Turing", email: "alan@example.com", timeZone: "Europe/London", slug: "workshop", time: 11 * 60, fromDays: 5 },
];

const isWeekday = (date: string) => !["saturday", "sunday"].includes(weekdayOfDate(date));

/** The first weekday at least `fromDays` after today (in the host's zone). */
function weekdayAfter(today: string, fromDays: number): string {
  let date = addDays(today, fromDays);
  while (!isWeekday(date)) date = addDays(date, 1);
  return date;
}

export async function seedDemo(db: Db, options: { now?: number; log?: (line: string) => void } = {}): Promise<void> {
  const { now = Date.now(), log = console.log } = options;
  const today = todayIn(DEMO_HOST.timeZone, now);

  let host = await db.user.findUnique({ where: { email: DEMO_HOST.email } });
  if (!host) {
    host = await createUser(db, { ...DEMO_HOST });
    log(`seed: created host ${DEMO_HOST.email} (password "${DEMO_HOST.password}")`);
  } else {
    log(`seed: host ${DEMO_HOST.email} exists`);
  }

  // Working hours: Mon–Fri 09:00–17:00, plus a half day (09:00–12:00) about a
  // week out, unless an upcoming override is already there.
  const schedule = await db.schedule.findFirst({ where: { userId: host.id, isDefault: true } });
  if (schedule) {
    const overrides = (schedule.overrides as DateOverride[] | null) ?? [];
    const upcoming = overrides.filter((o) => o.date >= today);
    const halfDay = weekdayAfter(today, 8);
    await updateSchedule(db, host.id, schedule.id, {
      name: "Working hours",
      timeZone: DEMO_HOST.timeZone,
      weekly: DEFAULT_WEEKLY,
      overrides: upcoming.length > 0 ? upcoming : [{ date: halfDay, intervals: [{ start: "09:00", end: "12:00" }] }],
    });
  }

  const existing = new Set((await db.eventType.findMany({ where: { userId: host.id }, select: { slug: true } })).map((e) => e.slug));
  for (const eventType of DEMO_EVENT_TYPES) {
    if (existing.has(eventType.slug)) continue;
    await createEventType(db, host.id, eventType);
    log(`seed: created event type /${DEMO_HOST.username}/${eventType.slug}`);
  }

  // Upcoming bookings, through the booking service (so they respect the rules
  // like any guest's): one per demo guest who has none ahead yet.
  for (const [index, guest] of DEMO_GUESTS.entries()) {
    const ahead = await db.booking.count({
      where: { hostId: host.id, attendeeEmail: guest.email, status: "confirmed", startAt: { gt: new Date(now) } },
    });
    if (ahead > 0) continue;
    let date = weekdayAfter(today, ("fromDays" in guest ? guest.fromDays : undefined) ?? 2 + index);
    for (let attempt = 0; attempt < 10; attempt++, date = weekdayAfter(date, 1)) {
      const start = new Date(zonedTimeToInstant(date, guest.time, DEMO_HOST.timeZone)).toISOString();
      try {
        await createBooking(db, {
          username: DEMO_HOST.username,
          eventSlug: guest.slug,
          start,
          attendee: { name: guest.name, email: guest.email, timeZone: guest.timeZone },
          notes: "Booked by the demo seed.",
        });
        log(`seed: booked ${guest.slug} with ${guest.name} at ${start}`);
        break;
      } catch (error) {
        // That time is taken or not offered (e.g. the override): try the next day.
        if (!(error instanceof AppError && error.code === "slot_unavailable")) throw error;
      }
    }
  }
  log(`seed: demo host ready — sign in as ${DEMO_HOST.email} / ${DEMO_HOST.password}; booking page /${DEMO_HOST.username}`);
}

/** Applies migrations when the database has none yet (a fresh embedded database). */
async function migrateIfEmpty(db: Db, url: string): Promise<void> {
  const [{ present }] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('public.users') IS NOT NULL AS present`;
  if (present) return;
  console.log("seed: the database is empty; applying migrations");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(path.join(__dirname, "..", "node_modules", ".bin", "tsx"), [path.join(__dirname, "prisma.ts"), "migrate", "deploy"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: url },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy exited with ${code}`))));
  });
}

async function main() {
  const database = await ensureDatabaseUrl();
  if (database.source !== "env") console.log(`seed: using the embedded database in ${embeddedDatabaseDir()}`);
  const db = createPrismaClient(database.url);
  setDb(db);
  try {
    await migrateIfEmpty(db, database.url);
    await seedDemo(db);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
