"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Switch, Textarea, describedBy } from "@/components/ui/field";
import { LoadingRows } from "@/components/ui/skeleton";
import type { BookingLimits, BookingWindow, StartAlignment } from "@/lib/availability/types";
import type { CalendarDto } from "@/lib/calendars/connection-dto";
import { isConferenceLocation, type ConferenceLocationType } from "@/lib/event-types/conference-location";
import { LOCATION_TYPES, MAX_SEATS_PER_SLOT, type EventTypeDto, type LocationType } from "@/lib/event-types/event-type-schema";
import { formatDuration } from "@/lib/time/format";
import type { ScheduleDto } from "@/lib/schedules/schedule-schema";
import { PROVIDER_NAMES } from "./calendars/provider-label";
import { CONFERENCE_HINTS, LOCATION_LABELS, LOCATION_VALUE_LABELS } from "./location";

const DURATION_PRESETS = [15, 30, 45, 60] as const;
/** Lengths a host can offer besides the default, with one click each. */
const ALTERNATIVE_PRESETS = [15, 30, 45, 60, 90, 120] as const;
const INTERVAL_CHOICES = [5, 10, 15, 20, 30, 45, 60, 90, 120] as const;
const NOTICE_UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
type NoticeUnit = keyof typeof NOTICE_UNITS;
const PERIODS = ["perDay", "perWeek", "perMonth"] as const;
type Period = (typeof PERIODS)[number];
const PERIOD_LABELS: Record<Period, string> = { perDay: "Per day", perWeek: "Per week", perMonth: "Per month" };
const PERIOD_NOUNS: Record<Period, string> = { perDay: "day", perWeek: "week", perMonth: "month" };
type WindowType = BookingWindow["type"];
/** Locations with a value the host types (Meet / Teams links are made per booking). */
type ValueLocationType = Exclude<LocationType, ConferenceLocationType>;
/** Which provider's calendar makes each kind of meeting link (the server checks this too). */
const CONFERENCE_PROVIDERS: Record<ConferenceLocationType, CalendarDto["provider"]> = { google_meet: "google", microsoft_teams: "microsoft" };

interface FormState {
  title: string;
  slug: string;
  slugEdited: boolean;
  description: string;
  duration: string; // a preset ("30") or "custom"
  customDuration: string;
  locationType: LocationType;
  /** One value per type, so switching type back and forth loses nothing. */
  locationValues: Record<ValueLocationType, string>;
  /** "" = the host's destination calendar (Settings → Calendars). */
  destinationCalendarId: string;
  scheduleId: string; // "" = the host's default schedule
  noticeValue: string;
  noticeUnit: NoticeUnit;
  bufferBefore: string;
  bufferAfter: string;
  /** Lengths guests may pick besides the default. */
  alternatives: number[];
  /** "" = every `duration` minutes. */
  slotInterval: string;
  alignStartsTo: StartAlignment;
  windowType: WindowType;
  /** Days of a rolling or calendar-days window (kept while a range is shown). */
  bookingWindowDays: string;
  windowStart: string;
  windowEnd: string;
  /** Blank = no limit. */
  limits: Record<Period, { count: string; minutes: string }>;
  hidden: boolean;
  /** Group event: several guests book the same meeting. */
  seatsOn: boolean;
  /** Seats per meeting; kept while seats are off so switching back restores it. */
  seats: string;
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
  destinationCalendarId: "",
  scheduleId: "",
  noticeValue: "2",
  noticeUnit: "hours",
  bufferBefore: "0",
  bufferAfter: "0",
  alternatives: [],
  slotInterval: "",
  alignStartsTo: "interval",
  windowType: "rolling",
  bookingWindowDays: "60",
  windowStart: "",
  windowEnd: "",
  limits: { perDay: { count: "", minutes: "" }, perWeek: { count: "", minutes: "" }, perMonth: { count: "", minutes: "" } },
  hidden: false,
  seatsOn: false,
  seats: "2",
};

