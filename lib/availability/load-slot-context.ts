/**
 * The database edge of the availability engine: everything computeSlots and
 * isSlotOffered need about one event type, in two queries (this is the hot
 * path of both the public slots page and every booking):
 * 1. the event type, its host and the schedule it uses — the event type's own
 *    schedule, else the host's default; none = no open hours;
 * 2. the host's live bookings whose blocked range (meeting + buffers, the range
 *    the exclusion constraint keeps disjoint) can touch a slot in the window.
 * Raw SQL because Prisma's nested `include` costs one round trip per relation;
 * the bookings query uses the same GiST index as the exclusion constraint.
 */
import type { DbClient } from "../db/client";
import { Prisma, type EventType, type LocationType } from "../db/generated/client";
import { notFound } from "../errors";
import type { DateOverride, WeeklyInterval } from "../schedules/schedule-schema";
import { MINUTE_MS } from "../time";
import type { Interval, SlotQuery } from "./types";

/** Which event type: by id, or by its public link /{username}/{eventSlug}. */
export type SlotContextRef = { eventTypeId: string } | { username: string; eventSlug: string };

export interface SlotContextOptions {
  /** A booking being rescheduled: its own time must not block its new one. */
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
  /** Add `range` and `now` for computeSlots, or `now` for isSlotOffered. */
  query: Omit<SlotQuery, "range" | "now">;
}

interface EventTypeRow {
  id: string;
  userId: string;
  slug: string;
  title: string;
  description: string;
  durationMinutes: number;
  locationType: LocationType;
  locationValue: string | null;
  scheduleId: string | null;
  minimumNoticeMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  bookingWindowDays: number;
  hidden: boolean;
  createdAt: Date;
  updatedAt: Date;
  hostName: string;
  hostUsername: string;
  hostTimeZone: string;
  scheduleTimeZone: string | null;
  scheduleWeekly: unknown;
  scheduleOverrides: unknown;
}

function eventTypeQuery(ref: SlotContextRef): Prisma.Sql {
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
           et.hidden, et.created_at AS "createdAt", et.updated_at AS "updatedAt",
           u.name AS "hostName", u.username AS "hostUsername", u.time_zone AS "hostTimeZone",
           s.time_zone AS "scheduleTimeZone", s.weekly AS "scheduleWeekly", s.overrides AS "scheduleOverrides"
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
  const [row] = await db.$queryRaw<EventTypeRow[]>(eventTypeQuery(ref));
  if (!row || (opts.includeHidden === false && row.hidden)) throw notFound("Event type");

  const { hostName, hostUsername, hostTimeZone, scheduleTimeZone, scheduleWeekly, scheduleOverrides, ...eventType } = row;
  // Any slot starting in the window, padded by its buffers, lies in here.
  const from = window.start - eventType.bufferBeforeMinutes * MINUTE_MS;
  const to = window.end + (eventType.durationMinutes + eventType.bufferAfterMinutes) * MINUTE_MS;
  const exclude = opts.excludeBookingUid ? Prisma.sql`AND uid <> ${opts.excludeBookingUid}` : Prisma.empty;
  const blocked = await db.$queryRaw<{ start: Date; end: Date }[]>`
    SELECT blocked_start_at AS "start", blocked_end_at AS "end"
    FROM bookings
    WHERE host_id = ${eventType.userId}
      AND status <> 'cancelled'
      AND tstzrange(blocked_start_at, blocked_end_at) && tstzrange(${new Date(from)}::timestamptz, ${new Date(to)}::timestamptz)
      ${exclude}`;

  return {
    eventType,
    host: { id: eventType.userId, name: hostName, username: hostUsername, timeZone: hostTimeZone },
    query: {
      // Stored hours were validated on write (schedule-schema.ts); the engine
      // still rejects malformed ones rather than guessing.
      rules:
        scheduleTimeZone === null
          ? { timeZone: hostTimeZone, weekly: [], overrides: [] }
          : {
              timeZone: scheduleTimeZone,
              weekly: scheduleWeekly as WeeklyInterval[],
              overrides: scheduleOverrides as DateOverride[],
            },
      policy: {
        durationMinutes: eventType.durationMinutes,
        minimumNoticeMinutes: eventType.minimumNoticeMinutes,
        bufferBeforeMinutes: eventType.bufferBeforeMinutes,
        bufferAfterMinutes: eventType.bufferAfterMinutes,
        bookingWindowDays: eventType.bookingWindowDays,
      },
      busy: blocked.map((b) => ({ start: new Date(b.start).getTime(), end: new Date(b.end).getTime() })),
    },
  };
}
