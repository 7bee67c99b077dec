/**
 * The database edge of the availability engine: everything computeSlots and
 * isSlotOffered need about one event type, in two queries (this is the hot
 * path of both the public slots page and every booking):
 * 1. the event type, its host, the schedule it uses — the event type's own
 *    schedule, else the host's default; none = no open hours — and the host's
 *    out-of-office ranges near the window;
 * 2. the host's busy time around the window, from two stores in one round trip:
 *    - live bookings whose blocked range (meeting + buffers, the range the
 *      exclusion constraint keeps disjoint) can touch a slot in the window —
 *      and, when the event type has limits, also this event type's meetings
 *      starting in any day / week / month (schedule zone) a slot in the window
 *      falls in, which the limits count (a seated meeting counts once, however
 *      many guests it has);
 *    - for a seated event type, its own meetings near the window, one per seat
 *      group with the seats taken: not busy time but `seats.meetings`, which
 *      the engine offers to further guests until they are full;
 *    - the busy store (external_events, kept fresh by lib/sync): occurrences
 *      in every calendar the host ticked for conflicts that overlap the same
 *      span and take time (blocksTimeSql = blocksTime()), plus whether each
 *      ticked calendar has ever synced. No provider is asked, ever.
 * External events enter the engine as they are, without buffers: the event
 * type's buffers pad each candidate slot, so they apply around a calendar
 * event exactly as around a booking (whose blocked range also carries the
 * buffers it was booked with).
 *
 * Unknown busy time fails closed. A ticked calendar that has never synced
 * successfully (no sync state, or no last_synced_at) means Kairos does not
 * know the host's time: the whole span counts as busy, so the host offers no
 * slots and a booking is refused with slot_unavailable until the first sync
 * lands (the sync invalidates the host's cached slots). Likewise the time past
 * the end of a calendar's synced window (synced_to) is unknown. A calendar
 * whose later syncs fail keeps counting with what its last successful sync
 * stored: stale beats unknown (Settings → Calendars and GET /api/v1/busy show
 * it as failing).
 *
 * Raw SQL because Prisma's nested `include` costs one round trip per relation;
 * the bookings query uses the same GiST index as the exclusion constraint, the
 * busy store its (calendar_id, tstzrange(start_at, end_at)) GiST index.
 */
import type { DbClient } from "../db/client";
import { blocksTimeSql } from "../calendars/blocks-time-sql";
import { Prisma, type EventType } from "../db/generated/client";
import { notFound } from "../errors";
import { durationOptionsOf } from "../event-types/duration-options";
import { toBookingWindow, toLimits } from "../event-types/to-event-type-dto";
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";
import { DAY_MS, MINUTE_MS, addDays, mondayOf, startOfZonedDay, zonedDateOf } from "../time";
import { firstOfMonth, lastOfMonth, monthOf } from "../time/calendar-month";
import { mergeIntervals } from "./intervals";
import type { BookingLimits, DateRange, Interval, SeatedMeeting, SlotQuery } from "./types";

/** Which event type: by id, or by its public link /{username}/{eventSlug}. */
export type SlotContextRef = { eventTypeId: string } | { username: string; eventSlug: string };

export interface SlotContextOptions {
  /** A booking being rescheduled: its own time must not block its new one, nor count against limits. */
  excludeBookingUid?: string;
  /**
   * Hidden event types are bookable by direct link (like Calendly's secret
   * events); they are only left off the host's profile page. So the default is
   * true; pass false where only listed event types may resolve.
   */
  includeHidden?: boolean;
}

export interface SlotHost {
  id: string;
  name: string;
  username: string;
  timeZone: string;
}

