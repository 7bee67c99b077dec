"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/field";
import type { HourCycle } from "@/lib/time/format";
import { endsNextDay, intervalProblems, nextInterval, timeChoices, timeLabel, type EditInterval } from "./hours";

/**
 * One or more "from – to" rows for a day, with add/remove. `labelId` is the
 * id of the element naming the day ("Monday", "December 24"), so each select's
 * accessible name reads e.g. "Monday from".
 */
export function IntervalList({
  intervals,
  onChange,
  labelId,
  dayName,
  hourCycle,
  serverErrors,
  overnight = false,
  extraProblems,
}: {
  intervals: EditInterval[];
  onChange: (intervals: EditInterval[]) => void;
  labelId: string;
  dayName: string;
  hourCycle: HourCycle;
  /** Messages from the API, keyed by interval key. */
  serverErrors?: Map<number, string>;
  /** Weekly hours: an end before the start runs into the next day, shown as "(next day)". */
  overnight?: boolean;
  /** Problems found across days (overnight hours overlapping the next day's), keyed by interval key. */
  extraProblems?: Map<number, string>;
}) {
  const baseId = useId();
  const problems = intervalProblems(intervals, overnight);
  const next = nextInterval(intervals);

  function set(key: number, patch: Partial<EditInterval>) {
    onChange(intervals.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }

  return (
    <div className="space-y-2">
      {intervals.map((i, index) => {
        const rowId = `${baseId}-${i.key}`;
        const problem = problems.get(i.key) ?? extraProblems?.get(i.key) ?? serverErrors?.get(i.key);
        const nextDay = overnight && endsNextDay(i);
        return (
          <div key={i.key}>
            <div className="flex items-center gap-1.5 sm:gap-2">
              <span id={`${rowId}-n`} className="sr-only">
                {intervals.length > 1 ? `(hours ${index + 1})` : ""}
              </span>
              <label id={`${rowId}-from-label`} htmlFor={`${rowId}-from`} className="sr-only text-sm text-slate-600 sm:not-sr-only">
                From
              </label>
              <select
                id={`${rowId}-from`}
                aria-labelledby={`${labelId} ${rowId}-from-label ${rowId}-n`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${rowId}-error` : undefined}
                value={i.start}
                onChange={(e) => set(i.key, { start: e.target.value })}
                className={`${controlClasses} h-9 min-w-0 flex-1 px-2 sm:w-32 sm:flex-none sm:px-3 ${problem ? "border-red-500" : "border-slate-300"}`}
              >
                {timeChoices("start", i.start).map((t) => (
                  <option key={t} value={t}>
                    {timeLabel(t, hourCycle)}
                  </option>
                ))}
              </select>
              <label id={`${rowId}-to-label`} htmlFor={`${rowId}-to`} className="text-sm text-slate-600">
                to
              </label>
              <select
                id={`${rowId}-to`}
                aria-labelledby={`${labelId} ${rowId}-to-label ${rowId}-n${nextDay ? ` ${rowId}-next` : ""}`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${rowId}-error` : undefined}
                value={i.end}
                onChange={(e) => set(i.key, { end: e.target.value })}
                className={`${controlClasses} h-9 min-w-0 flex-1 px-2 sm:w-32 sm:flex-none sm:px-3 ${problem ? "border-red-500" : "border-slate-300"}`}
              >
                {timeChoices("end", i.end).map((t) => (
                  <option key={t} value={t}>
                    {timeLabel(t, hourCycle)}
                  </option>
                ))}
              </select>
              {nextDay && (
                // Beside the end on wider screens; on phones a line below keeps the selects readable.
                <span id={`${rowId}-next`} className="hidden shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-brand-700 sm:inline">
                  (next day)
                </span>
              )}
              <button
                type="button"
                onClick={() => onChange(intervals.filter((x) => x.key !== i.key))}
                aria-label={`Remove ${dayName} ${timeLabel(i.start, hourCycle)} to ${timeLabel(i.end, hourCycle)}`}
                className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
              >
                <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden="true">
                  <path
                    fillRule="evenodd"
                    d="M8.75 1A2.75 2.75 0 0 0 6 3.75v.443c-.795.077-1.584.176-2.365.298a.75.75 0 1 0 .23 1.482l.149-.022.841 10.518A2.75 2.75 0 0 0 7.596 19h4.807a2.75 2.75 0 0 0 2.742-2.53l.841-10.52.149.023a.75.75 0 0 0 .23-1.482A41.03 41.03 0 0 0 14 4.193V3.75A2.75 2.75 0 0 0 11.25 1h-2.5ZM10 4c.84 0 1.673.025 2.5.075V3.75c0-.69-.56-1.25-1.25-1.25h-2.5c-.69 0-1.25.56-1.25 1.25v.325C8.327 4.025 9.16 4 10 4ZM8.58 7.72a.75.75 0 0 0-1.5.06l.3 7.5a.75.75 0 1 0 1.5-.06l-.3-7.5Zm4.34.06a.75.75 0 1 0-1.5-.06l-.3 7.5a.75.75 0 1 0 1.5.06l.3-7.5Z"
                    clipRule="evenodd"
                  />
                </svg>
              </button>
            </div>
            {nextDay && (
              <p aria-hidden="true" className="mt-1 text-xs font-medium text-brand-700 sm:hidden">
                Ends at {timeLabel(i.end, hourCycle)} (next day)
              </p>
            )}
            {problem && (
              <p id={`${rowId}-error`} className="mt-1 text-xs font-medium text-red-700">
                {problem}
              </p>
            )}
          </div>
        );
      })}
      <Button
        variant="ghostBrand"
        size="sm" className="-ml-2"
        disabled={!next}
        onClick={() => next && onChange([...intervals, next])}
        aria-label={`Add hours to ${dayName}`}
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
          <path d="M10.75 4.75a.75.75 0 0 0-1.5 0v4.5h-4.5a.75.75 0 0 0 0 1.5h4.5v4.5a.75.75 0 0 0 1.5 0v-4.5h4.5a.75.75 0 0 0 0-1.5h-4.5v-4.5Z" />
        </svg>
        Add hours
      </Button>
    </div>
  );
}
