import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { withTransaction } from "../db/transaction";
import { notFound } from "../errors";
import { lockUserSchedules } from "./lock-user-schedules";
import { schedulePatchSchema, type ScheduleDto, type SchedulePatch } from "./schedule-schema";
import { toScheduleDto } from "./to-schedule-dto";

/**
 * PATCH semantics: each given field replaces the stored one wholesale (a given
 * `weekly` is the whole new week, not a merge); absent fields stay.
 * `isDefault: true` moves the default here. `isDefault: false` is refused by the
 * schema: a user always has a default, so it moves by choosing another one.
 */
export async function updateSchedule(db: DbClient, userId: string, id: string, patch: SchedulePatch): Promise<ScheduleDto> {
  const data = schedulePatchSchema.parse(patch);
  const schedule = await withTransaction(db, async (tx) => {
    await lockUserSchedules(tx, userId);
    const existing = await tx.schedule.findFirst({ where: { id, userId } });
    if (!existing) throw notFound("Schedule");
    if (data.isDefault && !existing.isDefault) {
      await tx.schedule.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
    }
    const row = await tx.schedule.update({
      where: { id },
      data: {
        name: data.name,
        timeZone: data.timeZone,
        isDefault: data.isDefault,
        weekly: data.weekly,
        overrides: data.overrides,
      },
    });
    return toScheduleDto(row);
  });
  // After the commit: the host's cached slots were computed from the old hours.
  await invalidateHost(userId);
  return schedule;
}
