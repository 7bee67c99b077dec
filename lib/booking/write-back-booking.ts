/**
 * Makes the host's calendar match one booking — the work of the
 * "booking.write-back" job, also run once inline right after a booking
 * changes (write-back-now.ts):
 * - confirmed, no event yet → create it in the destination calendar (the event
 *   type's, else the host's), with a Meet / Teams link for those locations;
 * - confirmed, event exists → update it in place (a reschedule moves the same
 *   event; if the host deleted it by hand, a new one is made);
 * - cancelled, event exists → delete it (deleting a gone event succeeds).
 * The calendar an event went to is fixed at its first write, so later changes
 * reach that event even after the host picks another destination.
 *
 * Only bookings whose write-back is `pending` are touched: create, reschedule
 * and cancel set it in the same transaction as their change, so `synced`
 * always means "the calendar matches the booking as it is now". The result is
 * stored only if the booking did not change while the provider was called;
 * otherwise the event ids are kept and another run is queued.
 */
import type { ProviderKind, WrittenEvent } from "../calendars/provider";
import { providerForConnection, type ConnectionProvider } from "../calendars/provider-for-connection";
import { CalendarProviderError } from "../calendars/provider-error";
import { resolveDestinationCalendar } from "../calendars/resolve-destination-calendar";
import type { Db } from "../db/client";
import type { CalendarConnection, Prisma } from "../db/generated/client";
import { conferenceDestinationProblem } from "../event-types/conference-destination-problem";
import { isConferenceLocation } from "../event-types/conference-location";
import { enqueueWriteBack } from "./queue-write-back";
import { toWriteBackEvent, writeBackKey } from "./write-back-event";

export type WriteBackOutcome =
  /** Nothing to do: not pending (synced, failed, none) or the booking is gone. */
  | { outcome: "skipped" }
  /** The calendar matches (or, with no destination calendar, there is nothing to write). */
  | { outcome: "synced" | "none"; action: "created" | "updated" | "deleted" | "nothing"; eventId?: string }
  /** The booking changed while we wrote; a new run is queued. */
  | { outcome: "superseded" }
  /** Worth trying again (provider down, throttled); `retryAfterMs` when the provider said. */
  | { outcome: "retry"; message: string; retryAfterMs?: number }
  /** Trying again cannot help until someone acts (reconnect, choose another calendar); stored as failed. */
  | { outcome: "failed"; message: string };

export interface WriteBackOptions {
  /** The last attempt: a retryable failure is then stored as failed. */
  finalAttempt?: boolean;
  now?: () => number;
}

const MAX_ERROR_LENGTH = 500;

const bookingForWriteBack = {
  host: { select: { timeZone: true } },
  calendarEventCalendar: { select: { id: true, externalId: true, name: true, connection: true } },
} satisfies Prisma.BookingInclude;

type Snapshot = Prisma.BookingGetPayload<{ include: typeof bookingForWriteBack }>;

/** A failure of ours (not the provider's) that no retry fixes. */
class WriteBackRefused extends Error {}

