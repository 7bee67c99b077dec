"use client";

import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { api, errorMessage } from "@/components/api-client";
import { useHourCycle } from "@/components/use-hour-cycle";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingRows } from "@/components/ui/skeleton";
import type { BookingDto } from "@/lib/booking/booking-dto";
import { isConferenceLocation } from "@/lib/event-types/conference-location";
import type { EventTypeDto } from "@/lib/event-types/event-type-schema";
import { formatLongDate, formatTimeRange, formatZoneOffset, type HourCycle } from "@/lib/time/format";
import { BOOKING_TABS, type BookingTab } from "./booking-tabs";
import { CancelBookingDialog } from "./cancel-booking-dialog";
import { groupMeetings, meetingCalendarSeat } from "./group-meetings";
import { LOCATION_LABELS, LocationIcon } from "./location";

type Loaded = { status: BookingTab; bookings: BookingDto[] } | { status: BookingTab; error: string };
type GroupEventType = Pick<EventTypeDto, "title" | "seatsPerSlot">;

export function BookingsView({ initialTab, timeZone, publicLink }: { initialTab: BookingTab; timeZone: string; publicLink: string }) {
  const baseId = useId();
  const hourCycle = useHourCycle();
  const [tab, setTab] = useState<BookingTab>(initialTab);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  /** The booking being cancelled; `allSeats`: with every other guest of its group event meeting. */
  const [cancelling, setCancelling] = useState<BookingDto | null>(null);
  const [cancelAllSeats, setCancelAllSeats] = useState(false);
  const [notice, setNotice] = useState<string>();
  /** The host's event types by id, fetched once a group event's meeting is listed (it names the meeting and its seats). */
  const [eventTypes, setEventTypes] = useState<Record<string, GroupEventType> | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const load = useCallback(async (status: BookingTab, signal?: AbortSignal) => {
    try {
      const bookings = await api.get<BookingDto[]>("/api/v1/bookings", { status }, signal);
      setLoaded({ status, bookings });
    } catch (error) {
      if (signal?.aborted) return;
      setLoaded({ status, error: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded(null);
    void load(tab, controller.signal);
    return () => controller.abort();
  }, [tab, load]);

  function select(status: BookingTab) {
    setTab(status);
    setNotice(undefined);
    // Keep the tab in the address so reloads and shared links land on it.
    const url = new URL(window.location.href);
    if (status === "upcoming") url.searchParams.delete("status");
    else url.searchParams.set("status", status);
    window.history.replaceState(null, "", url);
  }

  function onTabKeyDown(event: KeyboardEvent, index: number) {
    const last = BOOKING_TABS.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    select(BOOKING_TABS[next].status);
    tabRefs.current[next]?.focus();
  }

  const current = loaded && loaded.status === tab ? loaded : null;
  const hasMeetings = Boolean(current && "bookings" in current && current.bookings.some((b) => b.seatGroupId !== null));

  useEffect(() => {
    if (!hasMeetings || eventTypes) return;
    const controller = new AbortController();
    api
      .get<EventTypeDto[]>("/api/v1/event-types", undefined, controller.signal)
      .then((list) => setEventTypes(Object.fromEntries(list.map((et) => [et.id, { title: et.title, seatsPerSlot: et.seatsPerSlot }]))))
      // Without them a meeting still lists its guests, under its first booking's title: nothing to tell the host.
      .catch(() => !controller.signal.aborted && setEventTypes({}));
    return () => controller.abort();
  }, [hasMeetings, eventTypes]);

  function replaceBooking(updated: BookingDto) {
    setLoaded((l) => (l && "bookings" in l ? { ...l, bookings: l.bookings.map((x) => (x.uid === updated.uid ? updated : x)) } : l));
  }

  return (
    <>
      <div role="tablist" aria-label="Bookings" className="mb-4 inline-flex rounded-lg border border-slate-200 bg-white p-1 shadow-sm">
        {BOOKING_TABS.map((t, index) => {
          const selected = t.status === tab;
          return (
            <button
              key={t.status}
              ref={(el) => {
                tabRefs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${t.status}`}
              aria-selected={selected}
              aria-controls={`${baseId}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => select(t.status)}
              onKeyDown={(e) => onTabKeyDown(e, index)}
              className={`rounded-md px-4 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
                selected ? "bg-brand-600 text-white shadow-sm" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              {t.label}
            </button>
          );
        })}
      </div>

      {notice && (
        <div className="mb-4">
          <Alert tone="success">{notice}</Alert>
        </div>
      )}

      <Card role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`}>
        {!current ? (
          <LoadingRows label="Loading bookings…" />
        ) : "error" in current ? (
          <div className="space-y-3 p-5">
            <Alert tone="error" title="Bookings could not be loaded.">
              {current.error}
            </Alert>
            <Button variant="secondary" onClick={() => void load(tab)}>
              Try again
            </Button>
          </div>
        ) : current.bookings.length === 0 ? (
          <EmptyBookings tab={tab} publicLink={publicLink} />
        ) : (
          <>
            <p className="border-b border-slate-200 px-5 py-3 text-xs text-slate-600">
              Times in {timeZone.replace(/_/g, " ")} ({formatZoneOffset(timeZone)}) — your time zone.
            </p>
            <ul className="divide-y divide-slate-200">
              {groupMeetings(current.bookings).map((entry) =>
                entry.kind === "booking" ? (
                  <BookingRow
                    key={entry.booking.uid}
                    booking={entry.booking}
                    timeZone={timeZone}
                    hourCycle={hourCycle}
                    tab={tab}
                    onCancel={() => {
                      setCancelAllSeats(false);
                      setCancelling(entry.booking);
                    }}
                    onChanged={replaceBooking}
                  />
                ) : (
                  <MeetingRow
                    key={entry.seatGroupId}
                    seats={entry.seats}
                    eventType={(entry.seats[0].eventTypeId && eventTypes?.[entry.seats[0].eventTypeId]) || null}
                    timeZone={timeZone}
                    hourCycle={hourCycle}
                    tab={tab}
                    onCancel={(seat, allSeats) => {
                      setCancelAllSeats(allSeats);
                      setCancelling(seat);
                    }}
                    onChanged={replaceBooking}
                  />
                ),
              )}
            </ul>
          </>
        )}
      </Card>

      <CancelBookingDialog
        booking={cancelling}
        allSeats={cancelAllSeats}
        timeZone={timeZone}
        hourCycle={hourCycle}
        onClose={() => setCancelling(null)}
        onCancelled={(uid) => {
          const seat = cancelling?.seatGroupId ? cancelling : null;
          const wholeMeeting = seat !== null && cancelAllSeats;
          setCancelling(null);
          setLoaded((l) =>
            l && "bookings" in l
              ? { ...l, bookings: l.bookings.filter((b) => b.uid !== uid && !(wholeMeeting && b.seatGroupId === seat.seatGroupId)) }
              : l,
          );
          setNotice(
            wholeMeeting
              ? "The meeting was cancelled for every guest. You’ll find it under Cancelled."
              : seat
                ? `${seat.attendee.name}’s seat was cancelled. You’ll find it under Cancelled.`
                : "The booking was cancelled. You’ll find it under Cancelled.",
          );
        }}
      />
    </>
  );
}

function BookingRow({
  booking,
  timeZone,
  hourCycle,
  tab,
  onCancel,
  onChanged,
}: {
  booking: BookingDto;
  timeZone: string;
  hourCycle: HourCycle;
  tab: BookingTab;
  onCancel: () => void;
  onChanged: (booking: BookingDto) => void;
}) {
  const headingId = `booking-${booking.uid}`;

  return (
    <li aria-labelledby={headingId} className={ROW_CLASSES}>
      <DateTile start={booking.start} timeZone={timeZone} cancelled={booking.status === "cancelled"} />
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-600">
          {formatLongDate(new Date(booking.start), timeZone)} · {formatTimeRange(booking.start, booking.end, timeZone, hourCycle)}
        </p>
        <h3 id={headingId} className={`mt-0.5 font-semibold text-slate-900 ${booking.status === "cancelled" ? "line-through decoration-slate-400" : ""}`}>
          {booking.title}
        </h3>
        <p className="mt-1 text-sm text-slate-700">
          {booking.attendee.name}{" "}
          <a href={`mailto:${booking.attendee.email}`} className="text-brand-700 underline-offset-2 hover:underline">
            {booking.attendee.email}
          </a>
        </p>
        <BookingLocation booking={booking} />
        {booking.notes && (
          <p className="mt-2 rounded-md bg-slate-50 px-3 py-2 text-sm whitespace-pre-line text-slate-700">
            <span className="font-medium text-slate-800">Notes: </span>
            {booking.notes}
          </p>
        )}
        {booking.status === "cancelled" && (
          <p className="mt-2 text-sm text-slate-600">
            <Badge tone="danger">Cancelled</Badge>
            {booking.cancelReason && <span className="ml-2">Reason: {booking.cancelReason}</span>}
          </p>
        )}
        <CalendarState booking={booking} onChanged={onChanged} />
      </div>
      {tab === "upcoming" && booking.status === "confirmed" && (
        <div className="col-start-2 sm:col-start-3">
          <Button variant="secondary" size="sm" onClick={onCancel} aria-label={`Cancel ${booking.title} with ${booking.attendee.name}`}>
            Cancel
          </Button>
        </div>
      )}
    </li>
  );
}

const ROW_CLASSES =
  "grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-3 px-4 py-4 sm:grid-cols-[auto_minmax(0,1fr)_auto] sm:gap-x-4 sm:px-5";

/** The month and day at a glance (decorative: the row writes the date out). */
function DateTile({ start, timeZone, cancelled }: { start: string; timeZone: string; cancelled: boolean }) {
  const date = new Date(start);
  return (
    <div
      aria-hidden="true"
      className={`flex size-12 shrink-0 flex-col items-center justify-center rounded-lg border sm:size-14 ${
        cancelled ? "border-slate-200 bg-slate-50 text-slate-500" : "border-brand-100 bg-brand-50 text-brand-700"
      }`}
    >
      <span className="text-xs font-medium uppercase">{new Intl.DateTimeFormat("en-US", { timeZone, month: "short" }).format(date)}</span>
      <span className="text-lg leading-none font-semibold">{new Intl.DateTimeFormat("en-US", { timeZone, day: "numeric" }).format(date)}</span>
    </div>
  );
}

/** Where the meeting happens: its link (the Meet / Teams one once made), phone number or address. */
function BookingLocation({ booking }: { booking: BookingDto }) {
  const location = booking.location;
  return (
    <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-600">
      <LocationIcon type={location.type} className="size-4 shrink-0 text-slate-500" />
      <span className="sr-only">{LOCATION_LABELS[location.type]}:</span>
      {isConferenceLocation(location.type) ? (
        booking.conferenceUrl ? (
          <a href={booking.conferenceUrl} target="_blank" rel="noreferrer" className="truncate text-brand-700 underline-offset-2 hover:underline">
            {LOCATION_LABELS[location.type]}: {booking.conferenceUrl}
          </a>
        ) : (
          <span className="truncate">{LOCATION_LABELS[location.type]} (link not created yet)</span>
        )
      ) : "value" in location && location.type === "link" && location.value ? (
        <a href={location.value} target="_blank" rel="noreferrer" className="truncate text-brand-700 underline-offset-2 hover:underline">
          {location.value}
        </a>
      ) : (
        <span className="truncate">{("value" in location && location.value) || LOCATION_LABELS[location.type]}</span>
      )}
    </p>
  );
}

/**
 * A group event's meeting: its time, title and location once, then each
 * guest (a booking of their own) with their notes and a Cancel that frees
 * only their seat.
 */
function MeetingRow({
  seats,
  eventType,
  timeZone,
  hourCycle,
  tab,
  onCancel,
  onChanged,
}: {
  seats: BookingDto[];
  /** Its event type; null until loaded, or when it was deleted. */
  eventType: GroupEventType | null;
  timeZone: string;
  hourCycle: HourCycle;
  tab: BookingTab;
  /** `allSeats`: cancel the whole meeting, every guest. */
  onCancel: (seat: BookingDto, allSeats: boolean) => void;
  onChanged: (booking: BookingDto) => void;
}) {
  const first = seats[0];
  const live = seats.filter((s) => s.status === "confirmed");
  const headingId = `meeting-${first.seatGroupId}`;
  const guestsId = `${headingId}-guests`;
  const allCancelled = seats.every((s) => s.status === "cancelled");
  const guests = `${seats.length} ${seats.length === 1 ? "guest" : "guests"}`;
  const capacity = eventType?.seatsPerSlot;

  return (
    <li aria-labelledby={headingId} className={ROW_CLASSES}>
      <DateTile start={first.start} timeZone={timeZone} cancelled={allCancelled} />
      <div className="min-w-0 sm:col-span-2">
        <p className="text-sm font-medium text-slate-600">
          {formatLongDate(new Date(first.start), timeZone)} · {formatTimeRange(first.start, first.end, timeZone, hourCycle)}
        </p>
        <div className="mt-0.5 flex flex-wrap items-center gap-2">
          {/* Each seat's own title names its guest ("… between Dana and Ana"); the meeting is the event type's. */}
          <h3 id={headingId} className={`font-semibold text-slate-900 ${allCancelled ? "line-through decoration-slate-400" : ""}`}>
            {first.eventTitle ?? eventType?.title ?? first.title}
          </h3>
          <Badge tone="brand">{capacity && !allCancelled ? `Group · ${seats.length} of ${capacity} seats taken` : "Group event"}</Badge>
        </div>
        <BookingLocation booking={first} />
        <p id={guestsId} className="mt-3 text-xs font-medium tracking-wide text-slate-500 uppercase">
          {allCancelled ? `${guests} cancelled` : guests}
        </p>
        <ul aria-labelledby={guestsId} className="mt-1.5 divide-y divide-slate-200 rounded-lg border border-slate-200">
          {seats.map((seat) => (
            <li key={seat.uid} className="flex flex-col gap-2 px-3 py-2.5 sm:flex-row sm:items-start sm:gap-3">
              <div className="min-w-0 flex-1 text-sm">
                <p className="text-slate-800">
                  <span className="font-medium">{seat.attendee.name}</span>{" "}
                  <a href={`mailto:${seat.attendee.email}`} className="break-all text-brand-700 underline-offset-2 hover:underline">
                    {seat.attendee.email}
                  </a>
                </p>
                {seat.notes && (
                  <p className="mt-1 whitespace-pre-line text-slate-700">
                    <span className="font-medium text-slate-800">Notes: </span>
                    {seat.notes}
                  </p>
                )}
                {seat.status === "cancelled" && seat.cancelReason && <p className="mt-1 text-slate-600">Reason: {seat.cancelReason}</p>}
              </div>
              {tab === "upcoming" && seat.status === "confirmed" && (
                <Button variant="secondary" size="sm" className="self-start" onClick={() => onCancel(seat, false)} aria-label={`Cancel ${seat.attendee.name}’s seat in ${seat.eventTitle ?? eventType?.title ?? seat.title}`}>
                  Cancel
                </Button>
              )}
            </li>
          ))}
        </ul>
        {/* One calendar event for all the guests. Cancelled seats say nothing of it: it may live on for guests still booked. */}
        {!allCancelled && <CalendarState booking={meetingCalendarSeat(seats)} onChanged={onChanged} />}
        {tab === "upcoming" && live.length > 1 && (
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            onClick={() => onCancel(live[0], true)}
            aria-label={`Cancel the whole ${first.eventTitle ?? eventType?.title ?? first.title} meeting for all ${live.length} guests`}
          >
            Cancel meeting
          </Button>
        )}
      </div>
    </li>
  );
}

/**
 * Where the booking stands with the host's calendar: in it, on its way, or
 * failed with the reason and a retry (after reconnecting the account or
 * choosing another destination). Nothing is shown without a destination calendar.
 */
function CalendarState({ booking, onChanged }: { booking: BookingDto; onChanged: (booking: BookingDto) => void }) {
  const [retrying, setRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string>();
  const writeBack = booking.writeBack;
  if (!writeBack || writeBack.status === "none") return null;
  const cancelled = booking.status === "cancelled";

  async function retry() {
    setRetrying(true);
    setRetryError(undefined);
    try {
      onChanged(await api.post<BookingDto>(`/api/v1/bookings/${encodeURIComponent(booking.uid)}/write-back`));
    } catch (error) {
      setRetryError(errorMessage(error));
    } finally {
      setRetrying(false);
    }
  }

  return (
    <div className="mt-2 text-sm text-slate-600">
      <p className="flex flex-wrap items-center gap-2">
        <span className="sr-only">Calendar:</span>
        {writeBack.status === "synced" ? (
          <Badge tone="success">{cancelled ? "Removed from calendar" : "In calendar"}</Badge>
        ) : writeBack.status === "pending" ? (
          <Badge tone="warning">Calendar: pending</Badge>
        ) : (
          <Badge tone="danger">Calendar: failed</Badge>
        )}
        {writeBack.status === "pending" && writeBack.error && <span className="text-xs text-slate-600">{writeBack.error}</span>}
      </p>
      {writeBack.status === "failed" && (
        <div className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2">
          <p className="text-sm text-red-800">{writeBack.error ?? "The calendar could not be updated."}</p>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant="secondary"
              size="sm"
              loading={retrying}
              onClick={() => void retry()}
              aria-label={`Retry calendar write for ${booking.title}`}
            >
              Retry calendar write
            </Button>
            <a href="/dashboard/settings/calendars" className="text-sm font-medium text-red-800 underline underline-offset-2 hover:text-red-900">
              Settings → Calendars
            </a>
          </div>
          {retryError && (
            <p role="alert" className="text-xs font-medium text-red-700">
              {retryError}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function EmptyBookings({ tab, publicLink }: { tab: BookingTab; publicLink: string }) {
  const icon = (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-6" aria-hidden="true">
      <rect x="3.5" y="5" width="17" height="15" rx="2" />
      <path d="M3.5 9.5h17M8 3v4M16 3v4" strokeLinecap="round" />
    </svg>
  );
  if (tab === "upcoming") {
    return (
      <EmptyState
        icon={icon}
        title="No upcoming bookings"
        description="Share your booking link and new meetings will show up here."
        action={
          <div className="flex flex-wrap justify-center gap-2">
            <CopyButton text={publicLink} label="Copy my booking link" accessibleLabel="Copy my booking link" variant="primary" size="md" />
            <ButtonLink href="/dashboard/event-types" variant="secondary">
              Manage event types
            </ButtonLink>
          </div>
        }
      />
    );
  }
  if (tab === "past") {
    return <EmptyState icon={icon} title="No past bookings" description="Meetings that have taken place will be listed here." />;
  }
  return <EmptyState icon={icon} title="No cancelled bookings" description="When you or a guest cancels a meeting, it moves here." />;
}
