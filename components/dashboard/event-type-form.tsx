"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Switch, Textarea, describedBy } from "@/components/ui/field";
import { LoadingRows } from "@/components/ui/skeleton";
import { LOCATION_TYPES, type EventTypeDto, type LocationType } from "@/lib/event-types/event-type-schema";
import type { ScheduleDto } from "@/lib/schedules/schedule-schema";
import { LOCATION_LABELS, LOCATION_VALUE_LABELS } from "./location";

const DURATION_PRESETS = [15, 30, 45, 60] as const;
const NOTICE_UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
type NoticeUnit = keyof typeof NOTICE_UNITS;

interface FormState {
  title: string;
  slug: string;
  slugEdited: boolean;
  description: string;
  duration: string; // a preset ("30") or "custom"
  customDuration: string;
  locationType: LocationType;
  /** One value per type, so switching type back and forth loses nothing. */
  locationValues: Record<LocationType, string>;
  scheduleId: string; // "" = the host's default schedule
  noticeValue: string;
  noticeUnit: NoticeUnit;
  bufferBefore: string;
  bufferAfter: string;
  bookingWindowDays: string;
  hidden: boolean;
}

const EMPTY: FormState = {
  title: "",
  slug: "",
  slugEdited: false,
  description: "",
  duration: "30",
  customDuration: "",
  locationType: "link",
  locationValues: { link: "", phone: "", in_person: "" },
  scheduleId: "",
  noticeValue: "2",
  noticeUnit: "hours",
  bufferBefore: "0",
  bufferAfter: "0",
  bookingWindowDays: "60",
  hidden: false,
};

/** "Intro call (30 min)" → "intro-call-30-min". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** The largest unit that expresses `minutes` exactly (120 → 2 hours). */
function noticeParts(minutes: number): { value: string; unit: NoticeUnit } {
  if (minutes > 0 && minutes % 1440 === 0) return { value: String(minutes / 1440), unit: "days" };
  if (minutes > 0 && minutes % 60 === 0) return { value: String(minutes / 60), unit: "hours" };
  return { value: String(minutes), unit: "minutes" };
}

function fromDto(dto: EventTypeDto): FormState {
  const preset = (DURATION_PRESETS as readonly number[]).includes(dto.durationMinutes);
  const notice = noticeParts(dto.minimumNoticeMinutes);
  return {
    title: dto.title,
    slug: dto.slug,
    slugEdited: true,
    description: dto.description,
    duration: preset ? String(dto.durationMinutes) : "custom",
    customDuration: preset ? "" : String(dto.durationMinutes),
    locationType: dto.location.type,
    locationValues: { ...EMPTY.locationValues, [dto.location.type]: dto.location.value ?? "" },
    scheduleId: dto.scheduleId ?? "",
    noticeValue: notice.value,
    noticeUnit: notice.unit,
    bufferBefore: String(dto.bufferBeforeMinutes),
    bufferAfter: String(dto.bufferAfterMinutes),
    bookingWindowDays: String(dto.bookingWindowDays),
    hidden: dto.hidden,
  };
}

