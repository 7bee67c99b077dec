/**
 * Makes the host's calendar match one meeting — a booking, or all the seats
 * of a seated meeting, which share one event listing the guests still coming
 * — the work of the "booking.write-back" job, also run once inline right
 * after a booking changes (write-back-now.ts):
 * - confirmed, no event yet → create it in the destination calendar (the event
 *   type's, else the host's), with a Meet / Teams link for those locations;
 * - confirmed, event exists → update it in place (a reschedule moves the same
 *   event; if the host deleted it by hand, a new one is made);
 * - cancelled (every seat), event exists → delete it (deleting a gone event
 *   succeeds); a seat cancelled while others stay → the event is updated
 *   without that guest.
 * The calendar an event went to is fixed at its first write, so later changes
 * reach that event even after the host picks another destination.
 *
 * Only meetings with a booking whose write-back is `pending` are touched:
 * create, reschedule and cancel set it in the same transaction as their
 * change, so `synced` always means "the calendar matches the meeting as it is
 * now". The result is stored only if the meeting did not change while the
 * provider was called (finish); otherwise the event ids are kept and another
 * run is queued.
 */
import type { EventWrite, ProviderKind, WrittenEvent } from "../calendars/provider";
import { providerForConnection, type ConnectionProvider } from "../calendars/provider-for-connection";
import { CalendarProviderError } from "../calendars/provider-error";
import { resolveDestinationCalendar } from "../calendars/resolve-destination-calendar";
import type { Db } from "../db/client";
import type { Booking, CalendarConnection, Prisma } from "../db/generated/client";
import { conferenceDestinationProblem } from "../event-types/conference-destination-problem";
import { isConferenceLocation } from "../event-types/conference-location";
import { enqueueWriteBack } from "./queue-write-back";
import { withTransaction } from "../db/transaction";
import { lockHostBookings } from "./slot-rules";
import { toWriteBackEvent, writeBackKey, type WriteBackMeeting } from "./write-back-event";

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

const memberInclude = {
  host: { select: { timeZone: true } },
  eventType: { select: { title: true } },
  calendarEventCalendar: { select: { id: true, externalId: true, name: true, connection: true } },
} satisfies Prisma.BookingInclude;

type Member = Prisma.BookingGetPayload<{ include: typeof memberInclude }>;
type EventCalendar = NonNullable<Member["calendarEventCalendar"]>;

/**
 * One meeting as read before calling the provider: a booking, or every seat
 * of a seated meeting (they share one calendar event, listing the guests who
 * are still coming).
 */
interface Snapshot {
  hostId: string;
  eventTypeId: string | null;
  seatGroupId: string | null;
  members: Member[];
  /** The confirmed members: the meeting stands while there is one. */
  live: Member[];
  meeting: WriteBackMeeting;
  /** Its event, where one was written: the calendar and the provider's id. */
  event: { calendar: EventCalendar | null; eventId: string } | null;
}

/** A failure of ours (not the provider's) that no retry fixes. */
class WriteBackRefused extends Error {}

export async function writeBackBooking(db: Db, bookingId: string, options: WriteBackOptions = {}): Promise<WriteBackOutcome> {
  const now = options.now ?? Date.now;
  const snapshot = await loadSnapshot(db, bookingId);
  if (!snapshot || !snapshot.members.some((m) => m.writeBackStatus === "pending")) return { outcome: "skipped" };
  const hostTimeZone = snapshot.members[0].host.timeZone;

  let connection: CalendarConnection | undefined;
  try {
    const step = await reconcile(db, snapshot, (c) => {
      connection = c;
      return providerForConnection(db, c, { timeZone: hostTimeZone });
    });
    const status = step.action === "nothing" && step.noDestination ? "none" : "synced";
    const stored = await finish(db, snapshot, { ...step.fields, writeBackStatus: status, writeBackError: null }, now());
    if (!stored) return { outcome: "superseded" };
    return { outcome: status, action: step.action, ...(step.fields.calendarEventId ? { eventId: step.fields.calendarEventId } : {}) };
  } catch (error) {
    const failure = describeFailure(error, connection);
    if (!failure) {
      // Not the provider (a bug, the database away): the job retries; on its last try the host must see it.
      if (options.finalAttempt) {
        const detail = error instanceof Error ? error.message : String(error);
        await finish(db, snapshot, { writeBackStatus: "failed", writeBackError: clip(`Kairos could not write the event: ${detail}`) }, now()).catch(() => undefined);
      }
      throw error;
    }
    if (failure.retryable && !options.finalAttempt) {
      // Still pending; the reason is kept so the host sees why it is taking long.
      await db.booking.updateMany({
        where: { id: { in: snapshot.members.map((m) => m.id) }, writeBackStatus: "pending" },
        data: { writeBackError: clip(`Retrying: ${failure.message}`), writeBackUpdatedAt: new Date(now()) },
      });
      return { outcome: "retry", message: failure.message, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) };
    }
    const message = failure.retryable ? `Gave up after repeated failures: ${failure.message}` : failure.message;
    const stored = await finish(db, snapshot, { writeBackStatus: "failed", writeBackError: clip(message) }, now());
    return stored ? { outcome: "failed", message } : { outcome: "superseded" };
  }
}

