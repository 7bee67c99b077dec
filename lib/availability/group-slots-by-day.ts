/**
 * Slots as the API shows them: per calendar day of the guest's zone, each
 * instant as ISO 8601 with that zone's offset.
 */
import { DAY_MS, isValidTimeZone, toZonedIso, zonedDateOf } from "../time";
import { zonedDays, type ZonedDay } from "../time/zoned-days";
import type { Interval, Slot } from "./types";

export interface SlotDto {
  /** e.g. "2026-12-07T09:30:00.000-05:00" */
  start: string;
  end: string;
  /** Seated event types only: guests who can still book this time. */
  seatsRemaining?: number;
}

/** "YYYY-MM-DD" (guest's zone) → that day's slots, in the order given. Days without slots are absent. */
export type SlotsByDay = Record<string, SlotDto[]>;

interface FormatDay extends ZonedDay {
  /** False on a DST transition day (not 24 h long): its instants go through toZonedIso. */
  regular: boolean;
  /** The day's offset as toZonedIso writes it: "-05:00", or "Z" in the fixed UTC zone. */
  suffix: string;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** toZonedIso for an instant of a regular day: the wall clock is the time since its midnight. */
function regularDayIso(instant: number, day: FormatDay): string {
  const t = instant - day.start;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  return `${day.date}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(t % 1000)}${day.suffix}`;
}

function offsetSuffix(offsetMs: number, utcStyle: boolean): string {
  if (offsetMs === 0 && utcStyle) return "Z";
  const minutes = Math.abs(offsetMs) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `${offsetMs < 0 ? "-" : "+"}${hh}:${mm}`;
}

/**
 * The local days covering every instant of `slots`, each knowing how to write
 * its instants: luxon converts day boundaries once for the whole span, then a
 * day without a DST transition (24 h between midnights, hence one offset) is
 * formatted from the time since its midnight — no luxon, no Date per slot.
 * Transition days use toZonedIso per instant.
 */
function formatDays(slots: readonly Interval[], zone: string): FormatDay[] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of slots) {
    min = Math.min(min, s.start, s.end);
    max = Math.max(max, s.start, s.end);
  }
  // luxon writes "Z" only for the fixed UTC zone ("UTC"), never for an IANA
  // zone at offset 0 such as Europe/London in winter ("+00:00").
  const utcStyle = toZonedIso(min, zone).endsWith("Z");
  return zonedDays(zonedDateOf(min, zone), zonedDateOf(max, zone), zone).map((day) => {
    if (day.end - day.start !== DAY_MS) return { ...day, regular: false, suffix: "" };
    // A 24-hour day has a real midnight: the wall clock reads 00:00 at `start`.
    const offsetMs = Date.parse(`${day.date}T00:00:00Z`) - day.start;
    return { ...day, regular: true, suffix: offsetSuffix(offsetMs, utcStyle) };
  });
}

/**
 * Groups slots by the date of their start in `timeZone` (a slot starting
 * 23:30 belongs to that day even when it ends the next). Any order works;
 * sorted input (computeSlots' output) is a single forward pass.
 */
export function groupSlotsByDay(slots: readonly Slot[], timeZone: string): SlotsByDay {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}".`);
  const byDay: SlotsByDay = {};
  if (slots.length === 0) return byDay;
  const days = formatDays(slots, timeZone);
  // One cursor per kind of instant: each moves forward as the slots do.
  let startDay = 0;
  let endDay = 0;
  const locate = (instant: number, from: number) => {
    let i = from;
    while (instant >= days[i].end) i++;
    while (instant < days[i].start) i--;
    return i;
  };
  const iso = (instant: number, day: FormatDay) => (day.regular ? regularDayIso(instant, day) : toZonedIso(instant, timeZone));
  for (const slot of slots) {
    startDay = locate(slot.start, startDay);
    endDay = locate(slot.end, endDay);
    const day = days[startDay];
    const dto: SlotDto = { start: iso(slot.start, day), end: iso(slot.end, days[endDay]) };
    if (slot.seatsRemaining !== undefined) dto.seatsRemaining = slot.seatsRemaining;
    (byDay[day.date] ??= []).push(dto);
  }
  return byDay;
}
