"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { formatCalendarDate, formatMonthYear } from "@/lib/time/format";
import { addDays, daysBetween, weekdayOfDate, WEEKDAYS } from "@/lib/time";
import { firstOfMonth, lastOfMonth, type YearMonth } from "@/lib/time/calendar-month";

export interface MonthCalendarProps {
  month: YearMonth;
  /** Today in the guest's zone (YYYY-MM-DD): earlier days cannot be picked. */
  today: string;
  /** The last day guests may book, in the guest's zone. */
  windowEnd: string;
  /** Free slots per day of the month; null while they load. */
  slotCounts: Record<string, number> | null;
  /** Days on which the host works but every time is taken. */
  fullyBooked?: ReadonlySet<string> | null;
  selectedDate: string | null;
  onSelectDate: (date: string) => void;
  onPreviousMonth: () => void;
  onNextMonth: () => void;
  canGoPrevious: boolean;
  canGoNext: boolean;
  /** 0 = weeks start on Monday … 6 = Sunday (index into WEEKDAYS). */
  weekStart: number;
}

const WEEKDAY_SHORT: Record<(typeof WEEKDAYS)[number], string> = {
  monday: "Mon",
  tuesday: "Tue",
  wednesday: "Wed",
  thursday: "Thu",
  friday: "Fri",
  saturday: "Sat",
  sunday: "Sun",
};

/** Plural-aware "16 times available" / "1 time available" / "no times available". */
export function availabilityPhrase(count: number): string {
  if (count === 0) return "no times available";
  return `${count} ${count === 1 ? "time" : "times"} available`;
}

/**
 * A month as an ARIA grid of day buttons. Arrow keys move between days (one
 * tab stop for the whole month), Enter or Space picks one. Every day's name
 * says its date and whether it has free times, so screen-reader users hear
 * the same thing sighted users see from the colouring.
 */
