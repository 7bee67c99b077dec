/**
 * Locks one connected calendar's row for the rest of the transaction and
 * reads whether it is (still) ticked for conflicts: null when it is gone.
 *
 * Everything that writes a calendar's busy store or sync state takes this
 * lock first, so two syncs of one calendar never interleave their writes, and
 * a transaction that unticks the calendar (an UPDATE of the same row, which
 * also locks it) is either fully before a sync's write — which then sees
 * "not selected" — or fully after it, deleting what it wrote.
 */
import type { Prisma } from "../db/generated/client";

export async function lockCalendarSelection(tx: Prisma.TransactionClient, calendarId: string): Promise<boolean | null> {
  const [row] = await tx.$queryRaw<Array<{ selected: boolean }>>`
    SELECT selected_for_conflicts AS selected FROM connected_calendars WHERE id = ${calendarId} FOR UPDATE`;
  return row ? row.selected : null;
}