/** Whether any "Advanced" setting differs from its default (the section then starts open). */
function hasAdvanced(s: FormState): boolean {
  return s.slotInterval !== "" || s.alignStartsTo !== "interval" || PERIODS.some((p) => s.limits[p].count !== "" || s.limits[p].minutes !== "");
}

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
    locationValues: "value" in dto.location ? { ...EMPTY.locationValues, [dto.location.type]: dto.location.value } : EMPTY.locationValues,
    destinationCalendarId: dto.destinationCalendarId ?? "",
    scheduleId: dto.scheduleId ?? "",
    noticeValue: notice.value,
    noticeUnit: notice.unit,
    bufferBefore: String(dto.bufferBeforeMinutes),
    bufferAfter: String(dto.bufferAfterMinutes),
    alternatives: dto.durationOptions.filter((m) => m !== dto.durationMinutes),
    slotInterval: dto.slotIntervalMinutes === null ? "" : String(dto.slotIntervalMinutes),
    alignStartsTo: dto.alignStartsTo,
    windowType: dto.bookingWindow.type,
    bookingWindowDays: dto.bookingWindow.type === "range" ? EMPTY.bookingWindowDays : String(dto.bookingWindow.days),
    windowStart: dto.bookingWindow.type === "range" ? dto.bookingWindow.start : "",
    windowEnd: dto.bookingWindow.type === "range" ? dto.bookingWindow.end : "",
    limits: Object.fromEntries(
      PERIODS.map((p) => [p, { count: dto.limits[p]?.count?.toString() ?? "", minutes: dto.limits[p]?.minutes?.toString() ?? "" }]),
    ) as FormState["limits"],
    hidden: dto.hidden,
    seatsOn: dto.seatsPerSlot !== null,
    seats: dto.seatsPerSlot === null ? EMPTY.seats : String(dto.seatsPerSlot),
  };
}

function durationOf(s: FormState): number {
  return s.duration === "custom" ? num(s.customDuration) : Number(s.duration);
}

/** Blank → NaN, which JSON sends as null, so the server names the field. */
function num(value: string): number {
  return value.trim() === "" ? Number.NaN : Number(value);
}

function toPayload(s: FormState) {
  const notice = num(s.noticeValue);
  const durationMinutes = durationOf(s);
  const limits: BookingLimits = {};
  for (const p of PERIODS) {
    const { count, minutes } = s.limits[p];
    if (count.trim() === "" && minutes.trim() === "") continue;
    limits[p] = { ...(count.trim() !== "" ? { count: num(count) } : {}), ...(minutes.trim() !== "" ? { minutes: num(minutes) } : {}) };
  }
  return {
    title: s.title,
    slug: s.slug,
    description: s.description,
    durationMinutes,
    // The default is always one of the options; the others are the host's extra picks.
    durationOptions: [...new Set([durationMinutes, ...s.alternatives])].sort((a, b) => a - b),
    location: isConferenceLocation(s.locationType) ? { type: s.locationType } : { type: s.locationType, value: s.locationValues[s.locationType] },
    destinationCalendarId: s.destinationCalendarId || null,
    scheduleId: s.scheduleId || null,
    minimumNoticeMinutes: Number.isNaN(notice) ? notice : Math.round(notice * NOTICE_UNITS[s.noticeUnit]),
    bufferBeforeMinutes: num(s.bufferBefore),
    bufferAfterMinutes: num(s.bufferAfter),
    slotIntervalMinutes: s.slotInterval === "" ? null : Number(s.slotInterval),
    alignStartsTo: s.alignStartsTo,
    bookingWindow:
      s.windowType === "range"
        ? { type: "range" as const, start: s.windowStart, end: s.windowEnd }
        : { type: s.windowType, days: num(s.bookingWindowDays) },
    limits,
    hidden: s.hidden,
    seatsPerSlot: s.seatsOn ? num(s.seats) : null,
  };
}

