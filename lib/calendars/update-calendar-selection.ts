/**
 * The host's choices for one calendar: whether it counts for conflicts, and
 * whether new bookings are written into it. Choosing a destination clears the
 * previous one (one per host — also a partial unique index); only a writable
 * calendar can be one (also a CHECK). `isDestination: false` on the current
 * destination leaves the host without one: bookings are then not written to
 * any calendar.
 */
import { invalidateHost } from "../availability/slot-cache";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { withTransaction } from "../db/transaction";
import { notFound, validationError } from "../errors";
import { wakeJobWorkers } from "../jobs";
import { onCalendarSelectionChanged } from "../sync";
import { calendarPatchSchema, type CalendarPatch } from "./calendar-schema";
import { CALENDAR_SELECT, toCalendarDto, type CalendarDto } from "./connection-dto";

export async function updateCalendarSelection(db: Db, userId: string, calendarId: string, input: CalendarPatch): Promise<CalendarDto> {
  const patch = calendarPatchSchema.parse(input);
  const attempt = () =>
    withTransaction(db, async (tx) => {
      const calendar = await tx.connectedCalendar.findFirst({ where: { id: calendarId, userId }, select: { id: true, name: true, canWrite: true, selectedForConflicts: true } });
      if (!calendar) throw notFound("Calendar");
      if (patch.isDestination && !calendar.canWrite) {
        throw validationError(`“${calendar.name}” is read-only for Kairos, so bookings cannot be added to it. Choose a calendar you can write to.`, [
          { path: "isDestination", message: "This calendar is read-only." },
        ]);
      }
      if (patch.isDestination) {
        await tx.connectedCalendar.updateMany({ where: { userId, isDestination: true, id: { not: calendar.id } }, data: { isDestination: false } });
      }
      const updated = await tx.connectedCalendar.update({ where: { id: calendar.id }, data: patch, select: CALENDAR_SELECT });
      // After the UPDATE: its row lock keeps a running sync from writing rows back (see lib/sync).
      if (patch.selectedForConflicts !== undefined && patch.selectedForConflicts !== calendar.selectedForConflicts) {
        await onCalendarSelectionChanged(tx, { calendarIds: [calendar.id], selected: patch.selectedForConflicts, reason: "selected" });
      }
      return updated;
    });

  let row;
  try {
    row = await attempt();
  } catch (error) {
    // Another request chose a different destination at the same moment; the later one wins.
    if (!isUniqueViolation(error)) throw error;
    row = await attempt();
  }
  if (patch.selectedForConflicts !== undefined) {
    await invalidateHost(userId);
    wakeJobWorkers();
  }
  return toCalendarDto(row);
}