export interface SlotContext {
  eventType: EventType;
  host: SlotHost;
  /** Every duration a guest may pick (sorted; includes the default). */
  durationOptions: number[];
  /**
   * Spans (merged) whose busy time Kairos does not know: the whole loaded span
   * while a ticked calendar has never synced, or the part past a calendar's
   * synced window. Already inside `query.busy` (fail closed); kept apart so a
   * caller can tell "taken" from "unknown" (getSlots' fullyBooked).
   */
  unknownBusy: Interval[];
  /** A ticked calendar has never synced: the host offers nothing until it has. */
  calendarSyncPending: boolean;
  /**
   * Add `range` and `now` for computeSlots, or `now` for isSlotOffered. The
   * policy holds the default duration; pick another with chooseDuration.
   */
  query: Omit<SlotQuery, "range" | "now">;
}

type EventTypeRow = Omit<EventType, "bookingWindowStart" | "bookingWindowEnd"> & {
  bookingWindowStartDate: string | null;
  bookingWindowEndDate: string | null;
  hostName: string;
  hostUsername: string;
  hostTimeZone: string;
  allDayEventsBlock: boolean;
  scheduleTimeZone: string | null;
  scheduleWeekly: unknown;
  scheduleOverrides: unknown;
  outOfOffice: DateRange[];
};

/**
 * `oooFrom`/`oooTo`: UTC dates wide enough for any zone — every local date
 * the engine reads for the window lies inside them.
 */
function eventTypeQuery(ref: SlotContextRef, oooFrom: string, oooTo: string): Prisma.Sql {
  const where =
    "eventTypeId" in ref
      ? Prisma.sql`et.id = ${ref.eventTypeId}`
      : Prisma.sql`u.username = ${ref.username.trim().toLowerCase()} AND et.slug = ${ref.eventSlug.trim().toLowerCase()}`;
  return Prisma.sql`
    SELECT et.id, et.user_id AS "userId", et.slug, et.title, et.description,
           et.duration_minutes AS "durationMinutes", et.location_type::text AS "locationType",
           et.location_value AS "locationValue", et.schedule_id AS "scheduleId",
           et.minimum_notice_minutes AS "minimumNoticeMinutes", et.buffer_before_minutes AS "bufferBeforeMinutes",
           et.buffer_after_minutes AS "bufferAfterMinutes", et.booking_window_days AS "bookingWindowDays",
           et.booking_window_type::text AS "bookingWindowType",
           to_char(et.booking_window_start, 'YYYY-MM-DD') AS "bookingWindowStartDate",
           to_char(et.booking_window_end, 'YYYY-MM-DD') AS "bookingWindowEndDate",
           et.duration_options AS "durationOptions", et.slot_interval_minutes AS "slotIntervalMinutes",
           et.align_starts_to::text AS "alignStartsTo", et.limits,
           et.hidden, et.created_at AS "createdAt", et.updated_at AS "updatedAt",
           et.destination_calendar_id AS "destinationCalendarId", et.seats_per_slot AS "seatsPerSlot",
           u.name AS "hostName", u.username AS "hostUsername", u.time_zone AS "hostTimeZone",
           u.all_day_events_block AS "allDayEventsBlock",
           s.time_zone AS "scheduleTimeZone", s.weekly AS "scheduleWeekly", s.overrides AS "scheduleOverrides",
           COALESCE((
             SELECT json_agg(json_build_object('start', to_char(o.start_date, 'YYYY-MM-DD'), 'end', to_char(o.end_date, 'YYYY-MM-DD'))
                             ORDER BY o.start_date)
             FROM out_of_office o
             WHERE o.user_id = et.user_id AND o.end_date >= ${oooFrom}::date AND o.start_date <= ${oooTo}::date
           ), '[]'::json) AS "outOfOffice"
    FROM event_types et
    JOIN users u ON u.id = et.user_id
    LEFT JOIN LATERAL (
      -- Only the host's own schedules count, whatever schedule_id says.
      SELECT time_zone, weekly, overrides FROM schedules
      WHERE user_id = et.user_id
        AND (CASE WHEN et.schedule_id IS NULL THEN is_default ELSE id = et.schedule_id END)
      LIMIT 1
    ) s ON true
    WHERE ${where}
    LIMIT 1`;
}