/**
 * What the API cannot say for the seats field: to it a blank (null) or 1 means
 * "one guest per meeting", which would quietly turn seats off while the switch
 * shows them on.
 */
function seatsProblem(s: FormState): string | undefined {
  if (!s.seatsOn) return undefined;
  const seats = num(s.seats);
  if (Number.isNaN(seats)) return "Enter how many guests can book each time, or turn seats off.";
  if (seats < 2) return "A group event has at least 2 seats; turn seats off for one guest per meeting.";
  return undefined;
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
  destinationCalendarId: "et-destination",
  minimumNoticeMinutes: "et-notice",
  bufferBeforeMinutes: "et-buffer-before",
  bufferAfterMinutes: "et-buffer-after",
  durationOptions: "et-also-offer",
  slotIntervalMinutes: "et-interval",
  alignStartsTo: "et-align-interval",
  bookingWindow: "et-window-type",
  "bookingWindow.type": "et-window-type",
  "bookingWindow.days": "et-window",
  bookingWindowDays: "et-window",
  "bookingWindow.start": "et-window-start",
  "bookingWindow.end": "et-window-end",
  limits: "et-limit-perDay-count",
  ...Object.fromEntries(
    PERIODS.flatMap((p) => [
      [`limits.${p}`, `et-limit-${p}-count`],
      [`limits.${p}.count`, `et-limit-${p}-count`],
      [`limits.${p}.minutes`, `et-limit-${p}-minutes`],
    ]),
  ),
  hidden: "et-hidden",
  seatsPerSlot: "et-seats",
};

/** API paths inside the Advanced section: an error there opens it. */
const ADVANCED_PATH = /^(slotIntervalMinutes|alignStartsTo|limits)/;

