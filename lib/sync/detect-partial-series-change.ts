/**
 * Whether an incremental batch touched a recurring series without accounting
 * for all of its stored occurrences — then it cannot be applied as it is.
 *
 * A change to a whole series (its time, its rule) gives its occurrences new
 * ids, and not every provider lists the old ones as removed: Google's
 * singleEvents sync reports the series' new instances, never the instances
 * the change did away with. Applying such a batch would leave phantom busy
 * blocks at the old times. A batch that names some occurrences of a stored
 * series and is silent about others may be exactly that, so the caller lists
 * the calendar in full instead (apply-sync-batch.ts then writes only the
 * differences).
 *
 * Providers that report every occurrence of a changed series (Microsoft's
 * delta, CalDAV's per-object expansion) never trigger it; with Google it
 * costs one full listing when a recurring event is edited.
 */
import type { SyncBatch } from "../calendars/provider";
import type { DbClient } from "../db/client";

export async function detectPartialSeriesChange(db: DbClient, calendarId: string, batch: SyncBatch): Promise<boolean> {
  if (batch.full) return false;
  const series = [...new Set(batch.changed.flatMap((event) => (event.seriesId ? [event.seriesId] : [])))];
  if (series.length === 0) return false;
  const named = new Set([...batch.removedIds, ...batch.changed.map((event) => event.externalId)]);
  const stored = await db.externalEvent.findMany({ where: { calendarId, seriesId: { in: series } }, select: { externalId: true } });
  return stored.some((row) => !named.has(row.externalId));
}
