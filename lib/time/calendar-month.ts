/**
 * Calendar months for month views: pure calendar arithmetic on YYYY-MM-DD
 * dates, no zone involved (the caller decides which zone's "today" it means).
 */
import { DateTime } from "luxon";

/** A calendar month; `month` is 1–12. */
export interface YearMonth {
  year: number;
  month: number;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The month a YYYY-MM-DD date falls in. */
export function monthOf(date: string): YearMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** "2026-12" — sortable, usable as a key. */
export function monthKey(m: YearMonth): string {
  return `${m.year}-${pad(m.month)}`;
}

export function firstOfMonth(m: YearMonth): string {
  return `${monthKey(m)}-01`;
}

export function lastOfMonth(m: YearMonth): string {
  const days = DateTime.fromObject({ year: m.year, month: m.month, day: 1 }, { zone: "UTC" }).daysInMonth!;
  return `${monthKey(m)}-${pad(days)}`;
}

/** The month `delta` months after (or before, if negative) `m`. */
export function addMonths(m: YearMonth, delta: number): YearMonth {
  const index = m.year * 12 + (m.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Negative when a is before b, 0 when equal, positive after. */
export function compareMonths(a: YearMonth, b: YearMonth): number {
  return a.year * 12 + a.month - (b.year * 12 + b.month);
}
