/**
 * The host's busy time from their connected calendars: every calendar they
 * ticked for conflicts, across all accounts, read for one window and merged.
 * The availability engine subtracts `busy`; GET /api/v1/busy shows it with its
 * sources. The signature says nothing about *how* events are read, so the
 * sync engine (real-time sync issue) can replace the live provider reads below
 * by its local busy store without touching a caller.
 *
 * Reads: one adapter per connection (providerForConnection, which keeps the
 * connection's status truthful), connections in parallel up to
 * `concurrency`, and at most MAILBOX_CONCURRENCY calendars of one account at
 * once (Microsoft Graph allows 4 concurrent requests per mailbox; the same cap
 * is polite to Google and CalDAV servers). Each calendar read has its own
 * deadline, so one slow provider cannot hold the others' answer.
 *
 * A source that could not be read is NEVER free time. It is reported in
 * `sources` (status "error" or "needs_reconnect", with the reason) and its
 * time is simply unknown; `busy` then only holds what the other sources said.
 * The caller decides. The policy the availability integration is meant to
 * apply:
 *   1. if the sync store (real-time sync issue) has this calendar's blocks
 *      from its last successful sync, use those — stale beats unknown;
 *   2. otherwise fail closed for that host: offer no slots in the window (the
 *      host sees the reason in Settings → Calendars), rather than let a guest
 *      book over a meeting Kairos could not see.
 *
 * Connections already marked `needs_reconnect` are not called: only the host
 * acting (reconnecting, a new CalDAV password, or "refresh" in Settings, each
 * of which resets the status on success) can fix them, and asking Google or
 * Entra to refresh a dead grant on every page view gets an app throttled.
 * Connections in `error` are tried again on every call.
 */
import type { Interval } from "../availability/types";
import { mergeIntervals } from "../availability/intervals";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import type { ProviderSettings } from "./build-provider";
import { listConflictCalendars, type ConflictCalendar, type ConflictSource } from "./list-conflict-calendars";
import { blocksTime, type ProviderKind } from "./provider";
import { CalendarProviderError } from "./provider-error";
import { providerForConnection, type ConnectionProvider } from "./provider-for-connection";

export type BusySourceStatus = "ok" | "error" | "needs_reconnect";

export interface BusySource {
  /** Kairos' id of the calendar (connected_calendars.id). */
  calendarId: string;
  calendarName: string;
  connectionId: string;
  provider: ProviderKind;
  status: BusySourceStatus;
  /** Why it could not be read (for the host; never a credential). */
  error?: string;
  /** Occurrences that take time in the window (0 when it could not be read). */
  events: number;
}

/** One event's busy time. No title, on purpose: busy time is all availability may know. */
export interface ExternalBusyBlock extends Interval {
  calendarId: string;
  title?: never;
}

export interface ExternalBusy {
  /** Merged and sorted (mergeIntervals): what availability subtracts. */
  busy: Interval[];
  /** One entry per ticked calendar, in Settings order (account, then primary first, then name). */
  sources: BusySource[];
  /** Every blocking occurrence, unmerged, sorted by start: which calendar each busy time came from. */
  blocks: ExternalBusyBlock[];
}

export interface LoadExternalBusyOptions extends ProviderSettings {
  /** Accounts read at the same time (default 4). */
  concurrency?: number;
  /** Deadline for one calendar's read (default 10 s); a late answer counts as an error of that source. */
  timeoutMs?: number;
}

const DEFAULT_CONCURRENCY = 4;
const MAILBOX_CONCURRENCY = 4;
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_ERROR_LENGTH = 500;

const NEEDS_RECONNECT = "The account needs to be reconnected.";