/** Blank → NaN, which JSON sends as null, so the server names the field. */
function num(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

function toPayload(s: FormState) {
  const notice = num(s.noticeValue);
  return {
    title: s.title,
    slug: s.slug,
    description: s.description,
    durationMinutes: s.duration === "custom" ? num(s.customDuration) : Number(s.duration),
    location: { type: s.locationType, value: s.locationValues[s.locationType] },
    scheduleId: s.scheduleId || null,
    minimumNoticeMinutes: Number.isNaN(notice) ? notice : Math.round(notice * NOTICE_UNITS[s.noticeUnit]),
    bufferBeforeMinutes: num(s.bufferBefore),
    bufferAfterMinutes: num(s.bufferAfter),
    bookingWindowDays: num(s.bookingWindowDays),
    hidden: s.hidden,
  };
}

/** API field paths → the form's field ids. */
const FIELD_IDS: Record<string, string> = {
  title: "et-title",
  slug: "et-slug",
  description: "et-description",
  durationMinutes: "et-duration",
  location: "et-location-type",
  "location.type": "et-location-type",
  "location.value": "et-location-value",
  scheduleId: "et-schedule",
  minimumNoticeMinutes: "et-notice",
  bufferBeforeMinutes: "et-buffer-before",
  bufferAfterMinutes: "et-buffer-after",
  bookingWindowDays: "et-window",
  hidden: "et-hidden",
};

export function EventTypeForm({ eventTypeId, publicBase }: { eventTypeId?: string; publicBase: string }) {
  const router = useRouter();
  const isNew = !eventTypeId;
  const [form, setForm] = useState<FormState>(EMPTY);
  const [schedules, setSchedules] = useState<ScheduleDto[] | null>(null);
  const [loadError, setLoadError] = useState<{ message: string; notFound: boolean }>();
  const [loading, setLoading] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; extra: string[] }>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const [list, eventType] = await Promise.all([
          api.get<ScheduleDto[]>("/api/v1/schedules", undefined, controller.signal),
          eventTypeId ? api.get<EventTypeDto>(`/api/v1/event-types/${encodeURIComponent(eventTypeId)}`, undefined, controller.signal) : null,
        ]);
        setSchedules(list);
        if (eventType) setForm(fromDto(eventType));
        setLoading(false);
      } catch (error) {
        if (controller.signal.aborted) return;
        setLoadError({ message: errorMessage(error), notFound: error instanceof ApiError && error.code === "not_found" });
        setLoading(false);
      }
    })();
    return () => controller.abort();
  }, [eventTypeId]);

  // After a failed save, take the person to the first field that needs attention.
  useEffect(() => {
    const first = Object.entries(FIELD_IDS).find(([path]) => errors[path]);
    if (first) document.getElementById(first[1])?.focus();
  }, [errors]);

  function update(patch: Partial<FormState>, ...clear: string[]) {
    setForm((f) => ({ ...f, ...patch }));
    setSaved(false);
    if (clear.some((c) => errors[c])) {
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k))));
    }
  }

  function err(...paths: string[]): string | undefined {
    for (const p of paths) if (errors[p]) return errors[p];
    return undefined;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setErrors({});
    setFormError(undefined);
    try {
      const payload = toPayload(form);
      if (isNew) {
        await api.post<EventTypeDto>("/api/v1/event-types", payload);
        router.push("/dashboard/event-types");
        router.refresh();
        return;
      }
      const updated = await api.patch<EventTypeDto>(`/api/v1/event-types/${encodeURIComponent(eventTypeId)}`, payload);
      setForm(fromDto(updated));
      setSaved(true);
      setSaving(false);
    } catch (error) {
      setSaving(false);
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        const extra = [
          ...error.generalErrors(),
          ...Object.entries(fields)
            .filter(([path]) => !FIELD_IDS[path])
            .map(([, message]) => message),
        ];
        setFormError({
          message: Object.keys(fields).length > 0 ? "Please check the highlighted fields." : error.message,
          extra: Object.keys(fields).length > 0 ? extra : extra.filter((m) => m !== error.message),
        });
      } else {
        setFormError({ message: errorMessage(error), extra: [] });
      }
    }
  }

  async function doDelete() {
    if (!eventTypeId) return;
    setDeleting(true);
    setDeleteError(undefined);
    try {
      await api.delete(`/api/v1/event-types/${encodeURIComponent(eventTypeId)}`);
      router.push("/dashboard/event-types");
      router.refresh();
    } catch (error) {
      setDeleteError(errorMessage(error));
      setDeleting(false);
    }
  }

  if (loading) {
    return (
      <Card>
        <LoadingRows rows={4} label="Loading event type…" />
      </Card>
    );
  }
  if (loadError) {
    return (
      <Card className="space-y-4 p-5">
        <Alert tone="error" title={loadError.notFound ? "This event type doesn’t exist." : "The event type could not be loaded."}>
          {loadError.notFound ? "It may have been deleted." : loadError.message}
        </Alert>
        <ButtonLink href="/dashboard/event-types" variant="secondary">
          Back to event types
        </ButtonLink>
      </Card>
    );
  }

  const defaultSchedule = schedules?.find((s) => s.isDefault);
  const valueField = LOCATION_VALUE_LABELS[form.locationType];
  const durationError = err("durationMinutes");

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      {formError && (
        <Alert tone="error" title={formError.message}>
          {formError.extra.length > 0 && (
            <ul className="list-disc pl-5">
              {formError.extra.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}

      <Section title="Details" description="What guests see when they book.">
        <Field id="et-title" label="Title" error={err("title")}>
          <Input
            id="et-title"
            value={form.title}
            placeholder="30 minute meeting"
            maxLength={120}
            onChange={(e) =>
              update({ title: e.target.value, ...(form.slugEdited ? {} : { slug: slugify(e.target.value) }) }, "title", ...(form.slugEdited ? [] : ["slug"]))
            }
            invalid={!!err("title")}
            {...describedBy("et-title", { error: err("title") })}
          />
        </Field>
        <Field
          id="et-slug"
          label="URL slug"
          error={err("slug")}
          hint={
            <>
              Link: <span className="font-medium break-all text-slate-800">{`${publicBase.replace(/^https?:\/\//, "")}/${form.slug || "…"}`}</span>
            </>
          }
        >
          <Input
            id="et-slug"
            value={form.slug}
            autoCapitalize="none"
            spellCheck={false}
            maxLength={60}
            onChange={(e) => update({ slug: e.target.value.toLowerCase(), slugEdited: true }, "slug")}
            invalid={!!err("slug")}
            {...describedBy("et-slug", { error: err("slug"), hint: true })}
          />
        </Field>
        <Field id="et-description" label="Description" optional error={err("description")}>
          <Textarea
            id="et-description"
            rows={4}
            maxLength={5000}
            value={form.description}
            placeholder="What the meeting is about, what to prepare…"
            onChange={(e) => update({ description: e.target.value }, "description")}
            invalid={!!err("description")}
            {...describedBy("et-description", { error: err("description") })}
          />
        </Field>

        <fieldset>
          <legend className="mb-1.5 block text-sm font-medium text-slate-800">Duration</legend>
          <div className="flex flex-wrap gap-2">
            {[...DURATION_PRESETS.map(String), "custom"].map((option) => (
              <label key={option} className="cursor-pointer">
                <input
                  type="radio"
                  name="et-duration"
                  value={option}
                  checked={form.duration === option}
                  onChange={() => update({ duration: option }, "durationMinutes")}
                  className="peer sr-only"
                />
                <span className="inline-flex h-10 items-center rounded-lg border border-slate-300 bg-white px-4 text-sm font-medium text-slate-700 shadow-sm peer-checked:border-brand-600 peer-checked:bg-brand-50 peer-checked:text-brand-700 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 hover:bg-slate-50">
                  {option === "custom" ? "Custom" : `${option} min`}
                </span>
              </label>
            ))}
          </div>
          {form.duration === "custom" ? (
            <Field id="et-duration" label="Custom duration (minutes)" error={durationError} className="mt-3 max-w-48">
              <Input
                id="et-duration"
                type="number"
                inputMode="numeric"
                min={5}
                max={720}
                step={5}
                value={form.customDuration}
                onChange={(e) => update({ customDuration: e.target.value }, "durationMinutes")}
                invalid={!!durationError}
                {...describedBy("et-duration", { error: durationError })}
              />
            </Field>
          ) : (
            durationError && (
              <p id="et-duration" tabIndex={-1} className="mt-1.5 text-xs font-medium text-red-700">
                {durationError}
              </p>
            )
          )}
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-[minmax(0,14rem)_1fr]">
          <Field id="et-location-type" label="Location" error={err("location.type", "location")}>
            <Select
              id="et-location-type"
              value={form.locationType}
              onChange={(e) => update({ locationType: e.target.value as LocationType }, "location", "location.type", "location.value")}
              invalid={!!err("location.type", "location")}
              {...describedBy("et-location-type", { error: err("location.type", "location") })}
            >
              {LOCATION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {LOCATION_LABELS[t]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="et-location-value" label={valueField.label} error={err("location.value")} hint={valueField.hint}>
            <Input
              id="et-location-value"
              type={valueField.inputType}
              value={form.locationValues[form.locationType]}
              placeholder={valueField.placeholder}
              onChange={(e) =>
                update({ locationValues: { ...form.locationValues, [form.locationType]: e.target.value } }, "location.value", "location")
              }
              invalid={!!err("location.value")}
              {...describedBy("et-location-value", { error: err("location.value"), hint: true })}
            />
          </Field>
        </div>
      </Section>

      <Section title="Availability" description="When this meeting can be booked.">
        <Field
          id="et-schedule"
          label="Schedule"
          error={err("scheduleId")}
          hint="The weekly hours guests can pick from. “Default” follows whichever schedule is your default."
        >
          <Select
            id="et-schedule"
            value={form.scheduleId}
            onChange={(e) => update({ scheduleId: e.target.value }, "scheduleId")}
            invalid={!!err("scheduleId")}
            {...describedBy("et-schedule", { error: err("scheduleId"), hint: true })}
          >
            <option value="">Default schedule{defaultSchedule ? ` (${defaultSchedule.name})` : ""}</option>
            {schedules?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} — {s.timeZone.replace(/_/g, " ")}
              </option>
            ))}
          </Select>
        </Field>

        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <Field id="et-notice" label="Minimum notice" error={err("minimumNoticeMinutes")} hint="How soon before a meeting it can still be booked.">
              <div className="flex gap-2">
                <Input
                  id="et-notice"
                  type="number"
                  inputMode="numeric"
                  min={0}
                  value={form.noticeValue}
                  onChange={(e) => update({ noticeValue: e.target.value }, "minimumNoticeMinutes")}
                  invalid={!!err("minimumNoticeMinutes")}
                  className="w-28"
                  {...describedBy("et-notice", { error: err("minimumNoticeMinutes"), hint: true })}
                />
                <label htmlFor="et-notice-unit" className="sr-only">
                  Minimum notice unit
                </label>
                <Select
                  id="et-notice-unit"
                  value={form.noticeUnit}
                  onChange={(e) => update({ noticeUnit: e.target.value as NoticeUnit }, "minimumNoticeMinutes")}
                  className="w-32"
                >
                  <option value="minutes">minutes</option>
                  <option value="hours">hours</option>
                  <option value="days">days</option>
                </Select>
              </div>
            </Field>
          </div>
          <Field id="et-window" label="Booking window (days)" error={err("bookingWindowDays")} hint="How far into the future guests can book.">
            <Input
              id="et-window"
              type="number"
              inputMode="numeric"
              min={1}
              max={730}
              value={form.bookingWindowDays}
              onChange={(e) => update({ bookingWindowDays: e.target.value }, "bookingWindowDays")}
              invalid={!!err("bookingWindowDays")}
              {...describedBy("et-window", { error: err("bookingWindowDays"), hint: true })}
            />
          </Field>
          <Field id="et-buffer-before" label="Buffer before (minutes)" error={err("bufferBeforeMinutes")} hint="Free time kept before each meeting.">
            <Input
              id="et-buffer-before"
              type="number"
              inputMode="numeric"
              min={0}
              max={720}
              step={5}
              value={form.bufferBefore}
              onChange={(e) => update({ bufferBefore: e.target.value }, "bufferBeforeMinutes")}
              invalid={!!err("bufferBeforeMinutes")}
              {...describedBy("et-buffer-before", { error: err("bufferBeforeMinutes"), hint: true })}
            />
          </Field>
          <Field id="et-buffer-after" label="Buffer after (minutes)" error={err("bufferAfterMinutes")} hint="Free time kept after each meeting.">
            <Input
              id="et-buffer-after"
              type="number"
              inputMode="numeric"
              min={0}
              max={720}
              step={5}
              value={form.bufferAfter}
              onChange={(e) => update({ bufferAfter: e.target.value }, "bufferAfterMinutes")}
              invalid={!!err("bufferAfterMinutes")}
              {...describedBy("et-buffer-after", { error: err("bufferAfterMinutes"), hint: true })}
            />
          </Field>
        </div>
      </Section>

      <Section title="Visibility">
        <Switch
          id="et-hidden"
          checked={form.hidden}
          onChange={(hidden) => update({ hidden }, "hidden")}
          label="Hide from my public page"
          description="Hidden event types are not listed on your page; people with the direct link can still book them."
        />
      </Section>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center">
        {!isNew && (
          <Button variant="ghostDanger" className="sm:mr-auto" onClick={() => setConfirmDelete(true)}>
            Delete event type
          </Button>
        )}
        <div className="flex flex-col-reverse gap-3 sm:ml-auto sm:flex-row sm:items-center">
          {saved && (
            <p role="status" className="text-sm font-medium text-emerald-700">
              Changes saved.
            </p>
          )}
          <ButtonLink href="/dashboard/event-types" variant="secondary">
            {isNew ? "Cancel" : "Back"}
          </ButtonLink>
          <Button type="submit" loading={saving}>
            {isNew ? "Create event type" : "Save changes"}
          </Button>
        </div>
      </div>

      <Dialog
        open={confirmDelete}
        onClose={() => !deleting && setConfirmDelete(false)}
        title={`Delete “${form.title}”?`}
        description="Its booking link stops working at once. Meetings already booked stay in your bookings."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)} disabled={deleting}>
              Keep it
            </Button>
            <Button variant="danger" onClick={doDelete} loading={deleting}>
              Delete
            </Button>
          </>
        }
      >
        {deleteError && <Alert tone="error">{deleteError}</Alert>}
      </Dialog>
    </form>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <CardBody className="space-y-5">{children}</CardBody>
    </Card>
  );
}
