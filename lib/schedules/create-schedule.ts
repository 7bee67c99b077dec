import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { withTransaction } from "../db/transaction";
import { lockUserSchedules } from "./lock-user-schedules";
import { scheduleInputSchema, type ScheduleDto, type ScheduleInput } from "./schedule-schema";
import { toScheduleDto } from "./to-schedule-dto";

/**
 * Adds a schedule. It becomes the default when asked to (the previous default
 * stops being one) or when the user has no default yet, e.g. their first.
 */
export async function createSchedule(db: DbClient, userId: string, input: ScheduleInput): Promise<ScheduleDto> {
  const data = scheduleInputSchema.parse(input);
  const schedule = await withTransaction(db, async (tx) => {
    await lockUserSchedules(tx, userId);
    const currentDefault = await tx.schedule.findFirst({ where: { userId, isDefault: true }, select: { id: true } });
    const makeDefault = data.isDefault || !currentDefault;
    // Unset first, then insert: the partial unique index allows one default per
    // user at any moment, including mid-transaction.
    if (makeDefault && currentDefault) {
      await tx.schedule.update({ where: { id: currentDefault.id }, data: { isDefault: false } });
    }
    const row = await tx.schedule.create({
      data: {
        userId,
        name: data.name,
        timeZone: data.timeZone,
        isDefault: makeDefault,
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
