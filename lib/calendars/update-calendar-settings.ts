import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import { calendarSettingsSchema, type CalendarSettings } from "./calendar-schema";

/** Changes whether all-day events in the host's ticked calendars take their time. */
export async function updateCalendarSettings(db: DbClient, userId: string, input: CalendarSettings): Promise<CalendarSettings> {
  const data = calendarSettingsSchema.parse(input);
  const { count } = await db.user.updateMany({ where: { id: userId }, data });
  if (count === 0) throw notFound("User");
  // Busy time — and so the slots offered — depends on it.
  await invalidateHost(userId);
  return data;
}
