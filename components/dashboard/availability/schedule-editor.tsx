"use client";

import { useEffect, useMemo, useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { useHourCycle } from "@/components/use-hour-cycle";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, describedBy } from "@/components/ui/field";
import { TimeZoneSelect } from "@/components/ui/time-zone-select";
import type { ScheduleDto } from "@/lib/schedules/schedule-schema";
import { formatZoneOffset } from "@/lib/time/format";
import { DateOverridesEditor } from "./date-overrides-editor";
import { draftFromSchedule, draftProblemCount, draftToPayload, type ScheduleDraft } from "./hours";
import { WeeklyHoursEditor } from "./weekly-hours-editor";

interface SaveErrors {
  fields: { name?: string; timeZone?: string };
  /** By interval or override key. */
  rows: Map<number, string>;
  general: string[];
  message: string;
}

/** Edits one schedule: name, zone, weekly hours and date overrides, saved together. */
export function ScheduleEditor({
  schedule,
  onSaved,
  onDirtyChange,
  onSetDefault,
  onDelete,
  busy,
}: {
  schedule: ScheduleDto;
  onSaved: (schedule: ScheduleDto) => void;
  onDirtyChange: (dirty: boolean) => void;
  onSetDefault: () => void;
  onDelete: () => void;
  /** True while the manager is changing the default or deleting. */
  busy: boolean;
}) {
  const hourCycle = useHourCycle();
  const [baseline, setBaseline] = useState(schedule);
  const [draft, setDraft] = useState<ScheduleDraft>(() => draftFromSchedule(schedule));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<SaveErrors>();
  const [problemsShown, setProblemsShown] = useState(false);

  const payload = useMemo(() => draftToPayload(draft), [draft]);
  const baselineBody = useMemo(() => JSON.stringify(draftToPayload(draftFromSchedule(baseline)).body), [baseline]);
  const dirty = JSON.stringify(payload.body) !== baselineBody;
  const problems = draftProblemCount(draft);

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // Warn before leaving the page with unsaved hours.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  function change(patch: Partial<ScheduleDraft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (problems > 0) {
      setProblemsShown(true);
      return;
    }
    setSaving(true);
    setErrors(undefined);
    setProblemsShown(false);
    try {
      const updated = await api.patch<ScheduleDto>(`/api/v1/schedules/${encodeURIComponent(schedule.id)}`, payload.body);
      setBaseline(updated);
      setDraft(draftFromSchedule(updated));
      setSaved(true);
      onSaved(updated);
    } catch (error) {
      setErrors(mapErrors(error, payload));
    } finally {
      setSaving(false);
    }
  }

  const zoneLabel = draft.timeZone.replace(/_/g, " ");

  return (
    <form onSubmit={save} noValidate className="space-y-6">
      {errors && (
        <Alert tone="error" title={errors.message}>
          {errors.general.length > 0 && (
            <ul className="list-disc pl-5">
              {errors.general.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}

      <Card>
        <CardHeader
          title={
            <span className="flex flex-wrap items-center gap-2">
              {baseline.name}
              {baseline.isDefault && <Badge tone="brand">Default</Badge>}
            </span>
          }
          description={
            baseline.isDefault
              ? "Event types without a schedule of their own use this one."
              : "Used only by event types that pick it."
          }
          actions={
            !baseline.isDefault && (
              <>
                <Button variant="secondary" size="sm" onClick={onSetDefault} disabled={busy || saving}>
                  Set as default
                </Button>
                <Button variant="ghostDanger" size="sm" onClick={onDelete} disabled={busy || saving}>
                  Delete
                </Button>
              </>
            )
          }
        />
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field id="schedule-name" label="Name" error={errors?.fields.name}>
            <Input
              id="schedule-name"
              value={draft.name}
              maxLength={100}
              onChange={(e) => change({ name: e.target.value })}
              invalid={!!errors?.fields.name}
              {...describedBy("schedule-name", { error: errors?.fields.name })}
            />
          </Field>
          <Field id="schedule-timezone" label="Time zone" error={errors?.fields.timeZone} hint="The hours below are wall-clock times in this zone.">
            <TimeZoneSelect
              id="schedule-timezone"
              value={draft.timeZone}
              onChange={(timeZone) => change({ timeZone })}
              invalid={!!errors?.fields.timeZone}
              {...describedBy("schedule-timezone", { error: errors?.fields.timeZone, hint: true })}
            />
          </Field>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Weekly hours"
          description={`Repeats every week. Times in ${zoneLabel} (${formatZoneOffset(draft.timeZone)}). An end before the start runs into the next day, e.g. 22:00 to 02:00.`}
        />
        <CardBody>
          <WeeklyHoursEditor
            weekly={draft.weekly}
            onChange={(weekly) => change({ weekly })}
            hourCycle={hourCycle}
            serverErrors={errors?.rows ?? new Map()}
            idPrefix="weekly"
          />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Date overrides" description="Change your hours on specific dates; these win over the weekly hours." />
        <CardBody>
          <DateOverridesEditor
            overrides={draft.overrides}
            onChange={(overrides) => change({ overrides })}
            timeZone={draft.timeZone}
            hourCycle={hourCycle}
            serverErrors={errors?.rows ?? new Map()}
            idPrefix="override"
          />
        </CardBody>
      </Card>

      <div className="sticky bottom-0 z-10 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-xl sm:border sm:shadow-sm">
        <div className="flex flex-wrap items-center justify-end gap-3">
          <p role="status" className="mr-auto text-sm text-slate-600">
            {problemsShown && problems > 0 ? (
              <span className="font-medium text-red-700">
                Fix the {problems === 1 ? "highlighted time" : `${problems} highlighted times`} before saving.
              </span>
            ) : saved && !dirty ? (
              <span className="font-medium text-emerald-700">Schedule saved.</span>
            ) : dirty ? (
              "Unsaved changes"
            ) : null}
          </p>
          <Button
            variant="secondary"
            disabled={!dirty || saving}
            onClick={() => {
              setDraft(draftFromSchedule(baseline));
              setErrors(undefined);
              setProblemsShown(false);
            }}
          >
            Discard
          </Button>
          <Button type="submit" loading={saving} disabled={!dirty}>
            Save schedule
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Places the API's error details beside the rows they are about. */
function mapErrors(error: unknown, payload: ReturnType<typeof draftToPayload>): SaveErrors {
  if (!(error instanceof ApiError)) return { fields: {}, rows: new Map(), general: [], message: errorMessage(error) };
  const fields: SaveErrors["fields"] = {};
  const rows = new Map<number, string>();
  const general: string[] = [];
  for (const detail of error.details) {
    const path = detail.path ?? "";
    const [head, index] = path.split(".");
    const n = Number(index);
    if (head === "name" || head === "timeZone") fields[head] ??= detail.message;
    else if (head === "weekly" && Number.isInteger(n) && payload.weeklyOrigin[n]) rows.set(payload.weeklyOrigin[n].key, detail.message);
    else if (head === "overrides" && Number.isInteger(n) && payload.overrideOrigin[n] !== undefined) rows.set(payload.overrideOrigin[n], detail.message);
    else general.push(detail.message);
  }
  const placed = Object.keys(fields).length + rows.size;
  return {
    fields,
    rows,
    general,
    message:
      placed > 0 ? "The schedule was not saved. Please check the highlighted fields."
      : general.length > 0 ? "The schedule was not saved."
      : error.message,
  };
}