export function EventTypeForm({ eventTypeId, publicBase }: { eventTypeId?: string; publicBase: string }) {
  const router = useRouter();
  const isNew = !eventTypeId;
  const [form, setForm] = useState<FormState>(EMPTY);
  const [schedules, setSchedules] = useState<ScheduleDto[] | null>(null);
  const [calendars, setCalendars] = useState<CalendarDto[]>([]);
  const [loadError, setLoadError] = useState<{ message: string; notFound: boolean }>();
  const [loading, setLoading] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; extra: string[] }>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string>();
  const [advancedOpen, setAdvancedOpen] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      try {
        const [list, eventType, calendarList] = await Promise.all([
          api.get<ScheduleDto[]>("/api/v1/schedules", undefined, controller.signal),
          eventTypeId ? api.get<EventTypeDto>(`/api/v1/event-types/${encodeURIComponent(eventTypeId)}`, undefined, controller.signal) : null,
          api.get<CalendarDto[]>("/api/v1/calendars", undefined, controller.signal),
        ]);
        setSchedules(list);
        setCalendars(calendarList);
        if (eventType) {
          const loaded = fromDto(eventType);
          setForm(loaded);
          setAdvancedOpen(hasAdvanced(loaded));
        }
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
    const seatsError = seatsProblem(form);
    if (seatsError) {
      setSaving(false);
      setErrors({ seatsPerSlot: seatsError });
      setFormError({ message: "Please check the highlighted fields.", extra: [] });
      return;
    }
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
        // A problem inside the Advanced section must be visible (and focusable) to be fixed.
        if (Object.keys(fields).some((path) => ADVANCED_PATH.test(path))) setAdvancedOpen(true);
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
  const conference = isConferenceLocation(form.locationType) ? form.locationType : null;
  const valueField = conference ? null : LOCATION_VALUE_LABELS[form.locationType as ValueLocationType];
  const hostDestination = calendars.find((c) => c.isDestination);
  const writable = calendars.filter((c) => c.canWrite);
  const destination = form.destinationCalendarId ? calendars.find((c) => c.id === form.destinationCalendarId) : hostDestination;
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

        <AlsoOffer
          defaultMinutes={durationOf(form)}
          alternatives={form.alternatives}
          onChange={(alternatives) => update({ alternatives }, "durationOptions")}
          error={err("durationOptions")}
        />

        <div className="grid gap-4 sm:grid-cols-[minmax(0,14rem)_1fr]">
          <Field id="et-location-type" label="Location" error={err("location.type", "location")}>
            <Select
              id="et-location-type"
              value={form.locationType}
              onChange={(e) => update({ locationType: e.target.value as LocationType }, "location", "location.type", "location.value")}
              invalid={!!err("location.type", "location")}
              {...describedBy("et-location-type", { error: err("location.type", "location") })}
              // Without an error, a Meet / Teams choice is described by its note beside it.
              {...(conference && !err("location.type", "location") ? { "aria-describedby": "et-location-note" } : {})}
            >
              {LOCATION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {LOCATION_LABELS[t]}
                </option>
              ))}
            </Select>
          </Field>
          {valueField ? (
            <Field id="et-location-value" label={valueField.label} error={err("location.value")} hint={valueField.hint}>
              <Input
                id="et-location-value"
                type={valueField.inputType}
                value={form.locationValues[form.locationType as ValueLocationType]}
                placeholder={valueField.placeholder}
                onChange={(e) =>
                  update({ locationValues: { ...form.locationValues, [form.locationType]: e.target.value } }, "location.value", "location")
                }
                invalid={!!err("location.value")}
                {...describedBy("et-location-value", { error: err("location.value"), hint: true })}
              />
            </Field>
          ) : (
            conference && <ConferenceNote conference={conference} destination={destination} />
          )}
        </div>

        <Field
          id="et-destination"
          label="Add bookings to"
          error={err("destinationCalendarId")}
          hint={
            writable.length === 0 ? (
              <>
                No calendar is connected. <a href="/dashboard/settings/calendars" className="font-medium text-brand-700 underline underline-offset-2">Connect one</a> to have bookings added to it.
              </>
            ) : (
              "The calendar each booking of this type is written to, with its meeting link. Your default is set in Settings → Calendars."
            )
          }
        >
          <Select
            id="et-destination"
            value={form.destinationCalendarId}
            onChange={(e) => update({ destinationCalendarId: e.target.value }, "destinationCalendarId", "location.type")}
            invalid={!!err("destinationCalendarId")}
            {...describedBy("et-destination", { error: err("destinationCalendarId"), hint: true })}
          >
            <option value="">{hostDestination ? `My default calendar (${hostDestination.name})` : "My default calendar (none chosen: bookings are not added)"}</option>
            {writable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {PROVIDER_NAMES[c.provider]}
              </option>
            ))}
            {/* A stored choice that is no longer writable still shows, so saving does not silently change it. */}
            {form.destinationCalendarId && !writable.some((c) => c.id === form.destinationCalendarId) && (
              <option value={form.destinationCalendarId}>{destination ? `${destination.name} (read-only)` : "A calendar that is no longer connected"}</option>
            )}
          </Select>
        </Field>
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
          <BookingWindowField form={form} update={update} err={err} />
          <div className="sm:col-span-2">
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

      <Section title="Seats" description="One meeting for several guests, like a class, a workshop or a webinar.">
        <SeatsField form={form} update={update} error={err("seatsPerSlot")} />
      </Section>

      <Section title="Advanced" description="Start times, and how much can be booked." collapsible open={advancedOpen} onToggle={setAdvancedOpen}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="et-interval"
            label="Start times every"
            error={err("slotIntervalMinutes")}
            hint="How far apart the times guests can pick are, whatever the meeting’s length."
          >
            <Select
              id="et-interval"
              value={form.slotInterval}
              onChange={(e) => update({ slotInterval: e.target.value }, "slotIntervalMinutes")}
              invalid={!!err("slotIntervalMinutes")}
              {...describedBy("et-interval", { error: err("slotIntervalMinutes"), hint: true })}
            >
              <option value="">Length of the meeting</option>
              {[...new Set([...INTERVAL_CHOICES, ...(form.slotInterval ? [Number(form.slotInterval)] : [])])]
                .sort((a, b) => a - b)
                .map((m) => (
                  <option key={m} value={String(m)}>
                    {formatDuration(m)}
                  </option>
                ))}
            </Select>
          </Field>
          <fieldset>
            <legend className="mb-1.5 block text-sm font-medium text-slate-800">Start times line up with</legend>
            <div className="space-y-2">
              {(
                [
                  ["interval", "The start of your hours", "09:10–12:00 every 20 min: 9:10, 9:30, 9:50 …"],
                  ["hour", "The clock (:00, :15, :30 …)", "09:10–12:00 every 20 min: 9:20, 9:40, 10:00 …"],
                ] as const
              ).map(([value, label, example]) => (
                <label key={value} className="flex cursor-pointer items-start gap-2.5 text-sm text-slate-800">
                  <input
                    id={`et-align-${value}`}
                    type="radio"
                    name="et-align"
                    value={value}
                    checked={form.alignStartsTo === value}
                    onChange={() => update({ alignStartsTo: value }, "alignStartsTo")}
                    aria-describedby={`et-align-${value}-example`}
                    className="mt-0.5 size-4 accent-brand-600"
                  />
                  <span>
                    {label}
                    <span id={`et-align-${value}-example`} className="block text-xs text-slate-600">
                      {example}
                    </span>
                  </span>
                </label>
              ))}
            </div>
            {err("alignStartsTo") && <p className="mt-1.5 text-xs font-medium text-red-700">{err("alignStartsTo")}</p>}
          </fieldset>
        </div>

        <LimitsTable limits={form.limits} onChange={(limits, path) => update({ limits }, path, "limits", path.replace(/\.(count|minutes)$/, ""))} err={err} />
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

