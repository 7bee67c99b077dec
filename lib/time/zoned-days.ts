/**
 * Consecutive calendar days of one zone as instants, for code that walks many
 * days in a hot path (the availability engine, grouping slots by day).
 * startOfZonedDay per date costs a full luxon conversion each; here luxon
 * converts the first midnight and every later one is the previous plus 24 h,
 * confirmed by one offset lookup, unless the offset changed (a DST day), when
 * luxon converts that midnight too. Same answers as startOfZonedDay.
 *
 * Even one offset lookup per day is an Intl formatToParts call (microseconds),
 * and a team page asks for the same days once per host: 50 hosts in 10 zones
 * over one month walked the same 10 spans 5 times each. The days depend only
 * on (zone, first date, last date) and the runtime's tz database, so walks are
 * remembered under exactly that key (see ZonedDaysCache), bounded in size.
 */
import { IANAZone } from "luxon";
import { dateOfEpochDay, epochDayOf } from "./epoch-days";
import { DAY_MS, MINUTE_MS, startOfZonedDay } from "./index";

export interface ZonedDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** startOfZonedDay(date): midnight, or the first instant after it when midnight does not exist. */
  start: number;
  /** The next day's start: days are [start, end), and end − start is 23, 24 or 25 h around DST. */
  end: number;
}

/**
 * The days `firstDate` … `lastDate` (YYYY-MM-DD, inclusive) of `zone`, in order.
 * The array is the caller's own; the day objects may be shared with other
 * callers (they come from a cache) and are frozen, so treat them as read-only.
 */
export function zonedDays(firstDate: string, lastDate: string, zone: string): ZonedDay[] {
  return zonedDaysCache.days(firstDate, lastDate, zone);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A walk's share of the cap: its days, and at least 1 so empty walks count too. */
function weightOf(walk: readonly ZonedDay[]): number {
  return Math.max(1, walk.length);
}

/**
 * A least-recently-used cache of zonedDays walks, bounded by the total number
 * of days it holds (a long span counts for its length and an empty one as 1,
 * so neither a few year-long walks nor many tiny ones grow it past the cap).
 *
 * Correctness of the key: a walk is a pure function of (zone, firstDate,
 * lastDate) for the process's tz database. Only well-formed YYYY-MM-DD dates
 * use the cache, and their key is firstDate + lastDate + zone: the dates are
 * exactly 10 characters each, so the key splits back into the same three
 * strings and no other arguments share it. A hit is therefore the very walk
 * these arguments compute; another zone or span is another key. Anything else
 * (malformed dates) is walked uncached; errors (an unknown zone) are thrown,
 * never cached.
 */
export class ZonedDaysCache {
  private readonly walks = new Map<string, readonly ZonedDay[]>();
  private held = 0;

  constructor(private readonly maxDays: number) {}

  /** Number of walks held (for tests). */
  get size(): number {
    return this.walks.size;
  }

  days(firstDate: string, lastDate: string, zone: string): ZonedDay[] {
    if (!ISO_DATE.test(firstDate) || !ISO_DATE.test(lastDate)) return walkZonedDays(firstDate, lastDate, zone);
    const key = firstDate + lastDate + zone;
    let walk = this.walks.get(key);
    if (walk) {
      // Re-inserting moves the key to the end of the Map's order: most recently used.
      this.walks.delete(key);
      this.walks.set(key, walk);
    } else {
      walk = walkZonedDays(firstDate, lastDate, zone).map((day) => Object.freeze(day));
      if (weightOf(walk) <= this.maxDays) {
        this.walks.set(key, walk);
        this.held += weightOf(walk);
        // Map iterates in insertion order, so the first key is the least recently used.
        for (const [oldest, old] of this.walks) {
          if (this.held <= this.maxDays) break;
          this.walks.delete(oldest);
          this.held -= weightOf(old);
        }
      }
    }
    // A fresh array: a caller that sorts or pushes cannot change the cached walk.
    return walk.slice();
  }

  clear(): void {
    this.walks.clear();
    this.held = 0;
  }
}

/**
 * The process-wide cache. 20 000 days is a few hundred month-long walks (every
 * zone a team of any size uses, several windows each) in about 2 MB.
 */
export const zonedDaysCache = new ZonedDaysCache(20_000);

function walkZonedDays(firstDate: string, lastDate: string, zone: string): ZonedDay[] {
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
