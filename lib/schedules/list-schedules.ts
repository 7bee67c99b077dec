import type { DbClient } from "../db/client";
import type { ScheduleDto } from "./schedule-schema";
import { toScheduleDto } from "./to-schedule-dto";

/** The user's schedules, the default first, then oldest first. */
export async function listSchedules(db: DbClient, userId: string): Promise<ScheduleDto[]> {
  const rows = await db.schedule.findMany({
    where: { userId },
    orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toScheduleDto);
}
