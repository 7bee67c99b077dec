"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { LOCATION_LABELS, LocationIcon } from "@/components/dashboard/location";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { browserTimeZone } from "@/components/ui/time-zone-select";
import type { SlotDto, SlotsByDay } from "@/lib/availability/group-slots-by-day";
import type { BookingDto } from "@/lib/booking/booking-dto";
import type { BookingWindow } from "@/lib/availability/types";
import type { LocationType } from "@/lib/event-types/event-type-schema";
import { addDays, todayIn } from "@/lib/time";
import {
  addMonths,
  compareMonths,
  firstOfMonth,
  lastOfMonth,
  monthKey,
  monthOf,
  type YearMonth,
} from "@/lib/time/calendar-month";
import {
  formatCalendarDate,
  formatDuration,
  formatLongDate,
  formatMeeting,
  formatMonthName,
  formatMonthYear,
  formatTimeRange,
} from "@/lib/time/format";
import { CalendarIcon, ClockIcon, GlobeIcon, Initials, UsersIcon } from "./icons";
import { BookingForm, type GuestDetailErrors, type GuestDetails } from "./booking-form";
import { HourCycleToggle } from "./hour-cycle-toggle";
import { availabilityPhrase, MonthCalendar } from "./month-calendar";
import { TimeSlotList } from "./time-slot-list";
import { TimeZonePicker } from "./time-zone-picker";
import { useHourCyclePreference } from "@/components/use-hour-cycle";

/** What the booking page may show of an event type before anyone has booked. */
export interface BookableEventType {
  slug: string;
  title: string;
  description: string;
  /** The default length. */
  durationMinutes: number;
  /** Every length a guest may pick (sorted, includes the default); more than one shows a picker. */
  durationOptions: number[];
  locationType: LocationType;
  bookingWindow: BookingWindow;
  /** Group events: guests per meeting (null = one). */
  seatsPerSlot: number | null;
}

export interface BookingPageProps {
  host: { name: string; username: string };
  eventType: BookableEventType;
  /** Present when a guest came from their "Reschedule" link. */
  reschedule: { uid: string; token: string } | null;
}

interface SlotsResponse {
  timeZone: string;
  durationMinutes: number;
  slots: SlotsByDay;
  fullyBooked: string[];
  calendarSyncPending?: boolean;
}

/** One month view's answer: free times per day, and the days every time of which is taken. */
interface MonthSlots {
  slots: SlotsByDay;
  fullyBooked: ReadonlySet<string>;
  /** The host's calendars are still being read for the first time: nothing can be offered yet. */
  calendarSyncPending: boolean;
}

/**
 * The guest's last and first bookable dates, as bounds for fetching and for
 * the calendar. The engine decides exactly, in the host's zone; here the
 * guest's zone can put that a day later, so range ends get a day's slack.
 */
function windowDates(window: BookingWindow, today: string): { first: string; last: string } {
  if (window.type === "range") {
    return { first: window.start > today ? addDays(window.start, -1) : today, last: addDays(window.end, 1) };
  }
  return { first: today, last: addDays(today, window.days) };
}

/** "up to 60 days ahead" / "from December 1 to December 24, 2026". */
function windowPhrase(window: BookingWindow): string {
  if (window.type === "range") {
    return `from ${formatCalendarDate(window.start, { weekday: false })} to ${formatCalendarDate(window.end, { year: true, weekday: false })}`;
  }
  return `up to ${window.days} ${window.days === 1 ? "day" : "days"} ahead`;
}

const SLOT_TAKEN = "That time was just taken — pick another";

const neverChanges = () => () => {};

/** 0 = Monday … 6 = Sunday, from the browser locale's week (Sunday for en-US). */
function browserWeekStart(): number {
  try {
    const locale = new Intl.Locale(navigator.language) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    const firstDay = locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay;
    if (firstDay) return firstDay - 1;
    return navigator.language.startsWith("en-US") ? 6 : 0;
  } catch {
    return 6;
  }
}

/** crypto.randomUUID only exists in secure contexts; a self-hosted instance may be plain http. */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The path + query of an absolute URL from the API, for client-side navigation. */
function pathOf(url: string): string {
  const parsed = new URL(url, window.location.origin);
  return parsed.pathname + parsed.search;
}

