"use client";

import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, describedBy } from "@/components/ui/field";
import { LoadingRows } from "@/components/ui/skeleton";
import { useApiData } from "@/components/use-api-data";
import type { OutOfOfficeDto } from "@/lib/out-of-office/out-of-office-schema";
import { daysBetween } from "@/lib/time";
import { formatCalendarDate } from "@/lib/time/format";
import { todayInZone } from "./hours";

/** "December 20, 2026 – January 3, 2027"; "August 10 – 14, 2026" reads the same way with the year once. */
function rangeLabel(r: { start: string; end: string }): string {
  const sameYear = r.start.slice(0, 4) === r.end.slice(0, 4);
  if (r.start === r.end) return formatCalendarDate(r.start, { year: true });
  return `${formatCalendarDate(r.start, { year: !sameYear, weekday: false })} – ${formatCalendarDate(r.end, { year: true, weekday: false })}`;
}

/**
 * Host-level days off (holidays, leave): saved one by one through
 * /api/v1/out-of-office, apart from the schedule being edited, because they
 * close every schedule.
 */
export function OutOfOfficeEditor({ hostTimeZone }: { hostTimeZone: string }) {
  const { data: ranges, setData: setRanges, loadError, reload } = useApiData<OutOfOfficeDto[]>("/api/v1/out-of-office");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [status, setStatus] = useState<string>();
  const today = todayInZone(hostTimeZone);

  async function add(event: FormEvent) {
    event.preventDefault();
    setAdding(true);
    setErrors({});
    setFormError(undefined);
    setStatus(undefined);
    try {
      const created = await api.post<OutOfOfficeDto>("/api/v1/out-of-office", { start, end: end || start, note: note || null });
      setRanges((list) => [...(list ?? []), created].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end)));
      setStart("");
      setEnd("");
      setNote("");
      setStatus(`Out of office ${rangeLabel(created)} added. No one can book you on these dates.`);
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        if (!fields.start && !fields.end && !fields.note) setFormError(error.message);
      } else setFormError(errorMessage(error));
    } finally {
      setAdding(false);
    }
  }

  async function remove(range: OutOfOfficeDto) {
    setRemoving(range.id);
    setStatus(undefined);
    setFormError(undefined);
    try {
      await api.delete(`/api/v1/out-of-office/${encodeURIComponent(range.id)}`);
      setRanges((list) => list?.filter((r) => r.id !== range.id) ?? null);
      setStatus(`Out of office ${rangeLabel(range)} removed.`);
    } catch (error) {
      setFormError(errorMessage(error));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <Card aria-labelledby="ooo-heading">
      <CardHeader
        titleId="ooo-heading"
        title="Out of office"
        description="Days you’re away. Nobody can book you then, whatever schedule an event type uses; each schedule reads the dates in its own time zone. Meetings already booked stay."
      />
      <CardBody className="space-y-5">
        <form onSubmit={add} noValidate className="rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4">
          {formError && (
            <div className="mb-4">
              <Alert tone="error">{formError}</Alert>
            </div>
          )}
          <div className="grid grid-cols-2 gap-4 sm:grid-cols-[10rem_10rem_minmax(0,1fr)_auto] sm:items-start">
            <Field id="ooo-start" label="First day" error={errors.start}>
              <Input
                id="ooo-start"
                type="date"
                min={today}
                value={start}
                onChange={(e) => {
                  setStart(e.target.value);
                  if (!end || end < e.target.value) setEnd(e.target.value);
                }}
                invalid={!!errors.start}
                {...describedBy("ooo-start", { error: errors.start })}
              />
            </Field>
            <Field id="ooo-end" label="Last day" error={errors.end}>
              <Input
                id="ooo-end"
                type="date"
                min={start || today}
                value={end}
                onChange={(e) => setEnd(e.target.value)}
                invalid={!!errors.end}
                {...describedBy("ooo-end", { error: errors.end })}
              />
            </Field>
            <Field id="ooo-note" label="Note" optional error={errors.note} className="col-span-2 sm:col-span-1">
              <Input
                id="ooo-note"
                value={note}
                maxLength={200}
                placeholder="Holiday"
                onChange={(e) => setNote(e.target.value)}
                invalid={!!errors.note}
                {...describedBy("ooo-note", { error: errors.note })}
              />
            </Field>
            <Button type="submit" variant="secondary" loading={adding} className="col-span-2 sm:col-span-1 sm:mt-[1.625rem]">
              Add days off
            </Button>
          </div>
        </form>

        <p role="status" className="sr-only">
          {status}
        </p>
        {loadError && !ranges ? (
          <Alert tone="error" title="Your out-of-office days could not be loaded.">
            {loadError}{" "}
            <button type="button" className="font-semibold underline underline-offset-2" onClick={() => void reload()}>
              Try again
            </button>
          </Alert>
        ) : !ranges ? (
          <LoadingRows rows={2} label="Loading out-of-office days…" />
        ) : ranges.length === 0 ? (
          <p className="text-sm text-slate-600">No days off planned. Add holidays or leave above; they block every schedule at once.</p>
        ) : (
          <ul aria-label="Out-of-office days" className="divide-y divide-slate-200 rounded-lg border border-slate-200">
            {ranges.map((r) => {
              const days = daysBetween(r.start, r.end) + 1;
              const past = r.end < today;
              const label = rangeLabel(r);
              return (
                <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3 sm:flex-nowrap sm:p-4">
                  <div className="min-w-0 flex-1">
                    <p className={`text-sm font-medium ${past ? "text-slate-500" : "text-slate-800"}`}>
                      {label}
                      <span className="ml-2 font-normal text-slate-500">
                        {days} {days === 1 ? "day" : "days"}
                      </span>
                    </p>
                    {r.note && <p className="truncate text-sm text-slate-600">{r.note}</p>}
                  </div>
                  {past ? <Badge>Past</Badge> : r.start <= today ? <Badge tone="warning">Now</Badge> : null}
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => void remove(r)}
                    loading={removing === r.id}
                    aria-label={`Remove out of office ${label}`}
                  >
                    Remove
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
