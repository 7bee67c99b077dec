import type { Metadata } from "next";
import { loadViewedBooking, tokenParam } from "@/app/_lib/load-viewed-booking";
import { BookingSummary } from "@/components/booking/booking-summary";
import { CancelBookingForm } from "@/components/booking/cancel-booking-form";
import { PublicShell } from "@/components/booking/public-shell";
import { StatusHeader } from "@/components/booking/status-header";
import { ButtonLink } from "@/components/ui/button";

type Params = Promise<{ uid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: "Cancel booking", robots: { index: false, follow: false } };

export default async function CancelBookingPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { uid } = await params;
  const { booking, viewer, token } = await loadViewedBooking(uid, tokenParam(await searchParams));
  const encodedUid = encodeURIComponent(booking.uid);
  const manageHref = `/booking/${encodedUid}${token ? `?token=${encodeURIComponent(token)}` : ""}`;
  const eventSlug = booking.eventType?.slug ?? null;
  const bookAgainHref = eventSlug ? `/${booking.host.username}/${eventSlug}` : `/${booking.host.username}`;
  const summary = <BookingSummary booking={booking} viewer={viewer} compact />;
  // What the form shows once it has cancelled: struck through, without the meeting's join link.
  const cancelledSummary = <BookingSummary booking={{ ...booking, status: "cancelled" }} viewer={viewer} compact />;

  if (booking.status === "cancelled" || booking.startAt.getTime() <= Date.now()) {
    const cancelled = booking.status === "cancelled";
    return (
      <PublicShell width="narrow">
        <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
          <StatusHeader
            tone={cancelled ? "cancelled" : "past"}
            title={cancelled ? "This booking was cancelled" : "This meeting can no longer be cancelled"}
          >
            {cancelled ? "Nothing more to do here." : "It has already started or taken place."}
          </StatusHeader>
          <div className="px-5 sm:px-8">{summary}</div>
          <div className="flex flex-wrap gap-2 border-t border-slate-200 bg-slate-50 px-5 py-4 sm:px-8">
            {cancelled ? (
              <ButtonLink href={bookAgainHref}>Book again</ButtonLink>
            ) : (
              <ButtonLink href={manageHref} variant="secondary">
                Back to the booking
              </ButtonLink>
            )}
          </div>
        </div>
      </PublicShell>
    );
  }

  return (
    <PublicShell width="narrow">
      <CancelBookingForm uid={booking.uid} token={token} hostName={booking.host.name}
        guestName={booking.attendeeName}
        viewer={viewer}
        manageHref={manageHref} bookAgainHref={bookAgainHref} cancelledSummary={cancelledSummary}>
        {summary}
      </CancelBookingForm>
    </PublicShell>
  );
}
