/**
 * Consecutive calendar days of one zone as instants, for code that walks many
 * days in a hot path (the availability engine, grouping slots by day).
 * startOfZonedDay per date costs a full luxon conversion each; here luxon
 * converts the first midnight and every later one is the previous plus 24 h,
 * confirmed by one offset lookup, unless the offset changed (a DST day), when
 * luxon converts that midnight too. Same answers as startOfZonedDay.
 */
import { IANAZone } from "luxon";
import { DAY_MS, MINUTE_MS, startOfZonedDay } from "./index";

export interface ZonedDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** startOfZonedDay(date): midnight, or the first instant after it when midnight does not exist. */
  start: number;
  /** The next day's start: days are [start, end), and end − start is 23, 24 or 25 h around DST. */
  end: number;
}

/** Days since 1970-01-01 (calendar arithmetic; no zone involved). */
function epochDayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The days `firstDate` … `lastDate` (YYYY-MM-DD, inclusive) of `zone`, in order. */
export function zonedDays(firstDate: string, lastDate: string, zone: string): ZonedDay[] {
  const offsets = IANAZone.create(zone);
  if (!offsets.isValid) throw new RangeError(`Unknown time zone "${zone}".`);
  const first = epochDayOf(firstDate);
  const last = epochDayOf(lastDate);
  const days: ZonedDay[] = [];
  let start = startOfZonedDay(firstDate, zone);
  let offset = offsets.offset(start);
  for (let day = first; day <= last; day++) {
    // When the wall clock at `start` reads 00:00 and shows the same offset 24 h
    // later, that later instant is the next midnight (its first occurrence,
    // since it still has the earlier offset).
    const realMidnight = day * DAY_MS - start === offset * MINUTE_MS;
    const guess = start + DAY_MS;
    const guessOffset = offsets.offset(guess);
    let end: number;
    let endOffset: number;
    if (realMidnight && guessOffset === offset) {
      end = guess;
      endOffset = guessOffset;
    } else {
      end = startOfZonedDay(dateOfEpochDay(day + 1), zone);
      endOffset = offsets.offset(end);
    }
    days.push({ date: dateOfEpochDay(day), start, end });
    start = end;
    offset = endOffset;
  }
  return days;
}

/**
 * A stretch of one zoned day with a single UTC offset. `midnight` is where
 * the wall clock would have read 00:00 of the day at that offset, so an
 * instant t of the piece reads (t − midnight) after 00:00 on the wall clock.
 */
export interface WallClockPiece {
  start: number;
  end: number;
  midnight: number;
}

/**
 * The day cut at its offset changes. A 24-hour day is one piece whose
 * midnight is its start (no luxon). Only DST days ask the zone, finding each
 * change by bisection over whole minutes (transitions fall on whole minutes).
 */
export function wallClockPieces(day: ZonedDay, zone: string): WallClockPiece[] {
  if (day.end - day.start === DAY_MS) return [{ start: day.start, end: day.end, midnight: day.start }];
  const offsets = IANAZone.create(zone);
  if (!offsets.isValid) throw new RangeError(`Unknown time zone "${zone}".`);
  const wallMidnight = epochDayOf(day.date) * DAY_MS;
  const pieces: WallClockPiece[] = [];
  let start = day.start;
  while (start < day.end) {
    const offset = offsets.offset(start);
    let end = day.end;
    if (offsets.offset(day.end - 1) !== offset) {
      // Smallest whole minute after `start` with another offset.
      let lo = 0;
      let hi = Math.ceil((day.end - 1 - start) / MINUTE_MS);
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (offsets.offset(start + mid * MINUTE_MS) === offset) lo = mid;
        else hi = mid;
      }
      end = Math.min(day.end, start + hi * MINUTE_MS);
    }
    pieces.push({ start, end, midnight: wallMidnight - offset * MINUTE_MS });
    start = end;
  }
  return pieces;
}
