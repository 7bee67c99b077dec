import type { Db } from "../db/client";
import { DEFAULT_WEEKLY } from "./schedule-schema";

/** A new host's first schedule: weekdays 09:00–17:00 in their zone. */
export function createDefaultSchedule(db: Db, userId: string, timeZone: string) {
  return db.schedule.create({
    data: { userId, name: "Working hours", timeZone, isDefault: true, weekly: DEFAULT_WEEKLY, overrides: [] },
  });
}