export async function writeBackBooking(db: Db, bookingId: string, options: WriteBackOptions = {}): Promise<WriteBackOutcome> {
  const now = options.now ?? Date.now;
  const booking = await db.booking.findUnique({ where: { id: bookingId }, include: bookingForWriteBack });
  if (!booking || booking.writeBackStatus !== "pending") return { outcome: "skipped" };

  let connection: CalendarConnection | undefined;
  try {
    const step = await reconcile(db, booking, (c) => {
      connection = c;
      return providerForConnection(db, c, { timeZone: booking.host.timeZone });
    });
    const status = step.action === "nothing" && step.noDestination ? "none" : "synced";
    const stored = await finish(db, booking, { ...step.fields, writeBackStatus: status, writeBackError: null }, now());
    if (!stored) return { outcome: "superseded" };
    return { outcome: status, action: step.action, ...(step.fields.calendarEventId ? { eventId: step.fields.calendarEventId } : {}) };
  } catch (error) {
    const failure = describeFailure(error, connection);
    if (!failure) {
      // Not the provider (a bug, the database away): the job retries; on its last try the host must see it.
      if (options.finalAttempt) {
        const detail = error instanceof Error ? error.message : String(error);
        await finish(db, booking, { writeBackStatus: "failed", writeBackError: clip(`Kairos could not write the event: ${detail}`) }, now()).catch(() => undefined);
      }
      throw error;
    }
    if (failure.retryable && !options.finalAttempt) {
      // Still pending; the reason is kept so the host sees why it is taking long.
      await db.booking.updateMany({
        where: { id: booking.id, writeBackStatus: "pending" },
        data: { writeBackError: clip(`Retrying: ${failure.message}`), writeBackUpdatedAt: new Date(now()) },
      });
      return { outcome: "retry", message: failure.message, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
    }
    const message = failure.retryable ? `Gave up after repeated failures: ${failure.message}` : failure.message;
    const stored = await finish(db, booking, { writeBackStatus: "failed", writeBackError: clip(message) }, now());
    return stored ? { outcome: "failed", message } : { outcome: "superseded" };
  }
}

interface Step {
  action: "created" | "updated" | "deleted" | "nothing";
  fields: Prisma.BookingUpdateManyMutationInput & { calendarEventId?: string | null; calendarEventCalendarId?: string | null };
  noDestination?: boolean;
}

async function reconcile(db: Db, booking: Snapshot, providerFor: (connection: CalendarConnection) => ConnectionProvider): Promise<Step> {
  const calendar = booking.calendarEventCalendar;
  const eventId = booking.calendarEventId;
  // An event in a calendar that has since been disconnected cannot be reached any more.
  const reachable = eventId !== null && calendar !== null;

  if (booking.status === "cancelled") {
    if (!reachable) return { action: "nothing", fields: { calendarEventId: null } };
    await providerFor(calendar.connection).deleteEvent(calendar.externalId, eventId);
    return { action: "deleted", fields: { calendarEventId: null } };
  }

  const timeZone = booking.host.timeZone;
  if (reachable) {
    const provider = providerFor(calendar.connection);
    const write = toWriteBackEvent(booking, timeZone, { idempotencyKey: writeBackKey(booking.uid), withConference: booking.conferenceUrl === null });
    try {
      const written = await provider.updateEvent(calendar.externalId, eventId, write);
      return { action: "updated", fields: writtenFields(written, calendar.id, booking.conferenceUrl) };
    } catch (error) {
      // Deleted in the calendar by hand: the meeting still stands, so it gets a new event there.
      if (!(error instanceof CalendarProviderError && error.reason === "not_found")) throw error;
      checkConference(booking, { name: calendar.name, provider: calendar.connection.provider });
      const recreated = await provider.createEvent(calendar.externalId, {
        ...write,
        idempotencyKey: writeBackKey(booking.uid, eventId),
        ...conferenceOf(booking),
      });
      return { action: "created", fields: writtenFields(recreated, calendar.id, null) };
    }
  }

  const destination = await resolveDestinationCalendar(db, booking.hostId, booking.eventTypeId);
  checkConference(booking, destination && { name: destination.calendar.name, provider: destination.connection.provider });
  // No destination (any more): the booking lives in Kairos only.
  if (!destination) return { action: "nothing", fields: {}, noDestination: true };
  const write = toWriteBackEvent(booking, timeZone, { idempotencyKey: writeBackKey(booking.uid, eventId), withConference: true });
  const written = await providerFor(destination.connection).createEvent(destination.calendar.externalId, write);
  return { action: "created", fields: writtenFields(written, destination.calendar.id, null) };
}

/** A Meet / Teams booking needs a calendar of that provider — re-checked here: the host may have changed calendars since booking. */
function checkConference(booking: Snapshot, destination: { name: string; provider: ProviderKind } | null): void {
  const problem = conferenceDestinationProblem(booking.locationType, destination);
  if (problem) throw new WriteBackRefused(problem);
}

function conferenceOf(booking: Snapshot) {
  return isConferenceLocation(booking.locationType) ? { conference: booking.locationType } : {};
}

function writtenFields(written: WrittenEvent, calendarId: string, previousConferenceUrl: string | null): Step["fields"] {
  return {
    calendarEventCalendarId: calendarId,
    calendarEventId: written.externalId,
    conferenceUrl: written.conferenceUrl ?? previousConferenceUrl,
  };
}

/**
 * Stores the outcome if the booking is still as it was read (same status and
 * times); otherwise keeps the event ids, leaves the write-back pending and
 * queues another run, which writes the booking's new state. Answers whether
 * the outcome was stored.
 */
async function finish(db: Db, booking: Snapshot, data: Step["fields"], now: number): Promise<boolean> {
  const { count } = await db.booking.updateMany({
    where: { id: booking.id, status: booking.status, startAt: booking.startAt, endAt: booking.endAt },
    data: { ...data, writeBackUpdatedAt: new Date(now) },
  });
  if (count > 0) return true;
  const { calendarEventId, calendarEventCalendarId, conferenceUrl } = data;
  await db.$transaction(async (tx) => {
    await tx.booking.updateMany({
      where: { id: booking.id },
      data: { calendarEventId, calendarEventCalendarId, conferenceUrl, writeBackStatus: "pending", writeBackUpdatedAt: new Date(now) },
    });
    await enqueueWriteBack(tx, booking.id);
  });
  return false;
}

interface Failure {
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** A failure the host can read, or undefined for bugs and database trouble (rethrown: the job retries them). */
function describeFailure(error: unknown, connection: CalendarConnection | undefined): Failure | undefined {
  if (error instanceof WriteBackRefused) return { message: error.message, retryable: false };
  if (!(error instanceof CalendarProviderError)) return undefined;
  const account = connection ? `calendar account “${connection.label}”` : "calendar account";
  switch (error.reason) {
    case "auth":
      return {
        message: `Kairos can no longer reach your ${account}. Reconnect it in Settings → Calendars, then retry. (${error.message})`,
        retryable: false,
      };
    case "rate_limited":
    case "transient":
      return { message: error.message, retryable: true, ...(error.options.retryAfterMs !== undefined ? { retryAfterMs: error.options.retryAfterMs } : {}) };
    case "not_found":
      return { message: `The destination calendar no longer exists in your ${account}. Choose another destination, then retry. (${error.message})`, retryable: false };
    case "forbidden":
      return { message: `Your ${account} does not let Kairos write to this calendar. (${error.message})`, retryable: false };
    case "invalid":
      return { message: `The calendar refused the event. (${error.message})`, retryable: false };
  }
}

const clip = (text: string) => text.slice(0, MAX_ERROR_LENGTH);