export function MonthCalendar(props: MonthCalendarProps) {
  const { month, today, windowEnd, slotCounts, fullyBooked, selectedDate, onSelectDate, weekStart } = props;
  const headingId = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const first = firstOfMonth(month);
  const last = lastOfMonth(month);

  const weeks = useMemo(() => {
    const lead = (WEEKDAYS.indexOf(weekdayOfDate(first)) - weekStart + 7) % 7;
    const cells: (string | null)[] = Array.from({ length: lead }, () => null);
    for (let d = first; d <= last; d = addDays(d, 1)) cells.push(d);
    while (cells.length % 7 !== 0) cells.push(null);
    const rows: (string | null)[][] = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
    return rows;
  }, [first, last, weekStart]);

  const weekdayOrder = useMemo(() => WEEKDAYS.map((_, i) => WEEKDAYS[(i + weekStart) % 7]), [weekStart]);

  const defaultFocus = useMemo(() => {
    if (selectedDate && selectedDate >= first && selectedDate <= last) return selectedDate;
    const firstFree = slotCounts ? Object.keys(slotCounts).sort().find((d) => slotCounts[d] > 0) : undefined;
    if (firstFree) return firstFree;
    if (today >= first && today <= last) return today;
    return first < today ? today : first;
  }, [selectedDate, first, last, slotCounts, today]);

  const [focusDate, setFocusDate] = useState(defaultFocus);
  // A new month, a new selection or fresh data moves the tab stop with it.
  useEffect(() => setFocusDate(defaultFocus), [defaultFocus]);
  const tabStop = focusDate >= first && focusDate <= last ? focusDate : defaultFocus;

  function moveFocus(event: KeyboardEvent<HTMLButtonElement>, date: string) {
    const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    let target: string | null = null;
    if (event.key in step) target = addDays(date, step[event.key]);
    else if (event.key === "Home") target = addDays(date, -((WEEKDAYS.indexOf(weekdayOfDate(date)) - weekStart + 7) % 7));
    else if (event.key === "End") target = addDays(date, 6 - ((WEEKDAYS.indexOf(weekdayOfDate(date)) - weekStart + 7) % 7));
    if (!target) return;
    event.preventDefault();
    if (target < first) target = first;
    if (target > last) target = last;
    // Past days are disabled and cannot take focus; stop at the first one that can.
    while (target < today && target < last) target = addDays(target, 1);
    setFocusDate(target);
    buttons.current.get(target)?.focus();
  }

  return (
    <div>
      <div className="mb-4 flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {formatMonthYear(month.year, month.month)}
        </h3>
        <div className="flex items-center gap-1">
          <NavButton label="Previous month" disabled={!props.canGoPrevious} onClick={props.onPreviousMonth} direction="previous" />
          <NavButton label="Next month" disabled={!props.canGoNext} onClick={props.onNextMonth} direction="next" />
        </div>
      </div>

      <div role="grid" aria-labelledby={headingId} aria-busy={slotCounts === null || undefined} className="w-full">
        <div role="row" className="grid grid-cols-7">
          {weekdayOrder.map((day) => (
            <div
              key={day}
              role="columnheader"
              aria-label={day[0].toUpperCase() + day.slice(1)}
              className="pb-2 text-center text-xs font-medium tracking-wide text-slate-500 uppercase"
            >
              {WEEKDAY_SHORT[day]}
            </div>
          ))}
        </div>
        {weeks.map((week, w) => (
          <div role="row" key={w} className="grid grid-cols-7">
            {week.map((date, d) =>
              date === null ? (
                <div role="gridcell" key={`blank-${d}`} className="aspect-square" />
              ) : (
                <div role="gridcell" key={date} aria-selected={date === selectedDate} className="flex aspect-square items-center justify-center p-0.5">
                  <DayButton
                    date={date}
                    count={slotCounts ? (slotCounts[date] ?? 0) : null}
                    fullyBooked={Boolean(fullyBooked?.has(date))}
                    isToday={date === today}
                    isPast={date < today}
                    beyondWindow={daysBetween(windowEnd, date) > 0}
                    selected={date === selectedDate}
                    tabbable={date === tabStop}
                    onSelect={() => {
                      setFocusDate(date);
                      onSelectDate(date);
                    }}
                    onKeyDown={(e) => moveFocus(e, date)}
                    buttonRef={(el) => {
                      if (el) buttons.current.set(date, el);
                      else buttons.current.delete(date);
                    }}
                  />
                </div>
              ),
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

function DayButton({
  date,
  count,
  fullyBooked,
  isToday,
  isPast,
  beyondWindow,
  selected,
  tabbable,
  onSelect,
  onKeyDown,
  buttonRef,
}: {
  date: string;
  count: number | null;
  fullyBooked: boolean;
  isToday: boolean;
  isPast: boolean;
  beyondWindow: boolean;
  selected: boolean;
  tabbable: boolean;
  onSelect: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
  buttonRef: (el: HTMLButtonElement | null) => void;
}) {
  const available = count !== null && count > 0;
  const name =
    count === null
      ? `${formatCalendarDate(date)}, loading times`
      : `${formatCalendarDate(date)}, ${fullyBooked && count === 0 ? "fully booked" : availabilityPhrase(count)}`;
  const look = selected
    ? available
      ? "bg-brand-600 text-white font-semibold shadow-sm hover:bg-brand-700"
      : "bg-slate-700 text-white font-medium"
    : available
      ? "bg-brand-50 text-brand-700 font-semibold hover:bg-brand-100"
      : isPast || beyondWindow
        ? "text-slate-300"
        : "text-slate-500 hover:bg-slate-100";
  return (
    <button
      ref={buttonRef}
      type="button"
      aria-label={name}
      aria-pressed={selected}
      aria-current={isToday ? "date" : undefined}
      disabled={(isPast && !available) || count === null}
      tabIndex={tabbable ? 0 : -1}
      onClick={onSelect}
      onKeyDown={onKeyDown}
      className={`relative flex size-full max-h-12 max-w-12 items-center justify-center rounded-full text-sm tabular-nums transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-default ${look}`}
    >
      <span className={fullyBooked && !available && !selected ? "line-through decoration-slate-400" : undefined}>{Number(date.slice(8))}</span>
      {isToday && (
        <span
          aria-hidden="true"
          className={`absolute bottom-1 size-1 rounded-full ${selected ? "bg-white" : available ? "bg-brand-600" : "bg-slate-400"}`}
        />
      )}
    </button>
  );
}

function NavButton({ label, disabled, onClick, direction }: { label: string; disabled: boolean; onClick: () => void; direction: "previous" | "next" }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="flex size-9 items-center justify-center rounded-full text-brand-700 transition-colors hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:text-slate-300 disabled:hover:bg-transparent"
    >
      <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden="true">
        {direction === "previous" ? (
          <path fillRule="evenodd" d="M11.78 5.22a.75.75 0 0 1 0 1.06L8.06 10l3.72 3.72a.75.75 0 1 1-1.06 1.06l-4.25-4.25a.75.75 0 0 1 0-1.06l4.25-4.25a.75.75 0 0 1 1.06 0Z" clipRule="evenodd" />
        ) : (
          <path fillRule="evenodd" d="M8.22 5.22a.75.75 0 0 1 1.06 0l4.25 4.25a.75.75 0 0 1 0 1.06l-4.25 4.25a.75.75 0 0 1-1.06-1.06L11.94 10 8.22 6.28a.75.75 0 0 1 0-1.06Z" clipRule="evenodd" />
        )}
      </svg>
    </button>
  );
}
