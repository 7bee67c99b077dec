/**
 * Wall-clock ↔ instant conversions for the emulators. The emulators stand in for third
 * parties, so they deliberately do not import the app's lib/time: a bug there must not be
 * mirrored here, where it would cancel itself out in tests. Every conversion names its zone
 * explicitly, so nothing depends on the process's own TZ.
 */
import { DateTime, IANAZone } from "luxon";

/** A local wall-clock reading with no zone attached (what an RRULE iterates over). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function isIanaZone(zone: string): boolean {
  return typeof zone === "string" && zone.length > 0 && IANAZone.isValidZone(zone);
}

/** The wall clock in `zone` at instant `ms`. */
export function wallTimeOf(ms: number, zone: string): WallTime {
  const d = DateTime.fromMillis(ms, { zone });
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second };
}

/**
 * The instant at which `zone`'s clock shows `wall`. A time inside a spring-forward gap moves
 * forward by the gap (RFC 5545 §3.3.5 and Google/Outlook agree); a time inside a fall-back
 * overlap means its first occurrence.
 */
export function instantOfWallTime(wall: WallTime, zone: string): number {
  return DateTime.fromObject({ ...wall, millisecond: 0 }, { zone }).toMillis();
}

export function wallTimeKey(wall: WallTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(wall.year, 4)}${p(wall.month)}${p(wall.day)}T${p(wall.hour)}${p(wall.minute)}${p(wall.second)}`;
}

export function compareWallTimes(a: WallTime, b: WallTime): number {
  return wallTimeKey(a) < wallTimeKey(b) ? -1 : wallTimeKey(a) > wallTimeKey(b) ? 1 : 0;
}

/** "YYYY-MM-DD" of a wall time. */
export function wallDate(wall: WallTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(wall.year, 4)}-${p(wall.month)}-${p(wall.day)}`;
}

/** "YYYY-MM-DDTHH:MM:SS" of a wall time. */
export function wallIso(wall: WallTime): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${wallDate(wall)}T${p(wall.hour)}:${p(wall.minute)}:${p(wall.second)}`;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const OFFSET_SUFFIX = /([zZ]|[+-]\d{2}:?\d{2})$/;

/** "2026-03-30" → midnight wall time, or null when it is not a real date. */
export function parseDateOnly(value: unknown): WallTime | null {
  if (typeof value !== "string") return null;
  const m = DATE_ONLY.exec(value);
  if (!m) return null;
  const wall = { year: +m[1], month: +m[2], day: +m[3], hour: 0, minute: 0, second: 0 };
  return DateTime.fromObject(wall, { zone: "UTC" }).isValid ? wall : null;
}

/** "2026-03-30T09:00:00[.0000000]" (no offset) → wall time, or null. */
export function parseLocalDateTime(value: unknown): WallTime | null {
  if (typeof value !== "string") return null;
  const m = LOCAL_DATE_TIME.exec(value);
  if (!m) return null;
  const wall = { year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5], second: m[6] ? +m[6] : 0 };
  return DateTime.fromObject(wall, { zone: "UTC" }).isValid ? wall : null;
}

export function hasOffset(value: string): boolean {
  return OFFSET_SUFFIX.test(value);
}

/** An RFC 3339 timestamp that carries an offset or Z → epoch ms; null otherwise. */
export function parseInstant(value: unknown): number | null {
  if (typeof value !== "string" || !hasOffset(value)) return null;
  const d = DateTime.fromISO(value, { setZone: true });
  return d.isValid ? d.toMillis() : null;
}

/** RFC 3339 with the zone's offset and no milliseconds ("…T09:00:00+02:00"; "Z" at offset zero, as Google writes it). */
export function formatOffsetDateTime(ms: number, zone: string): string {
  const d = DateTime.fromMillis(ms, { zone });
  return d.offset === 0 ? d.toUTC().toISO({ suppressMilliseconds: true })! : d.toISO({ suppressMilliseconds: true })!;
}

/** "2026-03-30T07:00:00.000Z" — the form both providers use for created/updated stamps. */
export function formatUtcMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole calendar days between two YYYY-MM-DD dates. */
export function daysBetweenDates(from: WallTime, to: WallTime): number {
  const a = Date.UTC(from.year, from.month - 1, from.day);
  const b = Date.UTC(to.year, to.month - 1, to.day);
  return Math.round((b - a) / 86_400_000);
}

export function addDaysToWall(wall: WallTime, days: number): WallTime {
  const d = DateTime.fromObject(wall, { zone: "UTC" }).plus({ days });
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute, second: d.second };
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a wall date. */
export function isoWeekday(wall: WallTime): number {
  return DateTime.fromObject({ year: wall.year, month: wall.month, day: wall.day }, { zone: "UTC" }).weekday;
}
