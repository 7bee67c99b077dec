import { invalidateHost } from "../availability/slot-cache";
import type { DbClient } from "../db/client";
import { notFound, validationError } from "../errors";
import { assertEventTypeDestination } from "./assert-event-type-destination";
import { assertOwnSchedule } from "./assert-own-schedule";
import { durationOptionsOf } from "./duration-options";
import { bookingWindowColumns, durationOptionsColumn, limitsColumn, locationColumns } from "./event-type-data";
import { eventTypePatchSchema, eventTypeRuleIssues, normalizeLimits, requestedBookingWindow, type EventTypeDto, type EventTypePatch } from "./event-type-schema";
import { slugConflict } from "./slug-conflict";
import { toEventTypeDto, toLimits } from "./to-event-type-dto";

/**
 * PATCH semantics: given fields replace the stored ones, absent fields stay.
 * `location`, `limits` and `bookingWindow` are replaced as a whole;
 * `scheduleId: null` means "use my default" (so does `destinationCalendarId: null`); `bookingWindowDays` alone makes
 * the window a rolling one. The default duration must stay among the duration
 * options: change both together, or pick another of the current options.
 * Existing bookings keep the buffers, duration and location they were made with.
 */
export async function updateEventType(db: DbClient, userId: string, id: string, patch: EventTypePatch): Promise<EventTypeDto> {
  const { location, durationOptions, bookingWindow, bookingWindowDays, limits, ...data } = eventTypePatchSchema.parse(patch);
  const existing = await db.eventType.findFirst({ where: { id, userId } });
  if (!existing) throw notFound("Event type");
  await assertOwnSchedule(db, userId, data.scheduleId);
  // Location and destination checked together, as they will be (a Meet location needs a Google destination).
  if (location || data.destinationCalendarId !== undefined) {
    await assertEventTypeDestination(db, userId, {
      locationType: location?.type ?? existing.locationType,
      destinationCalendarId: data.destinationCalendarId === undefined ? existing.destinationCalendarId : data.destinationCalendarId,
    });
  }

  // The rules as they will be, checked together.
  const durationMinutes = data.durationMinutes ?? existing.durationMinutes;
  const options = durationOptions ?? durationOptionsOf({ durationMinutes: existing.durationMinutes, durationOptions: existing.durationOptions });
  // A single-duration event type follows its default: [] stored means "just the default".
  const effectiveOptions = durationOptions === undefined && existing.durationOptions.length === 0 ? [durationMinutes] : options;
  const newLimits = limits === undefined ? toLimits(existing) : normalizeLimits(limits);
  const issues = eventTypeRuleIssues(
    { durationMinutes, durationOptions: effectiveOptions, limits: newLimits },
    durationOptions === undefined ? "durationMinutes" : "durationOptions",
  );
  if (issues.length > 0) throw validationError("Some of the input is not valid.", issues);
  const window = requestedBookingWindow({ bookingWindow, bookingWindowDays }).window;

  try {
    const row = await db.eventType.update({
      where: { id },
      data: {
        ...data,
        ...(location ? locationColumns(location) : {}),
        durationOptions: durationOptionsColumn(durationMinutes, effectiveOptions),
        ...(window ? bookingWindowColumns(window) : {}),
        ...(limits !== undefined ? { limits: limitsColumn(newLimits) } : {}),
      },
    });
    // After the commit: the host's cached slots were computed from the old rules.
    await invalidateHost(userId);
    return toEventTypeDto(row);
  } catch (error) {
    // P2025: deleted between the lookup and the update.
    if ((error as { code?: string }).code === "P2025") throw notFound("Event type");
    throw slugConflict(error, data.slug);
  }
}