/**
 * What a Meet / Teams location does, and whether the calendar bookings go to
 * can make its link (the server refuses a mismatch; saying so here first).
 */
function ConferenceNote({ conference, destination }: { conference: ConferenceLocationType; destination: CalendarDto | undefined }) {
  const provider = CONFERENCE_PROVIDERS[conference];
  const fits = destination?.provider === provider;
  return (
    <div id="et-location-note" className="space-y-2 sm:pt-7">
      <p className="text-xs text-slate-600">{CONFERENCE_HINTS[conference]}</p>
      {!fits && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
          {destination
            ? `Bookings go to “${destination.name}”, a ${PROVIDER_NAMES[destination.provider]} calendar. Choose a ${PROVIDER_NAMES[provider]} calendar below.`
            : `No destination calendar yet. Connect a ${PROVIDER_NAMES[provider]} account in Settings → Calendars, or choose one of its calendars below.`}
        </p>
      )}
    </div>
  );
}

function Section({
  title,
  description,
  children,
  collapsible,
  open = true,
  onToggle,
}: {
  title: string;
  description?: string;
  children: ReactNode;
  /** A disclosure: the header is a button showing or hiding the body. */
  collapsible?: boolean;
  open?: boolean;
  onToggle?: (open: boolean) => void;
}) {
  const bodyId = useId();
  if (!collapsible) {
    return (
      <Card>
        <CardHeader title={title} description={description} />
        <CardBody className="space-y-5">{children}</CardBody>
      </Card>
    );
  }
  return (
    <Card>
      <h2>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => onToggle?.(!open)}
          className={`flex w-full items-center justify-between gap-3 px-5 py-4 text-left focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-600 ${open ? "border-b border-slate-200" : ""} rounded-xl`}
        >
          <span className="min-w-0">
            <span className="block text-base font-semibold text-slate-900">{title}</span>
            {description && <span className="mt-0.5 block text-sm text-slate-600">{description}</span>}
          </span>
          <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={`size-5 shrink-0 text-slate-500 transition-transform ${open ? "rotate-180" : ""}`}>
            <path fillRule="evenodd" d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z" clipRule="evenodd" />
          </svg>
        </button>
      </h2>
      <CardBody id={bodyId} hidden={!open} className="space-y-5">
        {children}
      </CardBody>
    </Card>
  );
}