const utcDate = (instant: number) => new Date(instant).toISOString().slice(0, 10);
const dateColumnOf = (date: string | null) => (date === null ? null : new Date(`${date}T00:00:00.000Z`));

/**
 * The instants whose bookings of this event type the limits may count: from
 * the first instant of the earliest period (day, week from Monday, month) a
 * slot in `window` can fall in, to the last instant of the latest, in `zone`.
 */
function limitSpan(limits: BookingLimits, window: Interval, zone: string): Interval | null {
  if (!limits.perDay && !limits.perWeek && !limits.perMonth) return null;
  const firstDate = zonedDateOf(window.start, zone);
  const lastDate = zonedDateOf(window.end - 1, zone);
  let from = firstDate;
  let to = lastDate;
  if (limits.perWeek) {
    from = mondayOf(firstDate);
    to = addDays(mondayOf(lastDate), 6);
  }
  if (limits.perMonth) {
    if (firstOfMonth(monthOf(firstDate)) < from) from = firstOfMonth(monthOf(firstDate));
    if (lastOfMonth(monthOf(lastDate)) > to) to = lastOfMonth(monthOf(lastDate));
  }
  return { start: startOfZonedDay(from, zone), end: startOfZonedDay(addDays(to, 1), zone) };
}

/** "a,b,c,d" (epoch ms) → [{ start: a, end: b }, { start: c, end: d }]; null → []. */
function intervalsOf(pairs: string | null): Interval[] {
  if (!pairs) return [];
  const numbers = pairs.split(",");
  const intervals: Interval[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) intervals.push({ start: Number(numbers[i]), end: Number(numbers[i + 1]) });
  return intervals;
}

/** "group,start,end,blockedStart,blockedEnd,taken,…" → this event type's seated meetings. */
function meetingsOf(fields: string | null): SeatedMeeting[] {
  if (!fields) return [];
  const f = fields.split(",");
  const meetings: SeatedMeeting[] = [];
  for (let i = 0; i + 5 < f.length; i += 6) {
    meetings.push({ id: f[i], start: Number(f[i + 1]), end: Number(f[i + 2]), blocked: { start: Number(f[i + 3]), end: Number(f[i + 4]) }, taken: Number(f[i + 5]) });
  }
  return meetings;
}

interface BusyRow {
  /** Bookings' blocked ranges ("start,end,…" epoch ms), except this event type's seated meetings. */
  busy: string | null;
  /** This event type's seated meetings (meetingsOf); null when it has no seats. */
  meetings: string | null;
  /** This event type's meetings the limits count. */
  counted: string | null;
  /** Blocking occurrences of the ticked calendars, from the busy store. */
  external: string | null;
  /** Ticked calendars that have never synced successfully. */
  unsynced: number;
  /** The earliest end of a ticked calendar's synced window (epoch ms); null = no limit known. */
  knownUntil: number | null;
}

/** The part of `span` whose calendar busy time is unknown (see the top of this file). */
function unknownSpans(row: BusyRow, span: Interval): Interval[] {
  if (row.unsynced > 0) return [span];
  if (row.knownUntil !== null && row.knownUntil < span.end) return mergeIntervals([{ start: Math.max(span.start, row.knownUntil), end: span.end }]);
  return [];
}

/**
 * Loads an event type's rules and its host's busy times around `window` (the
 * range slot starts may fall in). Unknown event type → 404 not_found.
 */
