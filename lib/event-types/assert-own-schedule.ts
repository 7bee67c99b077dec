import type { DbClient } from "../db/client";
import { validationError } from "../errors";

/**
 * An event type may only point at a schedule of its own host. A foreign or
 * unknown id is the client's input error (400 on `scheduleId`), not a 404 of
 * the event type being written.
 */
export async function assertOwnSchedule(db: DbClient, userId: string, scheduleId: string | null | undefined): Promise<void> {
  if (!scheduleId) return;
  const schedule = await db.schedule.findFirst({ where: { id: scheduleId, userId }, select: { id: true } });
  if (!schedule) {
    throw validationError("Some of the input is not valid.", [
      { path: "scheduleId", message: "No such schedule. Pick one of your schedules, or null for your default." },
    ]);
  }
}
