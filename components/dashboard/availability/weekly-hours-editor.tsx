"use client";

import { WEEKDAYS, type Weekday } from "@/lib/time";
import type { HourCycle } from "@/lib/time/format";
import { DEFAULT_DAY_END, DEFAULT_DAY_START, WEEKDAY_LABELS, crossDayProblems, interval, type DayHours } from "./hours";
import { IntervalList } from "./interval-list";

/** Per weekday: an on/off switch and the day's intervals. */
export function WeeklyHoursEditor({
  weekly,
  onChange,
  hourCycle,
  serverErrors,
  idPrefix,
}: {
  weekly: Record<Weekday, DayHours>;
  onChange: (weekly: Record<Weekday, DayHours>) => void;
  hourCycle: HourCycle;
  serverErrors: Map<number, string>;
  idPrefix: string;
}) {
  function setDay(day: Weekday, hours: DayHours) {
    onChange({ ...weekly, [day]: hours });
  }
  const crossDay = crossDayProblems(weekly);

  return (
    <ul className="divide-y divide-slate-200">
      {WEEKDAYS.map((day) => {
        const hours = weekly[day];
        const labelId = `${idPrefix}-${day}-label`;
        const switchId = `${idPrefix}-${day}-switch`;
        return (
          <li key={day} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start">
            <div className="flex w-40 shrink-0 items-center gap-3 sm:h-9">
              <button
                id={switchId}
                type="button"
                role="switch"
                aria-checked={hours.enabled}
                aria-labelledby={labelId}
                onClick={() =>
                  setDay(day, {
                    enabled: !hours.enabled,
                    // Turning a day on with nothing remembered starts it at 9–5.
                    intervals: !hours.enabled && hours.intervals.length === 0 ? [interval(DEFAULT_DAY_START, DEFAULT_DAY_END)] : hours.intervals,
                  })
                }
                className={`relative inline-flex h-6 w-11 shrink-0 cursor-pointer rounded-full border-2 border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
                  hours.enabled ? "bg-brand-600" : "bg-slate-300"
                }`}
              >
                <span
                  aria-hidden="true"
                  className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${hours.enabled ? "translate-x-5" : "translate-x-0"}`}
                />
              </button>
              <label id={labelId} htmlFor={switchId} className="cursor-pointer text-sm font-medium text-slate-800">
                {WEEKDAY_LABELS[day]}
              </label>
            </div>
            <div className="flex-1">
              {hours.enabled && hours.intervals.length > 0 ? (
                <IntervalList
                  intervals={hours.intervals}
                  onChange={(intervals) => setDay(day, { enabled: intervals.length > 0, intervals })}
                  labelId={labelId}
                  dayName={WEEKDAY_LABELS[day]}
                  hourCycle={hourCycle}
                  serverErrors={serverErrors}
                  overnight
                  extraProblems={crossDay}
                />
              ) : (
                <p className="text-sm text-slate-500 sm:leading-9">Unavailable</p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
