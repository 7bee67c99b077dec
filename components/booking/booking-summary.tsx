import type { ReactNode } from "react";
import { LOCATION_LABELS, LocationIcon } from "@/components/dashboard/location";
import type { BookingWithRelations } from "@/lib/booking/booking-dto";
import { conferenceName } from "@/lib/booking/booking-location";
import { buttonClasses } from "@/components/ui/button";
import { CalendarIcon, GlobeIcon } from "./icons";
import { MeetingLinkPending } from "./meeting-link-pending";
import { MeetingTime } from "./meeting-time";

/**
 * What was booked, when — in the guest's and the host's zone, each named —
 * where, and the guest's notes. Shared by the manage and cancel pages.
 */
export function BookingSummary({
  booking,
  viewer,
  compact = false,
}: {
  booking: BookingWithRelations;
  viewer: "guest" | "host";
  /** Leave out notes and guest details (the cancel page). */
  compact?: boolean;
}) {
  const start = booking.startAt.toISOString();
  const end = booking.endAt.toISOString();
  const cancelled = booking.status === "cancelled";
  const hostFirstName = booking.host.name.split(/\s+/)[0] || booking.host.name;
  const guestZone = booking.attendeeTimeZone;
  const hostZone = booking.host.timeZone;

  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <Row label="What">
        <span className={`font-semibold text-slate-900 ${cancelled ? "line-through decoration-slate-400" : ""}`}>{booking.title}</span>
      </Row>
      <Row label="When">
        <div className="space-y-3">
          <ZonedTime
            label={viewer === "guest" ? "Your time" : `${booking.attendeeName}’s time`}
            zone={guestZone}
            start={start}
            end={end}
            cancelled={cancelled}
            primary={viewer === "guest"}
          />
          <ZonedTime
            label={viewer === "host" ? "Your time" : `${hostFirstName}’s time`}
            zone={hostZone}
            start={start}
            end={end}
            cancelled={cancelled}
            primary={viewer === "host"}
          />
        </div>
      </Row>
      <Row label="Host">{booking.host.name}</Row>
      {!compact && (
        <Row label="Guest">
          {booking.attendeeName} <span className="text-slate-500">({booking.attendeeEmail})</span>
        </Row>
      )}
      <Row label="Where">
        {conferenceName(booking.locationType) ? <ConferenceLocation booking={booking} viewer={viewer} /> : <Location type={booking.locationType} value={booking.locationValue} />}
      </Row>
      {!compact && booking.notes && (
        <Row label="Notes">
          <p className="whitespace-pre-line text-slate-700">{booking.notes}</p>
        </Row>
      )}
    </dl>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3.5 sm:grid-cols-[6rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase sm:pt-0.5">{label}</dt>
      <dd className="min-w-0 text-slate-800">{children}</dd>
    </div>
  );
}

function ZonedTime({
  label,
  zone,
  start,
  end,
  cancelled,
  primary,
}: {
  label: string;
  zone: string;
  start: string;
  end: string;
  cancelled: boolean;
  primary: boolean;
}) {
  return (
    <div className="flex gap-2.5">
      {primary ? <CalendarIcon className="mt-0.5 size-4 shrink-0 text-brand-600" /> : <GlobeIcon className="mt-0.5 size-4 shrink-0 text-slate-400" />}
      <div className="min-w-0">
        <p className={`${primary ? "font-medium text-slate-900" : "text-slate-700"} ${cancelled ? "line-through decoration-slate-400" : ""}`}>
          <MeetingTime start={start} end={end} zone={zone} />
        </p>
        <p className="text-xs text-slate-500">
          {label} · {zone}
        </p>
      </div>
    </div>
  );
}

/**
 * A Meet / Teams meeting: the link the host's calendar made for it, "being
 * created" while the write-back is pending (the page refreshes itself), or
 * that the host will send it when the calendar could not make one.
 */
function ConferenceLocation({ booking, viewer }: { booking: BookingWithRelations; viewer: "guest" | "host" }) {
  const name = conferenceName(booking.locationType)!;
  const cancelled = booking.status === "cancelled";
  return (
    <div className="flex gap-2.5">
      <LocationIcon type={booking.locationType} className="mt-0.5 size-4 shrink-0 text-slate-500" />
      <div className="min-w-0">
        <p className="text-slate-700">{name}</p>
        {cancelled ? null : booking.conferenceUrl ? (
          <>
            <a href={booking.conferenceUrl} target="_blank" rel="noopener noreferrer" className={`mt-2 ${buttonClasses("primary", "sm")}`}>
              Join {name}
            </a>
            <p className="mt-1.5 text-xs break-all text-slate-500">{booking.conferenceUrl}</p>
          </>
        ) : booking.writeBackStatus === "pending" ? (
          <MeetingLinkPending conferenceName={name} />
        ) : (
          <p className="mt-0.5 text-slate-600">
            {viewer === "host"
              ? "No link yet: writing this booking to your calendar failed. Retry it from Bookings."
              : `${booking.host.name} will send you the meeting link.`}
          </p>
        )}
      </div>
    </div>
  );
}

function Location({ type, value }: { type: BookingWithRelations["locationType"]; value: string | null }) {
  const label = LOCATION_LABELS[type];
  let detail: ReactNode = value;
  if (value && type === "link" && /^https?:\/\//i.test(value)) {
    detail = (
      <a href={value} target="_blank" rel="noopener noreferrer" className="font-medium break-all text-brand-700 underline underline-offset-2 hover:text-brand-600">
        {value}
      </a>
    );
  } else if (value && type === "phone") {
    detail = (
      <a href={`tel:${value.replace(/[^\d+]/g, "")}`} className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600">
        {value}
      </a>
    );
  }
  return (
    <div className="flex gap-2.5">
      <LocationIcon type={type} className="mt-0.5 size-4 shrink-0 text-slate-500" />
      <div className="min-w-0">
        <p className="text-slate-700">{label}</p>
        {detail && <p className="mt-0.5">{detail}</p>}
      </div>
    </div>
  );
}