/** The booking's meeting as it is now; null when the booking is gone. */
async function loadSnapshot(db: Db, bookingId: string): Promise<Snapshot | null> {
  const booking = await db.booking.findUnique({ where: { id: bookingId }, select: { id: true, seatGroupId: true } });
  if (!booking) return null;
  const members = await db.booking.findMany({
    where: booking.seatGroupId ? { seatGroupId: booking.seatGroupId } : { id: booking.id },
    include: memberInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (members.length === 0) return null;
  const live = members.filter((m) => m.status === "confirmed");
  const lead = live[0] ?? members[0];
  // Seats share one event; a live seat's copy is the current one.
  const withEvent = [...live, ...members].find((m) => m.calendarEventId !== null);
  const seated = booking.seatGroupId !== null;
  return {
    hostId: lead.hostId,
    eventTypeId: lead.eventTypeId,
    seatGroupId: booking.seatGroupId,
    members,
    live,
    meeting: {
      id: seated ? booking.seatGroupId! : lead.uid,
      seated,
      // One guest's booking is titled with their name; a shared meeting with the event type's.
      title: seated ? (lead.eventType?.title ?? lead.title) : lead.title,
      startAt: lead.startAt,
      endAt: lead.endAt,
      locationType: lead.locationType,
      locationValue: lead.locationValue,
      conferenceUrl: (withEvent ?? lead).conferenceUrl,
      guests: seated ? live : [lead],
    },
    event: withEvent ? { calendar: withEvent.calendarEventCalendar, eventId: withEvent.calendarEventId! } : null,
  };
}

interface Step {
  action: "created" | "updated" | "deleted" | "nothing";
  fields: Prisma.BookingUpdateManyMutationInput & { calendarEventId?: string | null; calendarEventCalendarId?: string | null };
  noDestination?: boolean;
}

async function reconcile(db: Db, snapshot: Snapshot, providerFor: (connection: CalendarConnection) => ConnectionProvider): Promise<Step> {
  const { meeting, event } = snapshot;
  // An event in a calendar that has since been disconnected cannot be reached any more.
  const reachable = event !== null && event.calendar !== null ? { calendar: event.calendar, eventId: event.eventId } : null;

  if (snapshot.live.length === 0) {
    if (!reachable) return { action: "nothing", fields: { calendarEventId: null } };
    await providerFor(reachable.calendar.connection).deleteEvent(reachable.calendar.externalId, reachable.eventId);
    return { action: "deleted", fields: { calendarEventId: null } };
  }

  const timeZone = snapshot.members[0].host.timeZone;
  if (reachable) {
    const { calendar, eventId } = reachable;
    const provider = providerFor(calendar.connection);
    const write = toWriteBackEvent(meeting, timeZone, { idempotencyKey: writeBackKey(meeting), withConference: meeting.conferenceUrl === null });
    try {
      const written = await provider.updateEvent(calendar.externalId, eventId, write);
      return { action: "updated", fields: writtenFields(written, calendar.id, meeting.conferenceUrl) };
    } catch (error) {
      // Deleted in the calendar by hand: the meeting still stands, so it gets a new event there.
      if (!(error instanceof CalendarProviderError && error.reason === "not_found")) throw error;
      checkConference(meeting, { name: calendar.name, provider: calendar.connection.provider });
      const recreated = await createEvent(provider, calendar.externalId, { ...write, idempotencyKey: writeBackKey(meeting, eventId), ...conferenceOf(meeting) }, meeting);
      return { action: "created", fields: writtenFields(recreated, calendar.id, null) };
    }
  }

  const destination = await resolveDestinationCalendar(db, snapshot.hostId, snapshot.eventTypeId);
  checkConference(meeting, destination && { name: destination.calendar.name, provider: destination.connection.provider });
  // No destination (any more): the booking lives in Kairos only.
  if (!destination) return { action: "nothing", fields: {}, noDestination: true };
  const write = toWriteBackEvent(meeting, timeZone, { idempotencyKey: writeBackKey(meeting, event?.eventId), withConference: true });
  const written = await createEvent(providerFor(destination.connection), destination.calendar.externalId, write, meeting);
  return { action: "created", fields: writtenFields(written, destination.calendar.id, null) };
}

/**
 * Creates the event. A create is idempotent by its key, so when an earlier
 * attempt already made the event the provider hands that one back as it was
 * written then; for a seated meeting whose guests may have changed since, the
 * event is then brought up to date (one more call, on the first seat only).
 */
async function createEvent(provider: ConnectionProvider, calendarExternalId: string, write: EventWrite, meeting: WriteBackMeeting): Promise<WrittenEvent> {
  const created = await provider.createEvent(calendarExternalId, write);
  if (!meeting.seated) return created;
  const { conference: _asked, ...withoutConference } = write;
  const updated = await provider.updateEvent(calendarExternalId, created.externalId, withoutConference);
  return { ...updated, conferenceUrl: updated.conferenceUrl ?? created.conferenceUrl };
}

/** A Meet / Teams booking needs a calendar of that provider — re-checked here: the host may have changed calendars since booking. */
function checkConference(meeting: WriteBackMeeting, destination: { name: string; provider: ProviderKind } | null): void {
  const problem = conferenceDestinationProblem(meeting.locationType, destination);
  if (problem) throw new WriteBackRefused(problem);
}

function conferenceOf(meeting: WriteBackMeeting) {
  return isConferenceLocation(meeting.locationType) ? { conference: meeting.locationType } : {};
}

function writtenFields(written: WrittenEvent, calendarId: string, previousConferenceUrl: string | null): Step["fields"] {
  return {
    calendarEventCalendarId: calendarId,
    calendarEventId: written.externalId,
    conferenceUrl: written.conferenceUrl ?? previousConferenceUrl,
  };
}

/** What about a meeting's bookings a write-back depends on: who is in it, coming or not, when, and which event it has. */
function fingerprint(rows: readonly Pick<Booking, "id" | "status" | "startAt" | "endAt" | "calendarEventId">[]): string {
  return rows
    .map((r) => `${r.id}|${r.status}|${r.startAt.getTime()}|${r.endAt.getTime()}|${r.calendarEventId ?? ""}`)
    .sort()
    .join(";");
}

/**
 * Stores the outcome if the meeting is still as it was read (the same
 * bookings, statuses, times and event); otherwise keeps the event ids, leaves
 * the write-back pending and queues another run, which writes the meeting's
 * new state. Answers whether the outcome was stored.
 *
 * Under the host's booking lock, so no booking of the host is created, moved
 * or cancelled between the comparison and the update. Seats of one meeting
 * may be written back by two runs at once (each new guest's inline attempt);
 * whichever read a meeting that has changed since ends here superseded and
 * queues a run that reads it anew, so the calendar always ends up listing the
 * guests as they are.
 */
async function finish(db: Db, snapshot: Snapshot, data: Step["fields"], now: number): Promise<boolean> {
  const inMeeting = snapshot.seatGroupId ? { seatGroupId: snapshot.seatGroupId } : { id: snapshot.members[0].id };
  return withTransaction(db, async (tx) => {
    await lockHostBookings(tx, snapshot.hostId);
    const current = await tx.booking.findMany({ where: inMeeting, select: { id: true, status: true, startAt: true, endAt: true, calendarEventId: true } });
    const stamp = { writeBackUpdatedAt: new Date(now) };
    if (fingerprint(current) === fingerprint(snapshot.members)) {
      const succeeded = data.writeBackStatus === "synced" || data.writeBackStatus === "none";
      const live = snapshot.live.map((m) => m.id);
      const gone = snapshot.members.filter((m) => m.status !== "confirmed").map((m) => m.id);
      if (live.length > 0) await tx.booking.updateMany({ where: { id: { in: live } }, data: { ...data, ...stamp } });
      // Guests no longer coming are off the event once it was written; their bookings no longer point at it.
      if (gone.length > 0) {
        await tx.booking.updateMany({ where: { id: { in: gone } }, data: { ...data, ...(succeeded ? { calendarEventId: null } : {}), ...stamp } });
      }
      return true;
    }
    const { calendarEventId, calendarEventCalendarId, conferenceUrl } = data;
    await tx.booking.updateMany({
      where: { ...inMeeting, id: { in: snapshot.members.map((m) => m.id) } },
      data: { calendarEventId, calendarEventCalendarId, conferenceUrl, writeBackStatus: "pending", ...stamp },
    });
    await enqueueWriteBack(tx, { id: snapshot.members[0].id, seatGroupId: snapshot.seatGroupId });
    return false;
  });
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