/** Checkboxes for the lengths guests may pick besides the default one. */
function AlsoOffer({
  defaultMinutes,
  alternatives,
  onChange,
  error,
}: {
  defaultMinutes: number;
  alternatives: number[];
  onChange: (alternatives: number[]) => void;
  error?: string;
}) {
  // Presets, plus any other length already offered (set through the API).
  const choices = [...new Set([...ALTERNATIVE_PRESETS, ...alternatives])].filter((m) => m !== defaultMinutes).sort((a, b) => a - b);
  return (
    <fieldset aria-describedby={error ? "et-also-offer-error" : "et-also-offer-hint"}>
      <legend className="mb-1.5 block text-sm font-medium text-slate-800">
        Guests can also choose <span className="font-normal text-slate-500">(optional)</span>
      </legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {choices.map((m, i) => (
          <label key={m} className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-800">
            <input
              id={i === 0 ? "et-also-offer" : undefined}
              type="checkbox"
              checked={alternatives.includes(m)}
              onChange={(e) => onChange(e.target.checked ? [...alternatives, m] : alternatives.filter((x) => x !== m))}
              className="size-4 rounded accent-brand-600"
            />
            {m} min
          </label>
        ))}
      </div>
      {error ? (
        <p id="et-also-offer-error" className="mt-1.5 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : (
        <p id="et-also-offer-hint" className="mt-1.5 text-xs text-slate-600">
          {alternatives.filter((m) => m !== defaultMinutes).length > 0
            ? "Guests pick a length before they pick a time; the duration above is preselected."
            : "Leave all unchecked to offer only the duration above."}
        </p>
      )}
    </fieldset>
  );
}

type Update = (patch: Partial<FormState>, ...clear: string[]) => void;
type Err = (...paths: string[]) => string | undefined;

/** How far ahead guests can book: a rolling number of days, whole calendar days, or fixed dates. */
function BookingWindowField({ form, update, err }: { form: FormState; update: Update; err: Err }) {
  const clear = ["bookingWindow", "bookingWindow.type", "bookingWindow.days", "bookingWindow.start", "bookingWindow.end", "bookingWindowDays"];
  const daysError = err("bookingWindow.days", "bookingWindowDays");
  return (
    <div className="space-y-3 sm:col-span-2">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="et-window-type"
          label="Booking window"
          error={err("bookingWindow.type", "bookingWindow")}
          hint={
            form.windowType === "rolling"
              ? "A moving window: from now, this many days ahead (to the minute)."
              : form.windowType === "calendar_days"
                ? "Today counts as day 1; the window closes at midnight of the last day (your schedule’s zone)."
                : "Only these dates, inclusive, in your schedule’s time zone."
          }
        >
          <Select
            id="et-window-type"
            value={form.windowType}
            onChange={(e) => update({ windowType: e.target.value as WindowType }, ...clear)}
            invalid={!!err("bookingWindow.type", "bookingWindow")}
            {...describedBy("et-window-type", { error: err("bookingWindow.type", "bookingWindow"), hint: true })}
          >
            <option value="rolling">Rolling days into the future</option>
            <option value="calendar_days">Calendar days, ending at midnight</option>
            <option value="range">A fixed date range</option>
          </Select>
        </Field>
        {form.windowType === "range" ? (
          <div className="grid grid-cols-2 gap-3">
            <Field id="et-window-start" label="First date" error={err("bookingWindow.start")}>
              <Input
                id="et-window-start"
                type="date"
                value={form.windowStart}
                onChange={(e) => update({ windowStart: e.target.value }, ...clear)}
                invalid={!!err("bookingWindow.start")}
                {...describedBy("et-window-start", { error: err("bookingWindow.start") })}
              />
            </Field>
            <Field id="et-window-end" label="Last date" error={err("bookingWindow.end")}>
              <Input
                id="et-window-end"
                type="date"
                min={form.windowStart || undefined}
                value={form.windowEnd}
                onChange={(e) => update({ windowEnd: e.target.value }, ...clear)}
                invalid={!!err("bookingWindow.end")}
                {...describedBy("et-window-end", { error: err("bookingWindow.end") })}
              />
            </Field>
          </div>
        ) : (
          <Field id="et-window" label="Days" error={daysError}>
            <Input
              id="et-window"
              type="number"
              inputMode="numeric"
              min={1}
              max={730}
              value={form.bookingWindowDays}
              onChange={(e) => update({ bookingWindowDays: e.target.value }, ...clear)}
              invalid={!!daysError}
              className="w-28"
              {...describedBy("et-window", { error: daysError })}
            />
          </Field>
        )}
      </div>
    </div>
  );
}

