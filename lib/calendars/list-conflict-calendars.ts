/**
 * What availability reads busy time from: every calendar the host ticked for
 * conflicts, grouped by connection (one adapter per connection — build it
 * with providerForConnection(db, connection)), plus the host's all-day rule.
 *
 * Connections come in every status. One that `needs_reconnect` will fail
 * again with reason "auth" until the host reconnects; the caller decides
 * whether to try it, and should report it as a source it could not read
 * rather than leave a silent gap.
 */
import type { DbClient } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";
import { notFound } from "../errors";

export interface ConflictCalendar {
  /** Kairos' id (connected_calendars.id). */
  id: string;
  /** The provider's id: what the adapter's listEvents / syncEvents take. */
  externalId: string;
  name: string;
  timeZone: string | null;
}

export interface ConflictSource {
  connection: CalendarConnection;
  calendars: ConflictCalendar[];
}

export interface ConflictCalendars {
  /** User.allDayEventsBlock: pass to blocksTime(event, { allDayBlocks }). */
  allDayEventsBlock: boolean;
  sources: ConflictSource[];
}

export async function listConflictCalendars(db: DbClient, userId: string): Promise<ConflictCalendars> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      allDayEventsBlock: true,
      calendarConnections: {
        where: { calendars: { some: { selectedForConflicts: true } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: {
          calendars: {
            where: { selectedForConflicts: true },
            select: { id: true, externalId: true, name: true, timeZone: true },
            orderBy: [{ isPrimary: "desc" }, { name: "asc" }],
          },
        },
      },
    },
  });
  if (!user) throw notFound("User");
  return {
    allDayEventsBlock: user.allDayEventsBlock,
    sources: user.calendarConnections.map(({ calendars, ...connection }) => ({ connection, calendars })),
  };
}
