/**
 * Brings the stored calendars of one connection in line with what the
 * provider lists now, keeping the host's choices:
 * - a calendar still listed keeps its ticks; its name, colour, zone, primary
 *   and write access follow the provider (losing write access also drops the
 *   destination mark — bookings cannot be written there any more);
 * - a calendar no longer listed is removed (event types that wrote to it fall
 *   back to the host's destination through ON DELETE SET NULL), and its push
 *   channels are stopped at the provider ("calendar.unwatch" jobs);
 * - a new calendar arrives unticked — except on a connection's first listing,
 *   which ticks the defaults (see initialSelection).
 * On the first listing, if the host has no destination calendar at all, the
 * connection's primary (else first) writable calendar becomes it, so bookings
 * land somewhere the host can see from the first connect on.
 */
import type { Prisma } from "../db/generated/client";
import { onCalendarSelectionChanged } from "../sync";
import { retireChannelsOfRemovedCalendars } from "../sync/push/retire-channels";
import type { ProviderCalendar, ProviderKind } from "./provider";

/**
 * Which calendars count for conflicts on a fresh connection: an account's
 * primary calendar (its first one when the provider marks none, as CalDAV
 * servers do not), and an ICS feed (it is one calendar, added to block time).
 * Other calendars — shared ones, holidays, birthdays, colleagues' — are left
 * for the host to tick, because blocking time by surprise is worse than a
 * calendar not yet counted that Settings shows unticked.
 */
export function initialSelection(provider: ProviderKind, calendars: ProviderCalendar[]): Set<string> {
  if (provider === "ics") return new Set(calendars.map((c) => c.externalId));
  const primary = calendars.find((c) => c.isPrimary) ?? calendars[0];
  return new Set(primary ? [primary.externalId] : []);
}

/** Removes duplicate ids (a provider bug must not break the unique index) keeping the first. */
function distinct(calendars: ProviderCalendar[]): ProviderCalendar[] {
  const seen = new Set<string>();
  return calendars.filter((c) => !seen.has(c.externalId) && seen.add(c.externalId));
}

export async function reconcileCalendars(
  tx: Prisma.TransactionClient,
  connection: { id: string; userId: string; provider: ProviderKind },
  listed: ProviderCalendar[],
): Promise<void> {
  const calendars = distinct(listed);
  const stored = await tx.connectedCalendar.findMany({
    where: { connectionId: connection.id },
    select: { id: true, externalId: true, isDestination: true, selectedForConflicts: true },
  });
  const byExternalId = new Map(stored.map((c) => [c.externalId, c]));
  const firstListing = stored.length === 0;
  const selected = firstListing ? initialSelection(connection.provider, calendars) : new Set<string>();

  const ticked: string[] = [];
  const listedIds = new Set(calendars.map((c) => c.externalId));
  const vanished = stored.filter((c) => !listedIds.has(c.externalId)).map((c) => c.id);
  if (vanished.length > 0) {
    // Their push channels go with them: have the provider stop them too (jobs that commit with the delete).
    await retireChannelsOfRemovedCalendars(tx, vanished);
    await tx.connectedCalendar.deleteMany({ where: { id: { in: vanished } } });
  }

  for (const c of calendars) {
    const fields = {
      name: c.name.trim() || c.externalId,
      isPrimary: c.isPrimary,
      canWrite: c.canWrite,
      timeZone: c.timeZone ?? null,
      color: c.color ?? null,
    };
    const existing = byExternalId.get(c.externalId);
    if (existing) {
      if (existing.selectedForConflicts) ticked.push(existing.id);
      await tx.connectedCalendar.update({
        where: { id: existing.id },
        data: { ...fields, ...(existing.isDestination && !c.canWrite ? { isDestination: false } : {}) },
      });
    } else {
      const created = await tx.connectedCalendar.create({
        data: {
          ...fields,
          connectionId: connection.id,
          userId: connection.userId,
          externalId: c.externalId,
          selectedForConflicts: selected.has(c.externalId),
        },
        select: { id: true },
      });
      if (selected.has(c.externalId)) ticked.push(created.id);
    }
  }

  // Connected, reconnected or re-listed: the ticked calendars sync (and watch) now.
  await onCalendarSelectionChanged(tx, { calendarIds: ticked, selected: true, reason: "connected" });

  // Only on the first listing: a host who later clears the destination on purpose keeps it cleared.
  if (!firstListing) return;
  const writable = calendars.filter((c) => c.canWrite);
  const destination = writable.find((c) => c.isPrimary) ?? writable[0];
  if (!destination) return;
  const hasDestination = await tx.connectedCalendar.count({ where: { userId: connection.userId, isDestination: true } });
  if (hasDestination === 0) {
    await tx.connectedCalendar.update({
      where: { connectionId_externalId: { connectionId: connection.id, externalId: destination.externalId } },
      data: { isDestination: true },
    });
  }
}
