"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { formatCalendarDate, type HourCycle } from "@/lib/time/format";
import { interval, newKey, todayInZone, DEFAULT_DAY_END, DEFAULT_DAY_START, type EditOverride } from "./hours";
import { IntervalList } from "./interval-list";

/**
 * Dates that differ from the weekly hours: either unavailable all day or with
 * hours of their own. Adding asks for the date and which of the two it is.
 */
export function DateOverridesEditor({
  overrides,
  onChange,
  timeZone,
  hourCycle,
  serverErrors,
  idPrefix,
}: {
  overrides: EditOverride[];
  onChange: (overrides: EditOverride[]) => void;
  timeZone: string;
  hourCycle: HourCycle;
  serverErrors: Map<number, string>;
  idPrefix: string;
}) {
  const [date, setDate] = useState("");
  const [kind, setKind] = useState<"unavailable" | "hours">("unavailable");
  const [addError, setAddError] = useState<string>();
  const today = todayInZone(timeZone);

  function add() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setAddError("Pick a date first.");
      return;
    }
    if (overrides.some((o) => o.date === date)) {
      setAddError(`${formatCalendarDate(date, { year: true })} already has an override; change it below.`);
      return;
    }
    const added: EditOverride = { key: newKey(), date, intervals: kind === "hours" ? [interval(DEFAULT_DAY_START, DEFAULT_DAY_END)] : [] };
    onChange([...overrides, added].sort((a, b) => a.date.localeCompare(b.date)));
    setDate("");
    setAddError(undefined);
  }

  function set(key: number, patch: Partial<EditOverride>) {
    onChange(overrides.map((o) => (o.key === key ? { ...o, ...patch } : o)));
  }

  return (
    <div className="space-y-5">
      <div className="rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-end">
          <Field id={`${idPrefix}-date`} label="Date" error={addError} className="sm:w-48">
            <Input
              id={`${idPrefix}-date`}
              type="date"
              min={today}
              value={date}
              onChange={(e) => {
                setDate(e.target.value);
                setAddError(undefined);
              }}
              invalid={!!addError}
              aria-describedby={addError ? `${idPrefix}-date-error` : undefined}
            />
          </Field>
          <fieldset className="sm:pb-2">
            <legend className="sr-only">On that date</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-800">
                <input
                  type="radio"
                  name={`${idPrefix}-kind`}
                  checked={kind === "unavailable"}
                  onChange={() => setKind("unavailable")}
                  className="size-4 accent-brand-600"
                />
                Unavailable all day
              </label>
              <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-800">
                <input
                  type="radio"
                  name={`${idPrefix}-kind`}
                  checked={kind === "hours"}
                  onChange={() => setKind("hours")}
                  className="size-4 accent-brand-600"
                />
                Different hours
              </label>
            </div>
          </fieldset>
          <Button variant="secondary" onClick={add} className="sm:ml-auto">
            Add override
          </Button>
        </div>
      </div>

      {overrides.length === 0 ? (
        <p className="text-sm text-slate-600">No date overrides. Add one for holidays, days off or days with special hours.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200">
          {overrides.map((o) => {
            const labelId = `${idPrefix}-o-${o.key}`;
            const label = formatCalendarDate(o.date, { year: true });
            const past = o.date < today;
            const serverError = serverErrors.get(o.key);
            return (
              <li key={o.key} className="flex flex-wrap items-start gap-x-3 gap-y-2 p-3 sm:flex-nowrap sm:p-4">
                <div className="order-1 min-w-0 flex-1 pt-1.5 sm:w-44 sm:flex-none">
                  <p id={labelId} className="text-sm font-medium text-slate-800">
                    {label}
                  </p>
                  {past && <p className="text-xs text-slate-500">In the past</p>}
                </div>
                <div className="order-3 w-full space-y-2 sm:order-2 sm:w-auto sm:flex-1">
                  {o.intervals.length === 0 ? (
                    <div className="flex flex-wrap items-center gap-3 sm:pt-1.5">
                      <span className="text-sm text-slate-700">Unavailable all day</span>
                      <Button
                        variant="ghostBrand"
                        size="sm"
                        onClick={() => set(o.key, { intervals: [interval(DEFAULT_DAY_START, DEFAULT_DAY_END)] })}
                        aria-label={`Set hours instead for ${label}`}
                      >
                        Set hours instead
                      </Button>
                    </div>
                  ) : (
                    <IntervalList
                      intervals={o.intervals}
                      onChange={(intervals) => set(o.key, { intervals })}
                      labelId={labelId}
                      dayName={label}
                      hourCycle={hourCycle}
                      serverErrors={serverErrors}
                    />
                  )}
                  {serverError && <p className="text-xs font-medium text-red-700">{serverError}</p>}
                </div>
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => onChange(overrides.filter((x) => x.key !== o.key))}
                  aria-label={`Remove override for ${label}`}
                  className="order-2 sm:order-3"
                >
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
