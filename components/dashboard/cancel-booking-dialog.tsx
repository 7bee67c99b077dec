"use client";

import { useEffect, useState } from "react";
import { api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Textarea } from "@/components/ui/field";
import type { BookingDto } from "@/lib/booking/booking-dto";
import { formatMeeting, type HourCycle } from "@/lib/time/format";

/**
 * Asks for an optional reason, then cancels the booking as its host — with
 * `allSeats`, every guest of its group event meeting.
 */
export function CancelBookingDialog({
  booking,
  allSeats = false,
  timeZone,
  hourCycle,
  onClose,
  onCancelled,
}: {
  booking: BookingDto | null;
  allSeats?: boolean;
  timeZone: string;
  hourCycle: HourCycle;
  onClose: () => void;
  onCancelled: (uid: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (booking) {
      setReason("");
      setError(undefined);
      setPending(false);
    }
  }, [booking]);

  const wholeMeeting = allSeats && booking?.seatGroupId != null;

  async function confirm() {
    if (!booking) return;
    setPending(true);
    setError(undefined);
    try {
      const trimmed = reason.trim();
      await api.post(`/api/v1/bookings/${encodeURIComponent(booking.uid)}/cancel`, {
        ...(trimmed ? { reason: trimmed } : {}),
        ...(wholeMeeting ? { allSeats: true } : {}),
      });
      onCancelled(booking.uid);
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }

  return (
    <Dialog
      open={booking !== null}
      onClose={() => !pending && onClose()}
      title={wholeMeeting ? "Cancel this meeting for every guest?" : booking?.seatGroupId ? `Cancel ${booking.attendee.name}’s seat?` : "Cancel this booking?"}
      description={
        booking ? (
          <>
            {/* A seat's title names its guest; the whole meeting is not theirs alone. */}
            {!wholeMeeting && (
              <>
                <span className="font-medium text-slate-800">{booking.title}</span>
                <br />
              </>
            )}
            {formatMeeting(booking.start, booking.end, timeZone, hourCycle)}.{" "}
            {wholeMeeting
              ? "Every guest’s seat is cancelled with the same reason, and the time becomes free for new bookings again."
              : booking.seatGroupId
                ? `Only ${booking.attendee.name}’s seat is cancelled: other guests keep the meeting, and the seat can be booked again.`
                : "The time becomes free for new bookings again."}
          </>
        ) : undefined
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            {wholeMeeting ? "Keep meeting" : "Keep booking"}
          </Button>
          <Button variant="danger" onClick={confirm} loading={pending}>
            {wholeMeeting ? "Cancel meeting" : "Cancel booking"}
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        {error && <Alert tone="error">{error}</Alert>}
        <Field id="cancel-reason" label="Reason" optional hint="Kept with the booking; the guest sees it on their booking page.">
          <Textarea id="cancel-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="cancel-reason-hint" />
        </Field>
      </div>
    </Dialog>
  );
}
