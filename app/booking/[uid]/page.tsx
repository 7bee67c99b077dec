import type { Metadata } from "next";
import { loadViewedBooking, tokenParam } from "@/app/_lib/load-viewed-booking";
import { BookingSummary } from "@/components/booking/booking-summary";
import { CalendarIcon } from "@/components/booking/icons";
import { PublicShell } from "@/components/booking/public-shell";
import { StatusHeader } from "@/components/booking/status-header";
import { ButtonLink, buttonClasses } from "@/components/ui/button";
import { guestUrls } from "@/lib/booking/booking-dto";
import { formatLongDate } from "@/lib/time/format";

type Params = Promise<{ uid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { booking } = await loadViewedBooking((await params).uid, tokenParam(await searchParams));
  return {
    title: booking.status === "cancelled" ? "Booking cancelled" : "Booking confirmed",
    robots: { index: false, follow: false },
  };
}

/** Path + query of an absolute app URL, so links work whatever host name the page was opened on. */
function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** The guest's confirmation and manage page (the host who owns the booking may open it too). */
export default async function BookingManagePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { uid } = await params;
  const { booking, viewer, token } = await loadViewedBooking(uid, tokenParam(await searchParams));
  const eventSlug = booking.eventType?.slug ?? null;
  const links = token ? guestUrls(booking.uid, token, booking.host.username, eventSlug) : null;
  const cancelled = booking.status === "cancelled";
  const started = booking.startAt.getTime() <= Date.now();
  const encodedUid = encodeURIComponent(booking.uid);
  const icsHref = `/api/v1/bookings/${encodedUid}/ics${token ? `?token=${encodeURIComponent(token)}` : ""}`;
  const cancelHref = links ? pathOf(links.cancelUrl) : `/booking/${encodedUid}/cancel`;
  const rescheduleHref = links?.rescheduleUrl ? pathOf(links.rescheduleUrl) : null;
  const bookAgainHref = eventSlug ? `/${booking.host.username}/${eventSlug}` : `/${booking.host.username}`;

  return (
    <PublicShell width="narrow">
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        {cancelled ? (
          <StatusHeader tone="cancelled" title="This booking was cancelled">
            {booking.cancelledAt && (
              <>
                Cancelled by {booking.cancelledBy === "host" ? booking.host.name : booking.attendeeName} on{" "}
                {formatLongDate(booking.cancelledAt, viewer === "host" ? booking.host.timeZone : booking.attendeeTimeZone)}.
              </>
            )}
            {booking.cancelReason && <span className="mt-2 block italic">“{booking.cancelReason}”</span>}
          </StatusHeader>
        ) : started ? (
          <StatusHeader tone="past" title="This meeting has started or is over">
            It can no longer be rescheduled or cancelled.
          </StatusHeader>
        ) : (
          <StatusHeader tone="confirmed" title="You are scheduled">
            {viewer === "guest"
              ? `Your meeting with ${booking.host.name} is booked. Keep this page’s link to reschedule or cancel.`
              : `${booking.attendeeName} booked this meeting with you.`}
          </StatusHeader>
        )}

        <div className="px-5 sm:px-8">
          <BookingSummary booking={booking} viewer={viewer} />
        </div>

        <div className="flex flex-wrap gap-2 border-t border-slate-200 bg-slate-50 px-5 py-4 sm:px-8">
          {cancelled ? (
            <ButtonLink href={bookAgainHref}>Book again</ButtonLink>
          ) : (
            <>
              {/* A download, not a page: a plain <a> so the browser saves the file. */}
              <a href={icsHref} download className={buttonClasses("primary")}>
                <CalendarIcon className="size-4" />
                Add to calendar (.ics)
              </a>
              {!started && rescheduleHref && (
                <ButtonLink href={rescheduleHref} variant="secondary">
                  Reschedule
                </ButtonLink>
              )}
              {!started && (
                <ButtonLink href={cancelHref} variant="secondary">
                  Cancel
                </ButtonLink>
              )}
            </>
          )}
        </div>
      </div>
    </PublicShell>
  );
}
