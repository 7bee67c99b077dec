/**
 * Helpers for calendar sync tests (lib/sync): connecting a host's OAuth
 * account with its primary calendar ticked, what the busy store holds for a
 * calendar in a shape tests can compare, its sync state, and running the
 * sync job's handler by hand.
 */
import type { Db } from "../lib/db/client";
import type { JobContext } from "../lib/jobs";
import type { OAuthProviderKind } from "../lib/calendars/oauth-pending-state";
import { createHostWithKey } from "./api-test-helpers";
import { connectOAuthAccount } from "./calendar-connections";

export interface StoredOccurrence {
  id: string;
  seriesId: string | null;
  start: string;
  end: string;
  allDay: boolean;
  status: string;
  showAs: string;
  selfResponse: string | null;
}

/** The calendar's stored occurrences, sorted by start, instants as ISO strings. */
export async function storedOccurrences(db: Db, calendarId: string): Promise<StoredOccurrence[]> {
  const rows = await db.externalEvent.findMany({ where: { calendarId }, orderBy: [{ startAt: "asc" }, { externalId: "asc" }] });
  return rows.map((row) => ({
    id: row.externalId,
    seriesId: row.seriesId,
    start: row.startAt.toISOString(),
    end: row.endAt.toISOString(),
    allDay: row.allDay,
    status: row.status,
    showAs: row.showAs,
    selfResponse: row.selfResponse,
  }));
}

export function syncStateOf(db: Db, calendarId: string) {
  return db.calendarSyncState.findUniqueOrThrow({ where: { calendarId } });
}

/** A new host in Berlin who connected `email`'s account (settings from the environment); its primary calendar is ticked. */
export async function connectPrimaryCalendar(db: Db, provider: OAuthProviderKind, email: string) {
  const { user } = await createHostWithKey(db, { timeZone: "Europe/Berlin" });
  const connection = await connectOAuthAccount(db, user.id, provider, email);
  const calendar = connection.calendars.find((c) => c.isPrimary);
  if (!calendar?.selectedForConflicts) throw new Error("The primary calendar was not ticked on connect.");
  return { user, connection, calendarId: calendar.id };
}

/** What the worker hands a handler on a first attempt. */
export function jobContext(db: Db): JobContext {
  return { db, jobId: "test", attempt: 1, maxAttempts: 5 };
}
