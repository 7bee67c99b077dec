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
import { formatLongDate, formatTimeRange, formatZoneOffset, type HourCycle } from "@/lib/time/format";
import { BOOKING_TABS, type BookingTab } from "./booking-tabs";
import { CancelBookingDialog } from "./cancel-booking-dialog";
import { LOCATION_LABELS, LocationIcon } from "./location";


type Loaded = { status: BookingTab; bookings: BookingDto[] } | { status: BookingTab; error: string };

export function BookingsView({ initialTab, timeZone, publicLink }: { initialTab: BookingTab; timeZone: string; publicLink: string }) {
  const baseId = useId();
  const hourCycle = useHourCycle();
  const [tab, setTab] = useState<BookingTab>(initialTab);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [cancelling, setCancelling] = useState<BookingDto | null>(null);
  const [notice, setNotice] = useState<string>();
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
              {current.bookings.map((b) => (
                <BookingRow
                  key={b.uid}
                  booking={b}
                  timeZone={timeZone}
                  hourCycle={hourCycle}
                  tab={tab}
                  onCancel={() => setCancelling(b)}
                  onChanged={(updated) =>
                    setLoaded((l) => (l && "bookings" in l ? { ...l, bookings: l.bookings.map((x) => (x.uid === updated.uid ? updated : x)) } : l))
                  }
                />
              ))}
            </ul>
          </>
        )}
      </Card>

      <CancelBookingDialog
        booking={cancelling}
        timeZone={timeZone}
        hourCycle={hourCycle}
        onClose={() => setCancelling(null)}
        onCancelled={(uid) => {
          setCancelling(null);
          setLoaded((l) => (l && "bookings" in l ? { ...l, bookings: l.bookings.filter((b) => b.uid !== uid) } : l));
          setNotice("The booking was cancelled. You’ll find it under Cancelled.");
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
  const start = new Date(booking.start);
  const month = new Intl.DateTimeFormat("en-US", { timeZone, month: "short" }).format(start);
  const day = new Intl.DateTimeFormat("en-US", { timeZone, day: "numeric" }).format(start);
  const location = booking.location;
  const headingId = `booking-${booking.uid}`;

  return (
    <li aria-labelledby={headingId} className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-3 px-4 py-4 sm:grid-cols-[auto_minmax(0,1fr)_auto] sm:gap-x-4 sm:px-5">
      <div
        aria-hidden="true"
        className={`flex size-12 shrink-0 flex-col items-center justify-center rounded-lg border sm:size-14 ${
          booking.status === "cancelled" ? "border-slate-200 bg-slate-50 text-slate-500" : "border-brand-100 bg-brand-50 text-brand-700"
        }`}
      >
        <span className="text-xs font-medium uppercase">{month}</span>
        <span className="text-lg leading-none font-semibold">{day}</span>
      </div>
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-600">
          {formatLongDate(start, timeZone)} · {formatTimeRange(booking.start, booking.end, timeZone, hourCycle)}
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
