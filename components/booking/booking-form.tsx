"use client";

import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input, Textarea } from "@/components/ui/field";

export interface GuestDetails {
  name: string;
  email: string;
  notes: string;
}

export type GuestDetailErrors = Partial<Record<keyof GuestDetails, string>>;

/**
 * The guest's name, email and notes. Validation is the API's: its field
 * errors come back in `errors` and are shown beside the fields, and the first
 * invalid field takes focus so keyboard users land where the problem is.
 */
export function BookingForm({
  values,
  onChange,
  errors,
  generalError,
  submitting,
  onSubmit,
  summary,
}: {
  values: GuestDetails;
  onChange: (values: GuestDetails) => void;
  errors: GuestDetailErrors;
  generalError: string | null;
  submitting: boolean;
  onSubmit: () => void;
  /** The chosen time, shown above the fields. */
  summary: ReactNode;
}) {
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const firstInvalid = (["name", "email", "notes"] as const).find((f) => errors[f]);
    if (firstInvalid) form.current?.querySelector<HTMLElement>(`#booking-${firstInvalid}`)?.focus();
  }, [errors]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!submitting) onSubmit();
  }

  const set = (field: keyof GuestDetails) => (event: { target: { value: string } }) =>
    onChange({ ...values, [field]: event.target.value });

  return (
    <form ref={form} onSubmit={submit} noValidate className="space-y-5" aria-describedby="booking-summary">
      <div id="booking-summary">{summary}</div>
      {generalError && <Alert tone="error">{generalError}</Alert>}
      <Field id="booking-name" label="Name" error={errors.name}>
        <Input
          id="booking-name"
          name="name"
          autoComplete="name"
          value={values.name}
          onChange={set("name")}
          invalid={Boolean(errors.name)}
          {...describedBy("booking-name", { error: errors.name })}
        />
      </Field>
      <Field id="booking-email" label="Email" error={errors.email} hint="Your confirmation and links to reschedule or cancel go here.">
        <Input
          id="booking-email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          value={values.email}
          onChange={set("email")}
          invalid={Boolean(errors.email)}
          {...describedBy("booking-email", { error: errors.email, hint: true })}
        />
      </Field>
      <Field id="booking-notes" label="Notes" optional error={errors.notes} hint="Anything that helps prepare for the meeting.">
        <Textarea
          id="booking-notes"
          name="notes"
          rows={4}
          value={values.notes}
          onChange={set("notes")}
          invalid={Boolean(errors.notes)}
          {...describedBy("booking-notes", { error: errors.notes, hint: true })}
        />
      </Field>
      <Button type="submit" size="lg" loading={submitting} className="w-full sm:w-auto">
        Confirm booking
      </Button>
    </form>
  );
}
