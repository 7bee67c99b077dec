import type { DbClient } from "../db/client";
import { notFound } from "../errors";
import type { ScheduleDto } from "./schedule-schema";
import { toScheduleDto } from "./to-schedule-dto";

/** One of the user's schedules; another user's schedule is "not found", never "forbidden". */
export async function getSchedule(db: DbClient, userId: string, id: string): Promise<ScheduleDto> {
  const row = await db.schedule.findFirst({ where: { id, userId } });
  if (!row) throw notFound("Schedule");
  return toScheduleDto(row);
}
