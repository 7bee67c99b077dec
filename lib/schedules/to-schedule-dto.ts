import type { Schedule } from "../db/generated/client";
import { overridesSchema, weeklySchema, type ScheduleDto } from "./schedule-schema";

/**
 * The API shape of a stored schedule. The rules are stored as Json, so they are
 * parsed through the same schemas that validated them on the way in: a DTO
 * either matches its type or this throws (a server fault, never a client's).
 */
export function toScheduleDto(row: Schedule): ScheduleDto {
  const weekly = weeklySchema.safeParse(row.weekly);
  const overrides = overridesSchema.safeParse(row.overrides);
  if (!weekly.success || !overrides.success) {
    // A plain Error on purpose: a ZodError here would be reported to the client
    // as *their* validation error, but the stored data is at fault.
    throw new Error(`Schedule ${row.id} holds rules that do not match the schedule schema.`);
  }
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    isDefault: row.isDefault,
    weekly: weekly.data,
    overrides: overrides.data,
  };
}
