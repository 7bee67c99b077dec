/**
 * Test data for the booking suites: a host whose default schedule is open
 * 09:00–17:00 UTC every day (so tests do not depend on today's weekday), event
 * types on it, and future times expressed relative to today.
 */
import type { Db } from "../db/client";
import type { EventType, User } from "../db/generated/client";
import { WEEKDAYS, addDays, todayIn } from "../time";

let counter = 0;

export async function createTestHost(db: Db, name = "Hana Host"): Promise<User> {
  const n = ++counter;
  const user = await db.user.create({
    data: { email: `host${n}-${Date.now()}@example.com`, name, username: `host${n}-${Math.random().toString(36).slice(2, 8)}`, timeZone: "Europe/Berlin" },
  });
  await db.schedule.create({
    data: {
      userId: user.id,
      name: "Every day",
      timeZone: "UTC",
      isDefault: true,
      weekly: WEEKDAYS.map((day) => ({ day, start: "09:00", end: "17:00" })),
      overrides: [],
    },
  });
  return user;
}

export async function createTestEventType(
  db: Db,
  hostId: string,
  fields: Partial<Pick<EventType, "slug" | "title" | "durationMinutes" | "bufferBeforeMinutes" | "bufferAfterMinutes" | "minimumNoticeMinutes" | "bookingWindowDays">> = {},
): Promise<EventType> {
  return db.eventType.create({
    data: {
      userId: hostId,
      slug: fields.slug ?? `intro-${++counter}`,
      title: fields.title ?? "Intro call",
      durationMinutes: fields.durationMinutes ?? 30,
      locationType: "link",
      locationValue: "https://meet.example.com/hana",
      minimumNoticeMinutes: fields.minimumNoticeMinutes ?? 60,
      bufferBeforeMinutes: fields.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: fields.bufferAfterMinutes ?? 0,
      bookingWindowDays: fields.bookingWindowDays ?? 60,
    },
  });
}

/** A date `days` from today (UTC), YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  return addDays(todayIn("UTC"), days);
}

/** "2026-12-07", "10:30" → "2026-12-07T10:30:00Z". */
export function utc(date: string, time: string): string {
  return `${date}T${time}:00Z`;
}

export function testAttendee(n: number | string = 1) {
  return { name: `Guest ${n}`, email: `guest${n}@example.com`, timeZone: "America/New_York" };
}