export async function loadExternalBusy(db: Db, hostId: string, window: Interval, options: LoadExternalBusyOptions = {}): Promise<ExternalBusy> {
  const [host, conflicts] = await Promise.all([
    db.user.findUnique({ where: { id: hostId }, select: { timeZone: true, email: true } }),
    listConflictCalendars(db, hostId),
  ]);
  if (!host) throw notFound("User");
  if (!(window.end > window.start)) {
    // Nothing to read; the sources still say which accounts need the host.
    const unread = (entry: ConflictSource, calendar: ConflictCalendar) =>
      entry.connection.status === "needs_reconnect" ? source(entry, calendar, "needs_reconnect", entry.connection.lastError ?? NEEDS_RECONNECT) : source(entry, calendar, "ok");
    return { busy: [], sources: conflicts.sources.flatMap((entry) => entry.calendars.map((calendar) => unread(entry, calendar))), blocks: [] };
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const perConnection = await mapConcurrently(conflicts.sources, options.concurrency ?? DEFAULT_CONCURRENCY, async (entry) => {
    const { connection, calendars } = entry;
    if (connection.status === "needs_reconnect") {
      return calendars.map((calendar) => ({ source: source(entry, calendar, "needs_reconnect", connection.lastError ?? NEEDS_RECONNECT), blocks: [] }));
    }
    let provider: ConnectionProvider;
    try {
      provider = providerForConnection(db, connection, {
        google: options.google,
        microsoft: options.microsoft,
        microsoftTransport: options.microsoftTransport,
        timeZone: host.timeZone,
        // The account's own address too: an invitation to it, declined there, must not block.
        selfEmails: [host.email, ...(connection.accountEmail ? [connection.accountEmail] : [])],
      });
    } catch (error) {
      return calendars.map((calendar) => failed(entry, calendar, error));
    }
    return mapConcurrently(calendars, MAILBOX_CONCURRENCY, async (calendar) => {
      try {
        const events = await withDeadline(provider.listEvents(calendar.externalId, window), timeoutMs, connection.provider);
        const blocks: ExternalBusyBlock[] = [];
        for (const event of events) {
          if (blocksTime(event, { allDayBlocks: conflicts.allDayEventsBlock })) blocks.push({ start: event.start, end: event.end, calendarId: calendar.id });
        }
        return { source: source(entry, calendar, "ok", undefined, blocks.length), blocks };
      } catch (error) {
        return failed(entry, calendar, error);
      }
    });
  });

  const results = perConnection.flat();
  const blocks = results.flatMap((r) => r.blocks).sort((a, b) => a.start - b.start || a.end - b.end || a.calendarId.localeCompare(b.calendarId));
  return { busy: mergeIntervals(blocks), sources: results.map((r) => r.source), blocks };
}

function source(entry: ConflictSource, calendar: ConflictCalendar, status: BusySourceStatus, error?: string, events = 0): BusySource {
  const out: BusySource = {
    calendarId: calendar.id,
    calendarName: calendar.name,
    connectionId: entry.connection.id,
    provider: entry.connection.provider,
    status,
    events,
  };
  if (error !== undefined) out.error = error.slice(0, MAX_ERROR_LENGTH);
  return out;
}

function failed(entry: ConflictSource, calendar: ConflictCalendar, error: unknown): { source: BusySource; blocks: ExternalBusyBlock[] } {
  if (error instanceof CalendarProviderError) {
    return { source: source(entry, calendar, error.reason === "auth" ? "needs_reconnect" : "error", error.message), blocks: [] };
  }
  // A bug or a configuration problem (say, Google's client id removed): the
  // operator's log gets the details, the host a plain reason — and the source
  // still counts as unreadable, not as free.
  console.error(`Busy time: reading calendar ${calendar.id} (${entry.connection.provider}) failed unexpectedly.`, error);
  return { source: source(entry, calendar, "error", "Kairos could not read this calendar because of a problem on the server."), blocks: [] };
}

/** `promise`, or a transient CalendarProviderError after `ms` (the read itself runs on; its answer is dropped). */
function withDeadline<T>(promise: Promise<T>, ms: number, provider: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CalendarProviderError("transient", `The calendar did not answer within ${Math.round(ms / 100) / 10} s.`, { provider })),
      ms,
    );
  });
  // A late failure must not surface as an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Maps with at most `limit` calls in flight; results keep the input's order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
