"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { describedBy, Field, Textarea } from "@/components/ui/field";
import { StatusHeader } from "./status-header";

/**
 * The cancel step: an optional reason, one button, then a clear "cancelled"
 * state. Posts with the guest's token, or (no token) as the signed-in host.
 */
export function CancelBookingForm({
  uid,
  token,
  hostName,
  guestName,
  viewer,
  manageHref,
  bookAgainHref,
  children,
  cancelledSummary,
}: {
  uid: string;
  token?: string;
  hostName: string;
  guestName: string;
  /** The guest (by token) or the host (signed in): the wording addresses the other party. */
  viewer: "guest" | "host";
  manageHref: string;
  bookAgainHref: string;
  /** The booking summary, rendered on the server. */
  children: ReactNode;
  /** The same summary as it reads once cancelled (shown after the cancel went through). */
  cancelledSummary: ReactNode;
}) {
  const [reason, setReason] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [done, setDone] = useState(false);
  const doneHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (done) doneHeading.current?.focus();
  }, [done]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    setReasonError(undefined);
    try {
      await api.post(`/api/v1/bookings/${encodeURIComponent(uid)}/cancel`, {
        reason: reason.trim() === "" ? undefined : reason,
        token,
      });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors().reason) setReasonError(e.fieldErrors().reason);
      else setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  if (done) {
    return (
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
        <div role="status">
          <StatusHeader tone="cancelled" title="Your booking was cancelled" headingRef={doneHeading}>
            {viewer === "guest"
              ? `${hostName} can see that the time is free again. Nothing else to do.`
              : `The time is free again, and ${guestName} sees the cancellation on their booking page.`}
          </StatusHeader>
        </div>
        <div className="px-5 sm:px-8">{cancelledSummary}</div>
        <div className="flex flex-wrap gap-2 border-t border-slate-200 bg-slate-50 px-5 py-4 sm:px-8">
          <ButtonLink href={bookAgainHref}>Book again</ButtonLink>
        </div>
      </div>
    );
  }

  return (
    <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm">
      <header className="border-b border-slate-200 px-5 pt-8 pb-6 sm:px-8">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900">Cancel this booking?</h1>
        <p className="mt-1 text-sm text-slate-600">
          The time is released at once and {viewer === "guest" ? hostName : guestName} will see the cancellation.
        </p>
      </header>
      <div className="px-5 sm:px-8">{children}</div>
      <form onSubmit={submit} noValidate className="space-y-4 border-t border-slate-200 px-5 py-6 sm:px-8">
        {error && <Alert tone="error">{error}</Alert>}
        <Field id="cancel-reason" label="Reason" optional error={reasonError} hint={`Shared with ${viewer === "guest" ? hostName : guestName}.`}>
          <Textarea
            id="cancel-reason"
            name="reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            invalid={Boolean(reasonError)}
            {...describedBy("cancel-reason", { error: reasonError, hint: true })}
          />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="danger" loading={submitting}>
            Cancel booking
          </Button>
          <Link href={manageHref} className="text-sm font-medium text-slate-700 underline-offset-2 hover:underline">
            Keep it — go back
          </Link>
        </div>
      </form>
    </div>
  );
}