export async function loadSlotContext(
  db: DbClient,
  ref: SlotContextRef,
  window: Interval,
  opts: SlotContextOptions = {},
): Promise<SlotContext> {
  // The engine reads local dates from two before the window's first to one
  // after the last slot's end (overnight hours); ±1 more covers any zone's offset.
  const oooFrom = addDays(utcDate(window.start), -4);
  const oooTo = addDays(utcDate(window.end + DAY_MS), 3);
  const [row] = await db.$queryRaw<EventTypeRow[]>(eventTypeQuery(ref, oooFrom, oooTo));
  if (!row || (opts.includeHidden === false && row.hidden)) throw notFound("Event type");

  const {
    hostName, hostUsername, hostTimeZone, allDayEventsBlock, scheduleTimeZone, scheduleWeekly, scheduleOverrides, outOfOffice,
    bookingWindowStartDate, bookingWindowEndDate, ...columns
  } = row;
  const eventType: EventType = {
    ...columns,
    bookingWindowStart: dateColumnOf(bookingWindowStartDate),
    bookingWindowEnd: dateColumnOf(bookingWindowEndDate),
  };
  const durationOptions = durationOptionsOf(eventType);
  const limits = toLimits(eventType);
  const zone = scheduleTimeZone ?? hostTimeZone;

  // Any slot starting in the window, padded by its buffers, lies in here.
  const longest = Math.max(...durationOptions);
  const from = window.start - eventType.bufferBeforeMinutes * MINUTE_MS;
  const to = window.end + (longest + eventType.bufferAfterMinutes) * MINUTE_MS;
  const exclude = opts.excludeBookingUid ? Prisma.sql`AND uid <> ${opts.excludeBookingUid}` : Prisma.empty;
  const span = limitSpan(limits, window, zone);
  // One row of two strings of epoch milliseconds, "start,end,start,end,…":
  // every booking's blocked range, and the meetings of this event type the
  // limits count. Not a row per booking: the driver parses every timestamptz
  // text into a Date with a regex, which for 2 000 bookings cost several times
  // the whole slot computation (bench/). date_part is float8 (extract is
  // numeric, slower); rounding makes it exact, the columns hold milliseconds.
  // DISTINCT: the seats of one meeting share its start and end, and count once
  // (two other bookings never share both: the constraint keeps them apart).
  const counted = span
    ? Prisma.sql`string_agg(DISTINCT round(date_part('epoch', start_at) * 1000)::bigint || ',' || round(date_part('epoch', end_at) * 1000)::bigint, ',')
                 FILTER (WHERE event_type_id = ${eventType.id})`
    : Prisma.sql`NULL`;
  // A seated event type's own meetings are not busy for it (see the top of this file).
  const seated = eventType.seatsPerSlot !== null;
  const ownMeeting = Prisma.sql`(event_type_id = ${eventType.id} AND seat_group_id IS NOT NULL)`;
  const busyFilter = seated ? Prisma.sql`FILTER (WHERE NOT ${ownMeeting})` : Prisma.empty;
  const meetings = seated
    ? Prisma.sql`(SELECT string_agg(concat_ws(',', m.seat_group_id, round(date_part('epoch', m.start_at) * 1000)::bigint, round(date_part('epoch', m.end_at) * 1000)::bigint,
                                             round(date_part('epoch', m.blocked_start_at) * 1000)::bigint, round(date_part('epoch', m.blocked_end_at) * 1000)::bigint, m.taken), ',')
                  FROM (SELECT seat_group_id, min(start_at) AS start_at, min(end_at) AS end_at, min(blocked_start_at) AS blocked_start_at,
                               max(blocked_end_at) AS blocked_end_at, count(*) AS taken
                        FROM bookings
                        WHERE host_id = ${eventType.userId} AND ${ownMeeting} AND status <> 'cancelled'
                          AND tstzrange(blocked_start_at, blocked_end_at) && tstzrange(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)
                          ${exclude}
                        GROUP BY seat_group_id) m)`
    : Prisma.sql`NULL`;
  const countedRows = span
    ? Prisma.sql`OR (event_type_id = ${eventType.id} AND start_at >= ${new Date(span.start)}::timestamptz AND start_at < ${new Date(span.end)}::timestamptz)`
    : Prisma.empty;
  // Events Kairos itself wrote back for the host's bookings come back through
  // sync; they are the bookings, which block (or, cancelled or being
  // rescheduled, do not) through the bookings query. Counting the copy too
  // would keep a cancelled booking's time taken until the next sync, and
  // block a rescheduled booking's new time with its own old event.
  const excludeOwnEvent = Prisma.sql`AND NOT EXISTS (SELECT 1 FROM bookings own WHERE own.host_id = ${eventType.userId}
                                 AND own.calendar_event_calendar_id = e.calendar_id AND own.calendar_event_id = e.external_id)`;
  const [ranges] = await db.$queryRaw<BusyRow[]>`
    WITH cal AS (
      SELECT c.id, s.last_synced_at, s.synced_to
      FROM connected_calendars c
      LEFT JOIN calendar_sync_states s ON s.calendar_id = c.id
      WHERE c.user_id = ${eventType.userId} AND c.selected_for_conflicts
    )
    SELECT b.busy, b.counted, ${meetings} AS meetings,
           (SELECT string_agg(round(date_part('epoch', e.start_at) * 1000)::bigint || ',' || round(date_part('epoch', e.end_at) * 1000)::bigint, ',')
            FROM cal JOIN external_events e ON e.calendar_id = cal.id
            WHERE tstzrange(e.start_at, e.end_at) && tstzrange(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)
              AND ${blocksTimeSql("e", allDayEventsBlock)}
              ${excludeOwnEvent}) AS external,
           (SELECT count(*) FROM cal WHERE last_synced_at IS NULL)::int AS unsynced,
           (SELECT date_part('epoch', min(synced_to)) * 1000 FROM cal) AS "knownUntil"
    FROM (
      SELECT string_agg(round(date_part('epoch', blocked_start_at) * 1000)::bigint || ',' || round(date_part('epoch', blocked_end_at) * 1000)::bigint, ',')
               ${busyFilter} AS busy,
             ${counted} AS counted
      FROM bookings
      WHERE host_id = ${eventType.userId}
        AND status <> 'cancelled'
        AND (tstzrange(blocked_start_at, blocked_end_at) && tstzrange(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)
             ${countedRows})
        ${exclude}
    ) b`;

  // Every booking row is a live booking of the host, so all of them are busy
  // time (those loaded for the limits only lie outside the window: harmless) —
  // apart from a seated event type's own meetings, which are in `seats`.
  const unknownBusy = unknownSpans(ranges, { start: from, end: to });
  const busy = [...intervalsOf(ranges.busy), ...intervalsOf(ranges.external), ...unknownBusy];
  const eventTypeBookings = intervalsOf(ranges.counted);

  return {
    eventType,
    host: { id: eventType.userId, name: hostName, username: hostUsername, timeZone: hostTimeZone },
    durationOptions,
    unknownBusy,
    calendarSyncPending: ranges.unsynced > 0,
    query: {
      // Stored hours were validated on write (schedule-schema.ts); the engine
      // still rejects malformed ones rather than guessing.
      rules:
        scheduleTimeZone === null
          ? { timeZone: hostTimeZone, weekly: [], overrides: [], outOfOffice }
          : {
              timeZone: scheduleTimeZone,
              weekly: scheduleWeekly as WeeklyInterval[],
              overrides: scheduleOverrides as DateOverride[],
              outOfOffice,
            },
      policy: {
        durationMinutes: eventType.durationMinutes,
        slotIntervalMinutes: eventType.slotIntervalMinutes,
        alignStartsTo: eventType.alignStartsTo,
        minimumNoticeMinutes: eventType.minimumNoticeMinutes,
        bufferBeforeMinutes: eventType.bufferBeforeMinutes,
        bufferAfterMinutes: eventType.bufferAfterMinutes,
        bookingWindow: toBookingWindow(eventType),
        limits,
      },
      busy,
      eventTypeBookings,
      ...(seated ? { seats: { capacity: eventType.seatsPerSlot!, meetings: meetingsOf(ranges.meetings) } } : {}),
    },
  };
}