function firstFreeDay(slots: SlotsByDay): string | null {
  return (
    Object.keys(slots)
      .sort()
      .find((day) => slots[day].length > 0) ?? null
  );
}

function inMonth(date: string, month: YearMonth): boolean {
  return date >= firstOfMonth(month) && date <= lastOfMonth(month);
}

/**
 * The guest's booking flow: pick a day, pick a time, give name and email (or,
 * when rescheduling, just confirm the new time). Slots come from the public
 * slots API one month at a time, in the guest's own zone.
 */
export function BookingPage({ host, eventType, reschedule }: BookingPageProps) {
  const router = useRouter();
  const headingIds = { times: useId(), details: useId() };

  // Browser-only facts: null/defaults on the server, real values after hydration.
  const detectedZone = useSyncExternalStore(neverChanges, browserTimeZone, () => null);
  const weekStart = useSyncExternalStore(neverChanges, browserWeekStart, () => 6);
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  const zone = chosenZone ?? detectedZone;
  const [hourCycle, setHourCycle] = useHourCyclePreference();

  const today = zone ? todayIn(zone) : null;
  // Rolling and calendar windows end by today + N days in the guest's zone; a
  // date range may also begin later than today (the calendar opens there).
  const bookable = today ? windowDates(eventType.bookingWindow, today) : null;
  const windowEnd = bookable?.last ?? null;

  // The meeting length the guest picked (the default until they pick).
  const [chosenDuration, setChosenDuration] = useState<number | null>(null);
  const duration = chosenDuration ?? eventType.durationMinutes;

  const [chosenMonth, setChosenMonth] = useState<YearMonth | null>(null);
  const month = chosenMonth ?? (bookable ? monthOf(bookable.first) : null);
  const [selectedDate, setSelectedDate] = useState<string | null>(null);

  // Slots per zone + month. The cache lets "Jump to next available day" hand its
  // finds to the month view without asking twice; a taken slot clears it.
  const cache = useRef(new Map<string, MonthSlots>());
  const [reloads, setReloads] = useState(0);
  const [loaded, setLoaded] = useState<{ key: string; month: MonthSlots } | null>(null);
  const [loadError, setLoadError] = useState<{ key: string; message: string } | null>(null);
  const viewKey = zone && month ? `${zone}|${duration}|${monthKey(month)}` : null;
  const slots = loaded && loaded.key === viewKey ? loaded.month.slots : null;
  const fullyBooked = loaded && loaded.key === viewKey ? loaded.month.fullyBooked : null;
  const calendarSyncPending = loaded && loaded.key === viewKey ? loaded.month.calendarSyncPending : false;
  const error = loadError && loadError.key === viewKey ? loadError.message : null;

  const [picked, setPicked] = useState<SlotDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [jumping, setJumping] = useState(false);
  const [jumpFoundNothing, setJumpFoundNothing] = useState<string | null>(null);

  const [details, setDetails] = useState<GuestDetails>({ name: "", email: "", notes: "" });
  const [fieldErrors, setFieldErrors] = useState<GuestDetailErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null);

  const [oldBooking, setOldBooking] = useState<BookingDto | null>(null);
  const [oldBookingError, setOldBookingError] = useState<string | null>(null);

  const detailsHeading = useRef<HTMLHeadingElement>(null);
  const timesHeading = useRef<HTMLHeadingElement>(null);
  const lastPickedStart = useRef<string | null>(null);
  const focusTimesNext = useRef(false);
  const timesColumn = useRef<HTMLDivElement>(null);
  const revealTimesNext = useRef(false);

  async function fetchMonth(m: YearMonth, z: string, minutes: number, signal?: AbortSignal): Promise<MonthSlots> {
    const bounds = windowDates(eventType.bookingWindow, todayIn(z));
    const start = firstOfMonth(m) < bounds.first ? bounds.first : firstOfMonth(m);
    const end = lastOfMonth(m) > bounds.last ? bounds.last : lastOfMonth(m);
    if (start > end) return { slots: {}, fullyBooked: new Set(), calendarSyncPending: false };
    const response = await api.get<SlotsResponse>(
      "/api/v1/slots",
      {
        username: host.username,
        eventSlug: eventType.slug,
        start,
        end,
        timeZone: z,
        rescheduleUid: reschedule?.uid,
        // Only when there is a choice: links and caches stay as they were for single-length events.
        duration: eventType.durationOptions.length > 1 ? minutes : undefined,
      },
      signal,
    );
    return { slots: response.slots, fullyBooked: new Set(response.fullyBooked), calendarSyncPending: response.calendarSyncPending === true };
  }

  // One request per month view (and again after a zone change or a taken slot).
  useEffect(() => {
    if (!zone || !month || !viewKey) return;
    const cached = cache.current.get(viewKey);
    if (cached) {
      setLoaded({ key: viewKey, month: cached });
      return;
    }
    const controller = new AbortController();
    setLoadError(null);
    fetchMonth(month, zone, duration, controller.signal)
      .then((result) => {
        cache.current.set(viewKey, result);
        setLoaded({ key: viewKey, month: result });
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setLoadError({ key: viewKey, message: errorMessage(e) });
      });
    return () => controller.abort();
    // fetchMonth reads only values that viewKey already captures.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewKey, reloads]);

  useEffect(() => {
    if (!reschedule) return;
    const controller = new AbortController();
    api
      .get<BookingDto>(`/api/v1/bookings/${encodeURIComponent(reschedule.uid)}`, { token: reschedule.token }, controller.signal)
      .then((booking) => {
        setOldBooking(booking);
        // A new time for the same meeting: its length stays, while it is still offered.
        const minutes = Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000);
        if (eventType.durationOptions.includes(minutes)) setChosenDuration((current) => current ?? minutes);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setOldBookingError(
          e instanceof ApiError && e.status === 404
            ? "This reschedule link is not valid. It may be mistyped, or the booking no longer exists."
            : errorMessage(e),
        );
      });
    return () => controller.abort();
    // The uid and token are the whole identity of `reschedule`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reschedule?.uid, reschedule?.token]);

  // Focus follows the step: into the details panel, and back to the time that was chosen.
  useEffect(() => {
    if (picked) {
      detailsHeading.current?.focus();
    } else if (focusTimesNext.current) {
      focusTimesNext.current = false;
      const button = lastPickedStart.current
        ? document.querySelector<HTMLButtonElement>(`[data-slot-start="${CSS.escape(lastPickedStart.current)}"]`)
        : null;
      (button ?? timesHeading.current)?.focus();
    }
  }, [picked]);

  // After "Jump to next available day", take the keyboard to the day's times.
  useEffect(() => {
    if (slots && focusTimesNext.current && !picked) {
      focusTimesNext.current = false;
      timesHeading.current?.focus();
    }
  }, [slots, picked]);

  // On phones the times sit below the calendar: bring them into view after a
  // day is picked (a no-op on wide screens, where they are beside it).
  useEffect(() => {
    if (!revealTimesNext.current) return;
    revealTimesNext.current = false;
    const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    timesColumn.current?.scrollIntoView({ block: "nearest", behavior: reduceMotion ? "auto" : "smooth" });
  }, [selectedDate]);

  const freeDay = slots ? firstFreeDay(slots) : null;
  const activeDate = slots && month ? (selectedDate && inMonth(selectedDate, month) ? selectedDate : freeDay) : null;
  const daySlots = activeDate && slots ? (slots[activeDate] ?? []) : [];
  const canGoPrevious = Boolean(month && bookable && compareMonths(month, monthOf(bookable.first)) > 0);
  const canGoNext = Boolean(month && windowEnd && firstOfMonth(addMonths(month, 1)) <= windowEnd);

  function goToMonth(m: YearMonth) {
    setChosenMonth(m);
    setNotice(null);
    setJumpFoundNothing(null);
  }

  function chooseDuration(minutes: number) {
    if (minutes === duration) return;
    setChosenDuration(minutes);
    setPicked(null);
    setNotice(null);
    setJumpFoundNothing(null);
  }

  function pick(slot: SlotDto) {
    lastPickedStart.current = slot.start;
    setPicked(slot);
    setNotice(null);
    setFieldErrors({});
    setFormError(null);
  }

  function back() {
    focusTimesNext.current = true;
    setPicked(null);
    setFormError(null);
  }

  function slotWasTaken() {
    cache.current.clear();
    setReloads((n) => n + 1);
    lastPickedStart.current = null;
    focusTimesNext.current = true;
    setPicked(null);
    setNotice(SLOT_TAKEN);
  }

  async function jumpToNextAvailable() {
    if (!zone || !month || !windowEnd) return;
    setJumping(true);
    setJumpFoundNothing(null);
    try {
      for (let m = addMonths(month, 1); firstOfMonth(m) <= windowEnd; m = addMonths(m, 1)) {
        const key = `${zone}|${duration}|${monthKey(m)}`;
        let found = cache.current.get(key);
        if (!found) {
          found = await fetchMonth(m, zone, duration);
          cache.current.set(key, found);
        }
        const day = firstFreeDay(found.slots);
        if (day) {
          focusTimesNext.current = true;
          setChosenMonth(m);
          setSelectedDate(day);
          setNotice(null);
          return;
        }
      }
      setJumpFoundNothing(viewKey);
    } catch (e) {
      if (viewKey) setLoadError({ key: viewKey, message: errorMessage(e) });
    } finally {
      setJumping(false);
    }
  }

  async function confirmBooking() {
    if (!picked || !zone) return;
    const payload = {
      username: host.username,
      eventSlug: eventType.slug,
      start: picked.start,
      durationMinutes: duration,
      attendee: { name: details.name, email: details.email, timeZone: zone },
      notes: details.notes.trim() === "" ? null : details.notes,
    };
    // One key per attempt: resending the same request (a retry after a lost
    // answer) reuses it and gets the same booking; changed input is a new attempt.
    const fingerprint = JSON.stringify(payload);
    if (attempt.current?.fingerprint !== fingerprint) attempt.current = { fingerprint, key: newIdempotencyKey() };
    setSubmitting(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const booking = await api.post<BookingDto>("/api/v1/bookings", { ...payload, idempotencyKey: attempt.current.key });
      router.push(booking.manageUrl ? pathOf(booking.manageUrl) : `/booking/${encodeURIComponent(booking.uid)}`);
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.code === "slot_unavailable") return slotWasTaken();
      if (e instanceof ApiError && e.code === "validation_error") {
        const byPath = e.fieldErrors();
        const mine: Record<string, keyof GuestDetails> = { "attendee.name": "name", "attendee.email": "email", notes: "notes" };
        const errors: GuestDetailErrors = {};
        const others: string[] = [...e.generalErrors()];
        for (const [path, message] of Object.entries(byPath)) {
          if (mine[path]) errors[mine[path]] = message;
          else others.push(message);
        }
        setFieldErrors(errors);
        setFormError(others.length > 0 ? others.join(" ") : Object.keys(errors).length === 0 ? e.message : null);
        return;
      }
      setFormError(errorMessage(e));
    }
  }

  async function confirmReschedule() {
    if (!picked || !reschedule) return;
    setSubmitting(true);
    setFormError(null);
    try {
      const booking = await api.post<BookingDto>(`/api/v1/bookings/${encodeURIComponent(reschedule.uid)}/reschedule`, {
        start: picked.start,
        durationMinutes: duration,
        token: reschedule.token,
      });
      router.push(
        booking.manageUrl
          ? pathOf(booking.manageUrl)
          : `/booking/${encodeURIComponent(reschedule.uid)}?token=${encodeURIComponent(reschedule.token)}`,
      );
    } catch (e) {
      setSubmitting(false);
      if (e instanceof ApiError && e.code === "slot_unavailable") return slotWasTaken();
      setFormError(errorMessage(e));
    }
  }

  const liveMessage = !zone || !month
    ? ""
    : error
      ? ""
      : slots === null
        ? `Loading available times for ${formatMonthYear(month.year, month.month)}…`
        : calendarSyncPending
          ? "No times are available yet."
          : freeDay === null
          ? `No free times in ${formatMonthName(month.month)}.`
          : activeDate
            ? `${formatCalendarDate(activeDate)}: ${daySlots.length === 0 && fullyBooked?.has(activeDate) ? "fully booked" : availabilityPhrase(daySlots.length)}.`
            : "";

  const windowText = windowPhrase(eventType.bookingWindow);

  const rescheduleBlocked =
    reschedule && (oldBookingError || oldBooking?.status === "cancelled")
      ? oldBookingError ?? "This booking was cancelled, so it can no longer be rescheduled."
      : null;

  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
      {reschedule && !rescheduleBlocked && (
        <div role="status" className="flex items-start gap-3 border-b border-amber-200 bg-amber-50 px-5 py-3 text-sm text-amber-900 sm:px-8">
          <CalendarIcon className="mt-0.5 size-4 shrink-0" />
          <p>
            {oldBooking && zone ? (
              <>
                Rescheduling your booking of{" "}
                <strong className="font-semibold">{formatMeeting(oldBooking.start, oldBooking.end, zone, hourCycle)}</strong>
                . Pick a new time below; the old one stays yours until the new one is confirmed.
              </>
            ) : (
              "Loading the booking you are rescheduling…"
            )}
          </p>
        </div>
      )}

      <div className="grid lg:grid-cols-[minmax(0,19rem)_minmax(0,1fr)]">
        <EventSummary
          host={host}
          eventType={eventType}
          zone={zone}
          duration={duration}
          // The length is part of the chosen time: fixed once a time is picked.
          onDurationChange={picked ? undefined : chooseDuration}
        />

        <section className="min-w-0 px-5 py-6 sm:px-8 sm:py-8" aria-label="Booking">
          <div aria-live="polite" role="status" className="sr-only">
            {liveMessage}
          </div>

          {rescheduleBlocked ? (
            <div className="mx-auto max-w-md py-10 text-center">
              <h2 className="text-lg font-semibold text-slate-900">This booking can’t be rescheduled</h2>
              <p className="mt-2 text-sm text-slate-600">{rescheduleBlocked}</p>
              <ButtonLink href={`/${host.username}/${eventType.slug}`} className="mt-5">
                Book a new time
              </ButtonLink>
            </div>
          ) : picked && zone ? (
            <div className="max-w-lg">
              <Button variant="ghost" size="sm" onClick={back} className="-ml-3 mb-3">
                <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden="true">
                  <path fillRule="evenodd" d="M17 10a.75.75 0 0 1-.75.75H5.612l4.158 3.96a.75.75 0 1 1-1.04 1.08l-5.5-5.25a.75.75 0 0 1 0-1.08l5.5-5.25a.75.75 0 1 1 1.04 1.08L5.612 9.25H16.25A.75.75 0 0 1 17 10Z" clipRule="evenodd" />
                </svg>
                Back
              </Button>
              <h2 id={headingIds.details} ref={detailsHeading} tabIndex={-1} className="text-xl font-semibold text-slate-900 outline-none">
                {reschedule ? "Confirm your new time" : "Enter your details"}
              </h2>
              <div className="mt-5">
                {reschedule ? (
                  <div className="space-y-5">
                    {oldBooking && (
                      <div className="rounded-xl border border-slate-200 px-4 py-3 text-sm">
                        <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Current time</p>
                        <p className="mt-1 text-slate-500 line-through">{formatMeeting(oldBooking.start, oldBooking.end, zone, hourCycle)}</p>
                      </div>
                    )}
                    <ChosenTime slot={picked} zone={zone} hourCycle={hourCycle} label="New time" />
                    {formError && <Alert tone="error">{formError}</Alert>}
                    <Button size="lg" onClick={confirmReschedule} loading={submitting} disabled={!oldBooking} className="w-full sm:w-auto">
                      Confirm new time
                    </Button>
                  </div>
                ) : (
                  <BookingForm
                    values={details}
                    onChange={setDetails}
                    errors={fieldErrors}
                    generalError={formError}
                    submitting={submitting}
                    onSubmit={confirmBooking}
                    summary={<ChosenTime slot={picked} zone={zone} hourCycle={hourCycle} label="Your meeting" />}
                  />
                )}
              </div>
            </div>
          ) : (
            <>
              <h2 className="text-xl font-semibold text-slate-900">Select a date &amp; time</h2>
              {notice && (
                <div className="mt-4">
                  <Alert tone="warning">{notice}</Alert>
                </div>
              )}
              <div className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,1fr)_13rem]">
                <div className="min-w-0">
                  {zone && month && today && windowEnd ? (
                    <MonthCalendar
                      month={month}
                      today={today}
                      windowEnd={windowEnd}
                      slotCounts={slots ? Object.fromEntries(Object.entries(slots).map(([d, s]) => [d, s.length])) : null}
                      fullyBooked={fullyBooked}
                      selectedDate={activeDate}
                      onSelectDate={(date) => {
                        revealTimesNext.current = true;
                        setSelectedDate(date);
                        setNotice(null);
                      }}
                      onPreviousMonth={() => goToMonth(addMonths(month, -1))}
                      onNextMonth={() => goToMonth(addMonths(month, 1))}
                      canGoPrevious={canGoPrevious}
                      canGoNext={canGoNext}
                      weekStart={weekStart}
                    />
                  ) : (
                    <CalendarSkeleton />
                  )}
                  <div className="mt-6 flex flex-wrap items-end gap-4">
                    <div className="min-w-0 flex-1 basis-56">
                      {zone ? <TimeZonePicker id="guest-time-zone" value={zone} onChange={setChosenZone} /> : <div className="h-16" />}
                    </div>
                    <div>
                      <p className="mb-1.5 text-sm font-medium text-slate-800" aria-hidden="true">
                        Time format
                      </p>
                      <HourCycleToggle value={hourCycle} onChange={setHourCycle} />
                    </div>
                  </div>
                </div>

                <div ref={timesColumn} className="min-w-0 scroll-mt-4">
                  {error ? (
                    <Alert tone="error" title="Could not load available times">
                      <p>{error}</p>
                      <button type="button" onClick={() => setReloads((n) => n + 1)} className="mt-2 font-semibold underline underline-offset-2">
                        Try again
                      </button>
                    </Alert>
                  ) : !slots || !month || !windowEnd ? (
                    <TimesSkeleton />
                  ) : selectedDate && inMonth(selectedDate, month) && selectedDate > windowEnd && daySlots.length === 0 ? (
                    <EmptyPanel title="Outside the booking window">
                      {host.name} takes bookings {windowText}.
                    </EmptyPanel>
                  ) : calendarSyncPending ? (
                    <EmptyPanel title="Times aren’t available yet">
                      <span className="block">
                        {host.name} has just connected a calendar, and Kairos is still reading it so that no one books over a meeting. Times
                        appear here as soon as that is done.
                      </span>
                      <Button
                        variant="secondary"
                        size="sm"
                        className="mt-4 h-auto min-h-9 w-full py-1.5"
                        onClick={() => {
                          cache.current.clear();
                          setReloads((n) => n + 1);
                        }}
                      >
                        Check again
                      </Button>
                    </EmptyPanel>
                  ) : freeDay === null ? (
                    <EmptyPanel title={fullyBooked && fullyBooked.size > 0 ? `${formatMonthName(month.month)} is fully booked` : `No free times in ${formatMonthName(month.month)}`}>
                      {canGoNext ? (
                        jumpFoundNothing === viewKey ? (
                          <span>
                            Nothing is free before the booking window closes on {formatCalendarDate(windowEnd, { year: true })}.
                          </span>
                        ) : (
                          <>
                            <span className="block">Later dates may have openings.</span>
                            <Button variant="secondary" size="sm" className="mt-4 h-auto min-h-9 w-full py-1.5" onClick={jumpToNextAvailable} loading={jumping}>
                              Jump to next available day
                            </Button>
                          </>
                        )
                      ) : (
                        <span>
                          {host.name} takes bookings {windowText}, and nothing is free before then.
                        </span>
                      )}
                    </EmptyPanel>
                  ) : activeDate ? (
                    <div>
                      <h3 id={headingIds.times} ref={timesHeading} tabIndex={-1} className="text-base font-semibold text-slate-900 outline-none">
                        {formatCalendarDate(activeDate)}
                      </h3>
                      {daySlots.length > 0 ? (
                        <>
                          <p className="mt-0.5 mb-3 text-sm text-slate-600">
                            {availabilityPhrase(daySlots.length).replace(/^./, (c) => c.toUpperCase())}
                          </p>
                          <div className="lg:max-h-[25rem] lg:overflow-y-auto lg:pr-1">
                            <TimeSlotList slots={daySlots} zone={zone!} hourCycle={hourCycle} onPick={pick} labelledBy={headingIds.times} />
                          </div>
                        </>
                      ) : fullyBooked?.has(activeDate) ? (
                        <EmptyPanel title="Fully booked">Every time on this day has been taken. Pick one of the highlighted days.</EmptyPanel>
                      ) : (
                        <EmptyPanel title="No times on this day">Pick one of the highlighted days.</EmptyPanel>
                      )}
                    </div>
                  ) : null}
                </div>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function EventSummary({
  host,
  eventType,
  zone,
  duration,
  onDurationChange,
}: {
  host: BookingPageProps["host"];
  eventType: BookableEventType;
  zone: string | null;
  duration: number;
  /** Absent while a time is picked: the length cannot change then. */
  onDurationChange?: (minutes: number) => void;
}) {
  return (
    <header className="border-b border-slate-200 px-5 py-6 sm:px-8 sm:py-8 lg:border-r lg:border-b-0">
      <div className="flex items-center gap-3">
        <Initials name={host.name} />
        <p className="text-sm font-medium text-slate-600">{host.name}</p>
      </div>
      <h1 className="mt-4 text-2xl font-bold tracking-tight text-balance text-slate-900">{eventType.title}</h1>
      <ul className="mt-4 space-y-2.5 text-sm text-slate-700">
        <li className="flex items-center gap-2.5">
          <ClockIcon className="size-4 shrink-0 text-slate-500" />
          <span>{formatDuration(duration)}</span>
        </li>
        <li className="flex items-center gap-2.5">
          <LocationIcon type={eventType.locationType} className="size-4 shrink-0 text-slate-500" />
          <span>{LOCATION_LABELS[eventType.locationType]}</span>
        </li>
        {eventType.seatsPerSlot !== null && (
          <li className="flex items-center gap-2.5">
            <UsersIcon className="size-4 shrink-0 text-slate-500" />
            <span>Group event · up to {eventType.seatsPerSlot} guests</span>
          </li>
        )}
        <li className="flex items-center gap-2.5">
          <GlobeIcon className="size-4 shrink-0 text-slate-500" />
          <span>
            Your time zone: <span className="font-medium text-slate-900">{zone ?? "detecting…"}</span>
          </span>
        </li>
      </ul>
      {eventType.durationOptions.length > 1 && (
        <DurationPicker options={eventType.durationOptions} value={duration} onChange={onDurationChange} />
      )}
      {eventType.description && (
        <p className="mt-5 text-sm leading-relaxed whitespace-pre-line text-slate-600">{eventType.description}</p>
      )}
    </header>
  );
}

/** The lengths a guest may pick, as a radio group of chips (arrow keys move between them). */
function DurationPicker({ options, value, onChange }: { options: number[]; value: number; onChange?: (minutes: number) => void }) {
  const name = useId();
  return (
    <fieldset className="mt-5" disabled={!onChange}>
      <legend className="mb-2 text-sm font-medium text-slate-800">Duration</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((minutes) => (
          <label key={minutes} className="cursor-pointer has-[:disabled]:cursor-default">
            <input
              type="radio"
              name={name}
              value={minutes}
              checked={value === minutes}
              onChange={() => onChange?.(minutes)}
              className="peer sr-only"
            />
            <span className="inline-flex h-9 items-center rounded-full border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-700 tabular-nums peer-checked:border-brand-600 peer-checked:bg-brand-50 peer-checked:text-brand-700 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 peer-disabled:opacity-60 hover:bg-slate-50 peer-checked:hover:bg-brand-50">
              {formatDuration(minutes)}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ChosenTime({ slot, zone, hourCycle, label }: { slot: SlotDto; zone: string; hourCycle: ReturnType<typeof useHourCyclePreference>[0]; label: string }) {
  return (
    <div className="flex gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-3 text-sm text-brand-700">
      <CalendarIcon className="mt-0.5 size-4 shrink-0" />
      <div>
        <p className="text-xs font-medium tracking-wide uppercase opacity-80">{label}</p>
        <p className="mt-1 font-semibold text-slate-900">{formatLongDate(slot.start, zone)}</p>
        <p className="text-slate-800">{formatTimeRange(slot.start, slot.end, zone, hourCycle)}</p>
        <p className="text-slate-600">{zone}</p>
      </div>
    </div>
  );
}

function EmptyPanel({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 px-4 py-6 text-center">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </div>
  );
}

function CalendarSkeleton() {
  return (
    <div aria-hidden="true" className="animate-pulse">
      <div className="mb-4 h-6 w-36 rounded bg-slate-100" />
      <div className="grid grid-cols-7 gap-2">
        {Array.from({ length: 35 }, (_, i) => (
          <div key={i} className="aspect-square rounded-full bg-slate-100" />
        ))}
      </div>
    </div>
  );
}

function TimesSkeleton() {
  return (
    <div aria-hidden="true" className="animate-pulse space-y-2">
      <div className="mb-4 h-5 w-40 rounded bg-slate-100" />
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-11 rounded-lg bg-slate-100" />
      ))}
    </div>
  );
}
