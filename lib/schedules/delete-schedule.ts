import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { withTransaction } from "../db/transaction";
import { AppError, notFound } from "../errors";
import { lockUserSchedules } from "./lock-user-schedules";

/**
 * Deletes a schedule that is not the user's default. Event types that used it
 * have their scheduleId set to null by the foreign key (onDelete: SetNull),
 * which means "use the host's default schedule" — they keep working.
 * The default cannot go: bookings are computed from it. A host with several
 * schedules first makes another one the default; a host's only schedule stays.
 */
export async function deleteSchedule(db: DbClient, userId: string, id: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await lockUserSchedules(tx, userId);
    const existing = await tx.schedule.findFirst({ where: { id, userId }, select: { id: true, isDefault: true } });
    if (!existing) throw notFound("Schedule");
    const count = await tx.schedule.count({ where: { userId } });
    if (count === 1) {
      throw new AppError("conflict", "This is your only schedule. Edit it instead; you need at least one to be bookable.");
    }
    if (existing.isDefault) {
      throw new AppError(
        "conflict",
        "This is your default schedule. Make another schedule the default first, then delete this one.",
      );
    }
    await tx.schedule.delete({ where: { id } });
  });
  // Event types that used it fall back to the default schedule.
  await invalidateHost(userId);
}