/** The group-event switch and, when on, how many guests share each meeting. */
function SeatsField({ form, update, error }: { form: FormState; update: Update; error?: string }) {
  return (
    <div className="space-y-4">
      <Switch
        id="et-seats-on"
        checked={form.seatsOn}
        onChange={(seatsOn) => update({ seatsOn }, "seatsPerSlot")}
        label="Let several guests book the same time"
        description="Each guest books a seat of their own; a time stays bookable until every seat is taken."
      />
      {form.seatsOn && (
        <Field
          id="et-seats"
          label="Seats per time slot"
          error={error}
          hint="Guests see how many spots are left. Limits count each meeting once, however many guests join."
          className="sm:pl-14"
        >
          <Input
            id="et-seats"
            type="number"
            inputMode="numeric"
            min={2}
            max={MAX_SEATS_PER_SLOT}
            step={1}
            value={form.seats}
            onChange={(e) => update({ seats: e.target.value }, "seatsPerSlot")}
            invalid={!!error}
            className="w-28"
            {...describedBy("et-seats", { error, hint: true })}
          />
        </Field>
      )}
    </div>
  );
}

/** Per day / week / month: most bookings and most booked minutes of this event type. */
function LimitsTable({
  limits,
  onChange,
  err,
}: {
  limits: FormState["limits"];
  onChange: (limits: FormState["limits"], path: string) => void;
  err: Err;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-800">Limits</legend>
      <p id="et-limits-hint" className="mt-0.5 text-xs text-slate-600">
        For this event type, counted in your schedule’s time zone (weeks start on Monday). Leave blank for no limit.
      </p>
      <div className="mt-3 space-y-3">
        {PERIODS.map((p) => {
          const countError = err(`limits.${p}.count`, `limits.${p}`);
          const minutesError = err(`limits.${p}.minutes`);
          return (
            <div key={p} className="grid grid-cols-2 gap-3 sm:grid-cols-[7rem_1fr_1fr] sm:items-start">
              <p id={`et-limit-${p}-label`} className="col-span-2 text-sm font-medium text-slate-700 sm:col-span-1 sm:pt-2">
                {PERIOD_LABELS[p]}
              </p>
              {(["count", "minutes"] as const).map((field) => {
                const id = `et-limit-${p}-${field}`;
                const error = field === "count" ? countError : minutesError;
                return (
                  <div key={field}>
                    <label htmlFor={id} className="mb-1 block text-xs text-slate-600">
                      {field === "count" ? "Max. bookings" : "Max. booked minutes"}
                      {/* The row's period is visible beside it; the name says it too. */}
                      <span className="sr-only"> per {PERIOD_NOUNS[p]}</span>
                    </label>
                    <Input
                      id={id}
                      type="number"
                      inputMode="numeric"
                      min={field === "count" ? 1 : 5}
                      step={field === "count" ? 1 : 5}
                      placeholder="No limit"
                      value={limits[p][field]}
                      onChange={(e) => onChange({ ...limits, [p]: { ...limits[p], [field]: e.target.value } }, `limits.${p}.${field}`)}
                      invalid={!!error}
                      {...describedBy(id, { error })}
                    />
                    {error && (
                      <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
                        {error}
                      </p>
                    )}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
