import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import type { CalendarSettings } from "./calendar-schema";

/** The host's settings for how connected calendars count (today: whether all-day events block time). */
export async function getCalendarSettings(db: DbClient, userId: string): Promise<CalendarSettings> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { allDayEventsBlock: true } });
  if (!user) throw notFound("User");
  return { allDayEventsBlock: user.allDayEventsBlock };
}
