"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "@/components/ui/card";
import { Field, Input, describedBy } from "@/components/ui/field";
import { TimeZoneSelect } from "@/components/ui/time-zone-select";
import type { MeDto } from "@/lib/users/to-me-dto";

type Profile = Pick<MeDto, "name" | "email" | "username" | "timeZone">;

export function ProfileForm({ initial, publicUrl }: { initial: Profile; publicUrl: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState<Profile>(initial);
  const [values, setValues] = useState<Profile>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  const dirty = (Object.keys(values) as (keyof Profile)[]).some((k) => values[k] !== saved[k]);
  const usernameChanged = values.username.trim().toLowerCase() !== saved.username;

  function set(key: keyof Profile, value: string) {
    setValues((v) => ({ ...v, [key]: value }));
    setDone(false);
    if (errors[key]) setErrors((e) => ({ ...e, [key]: "" }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setFormError(undefined);
    setDone(false);
    // Only what changed: the API keeps absent fields as they are.
    const changes = Object.fromEntries((Object.keys(values) as (keyof Profile)[]).filter((k) => values[k] !== saved[k]).map((k) => [k, values[k]]));
    try {
      const me = await api.patch<MeDto>("/api/v1/me", changes);
      const next = { name: me.name, email: me.email, username: me.username, timeZone: me.timeZone };
      setSaved(next);
      setValues(next);
      setDone(true);
      // The navigation shows the name and public link; let the server render them anew.
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        if (!["name", "email", "username", "timeZone"].some((k) => fields[k])) setFormError(error.message);
      } else setFormError(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <form onSubmit={submit} noValidate>
        <CardHeader title="Profile" description="How you appear to guests, and the zone your dashboard shows times in." />
        <CardBody className="space-y-4">
          {formError && <Alert tone="error">{formError}</Alert>}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="profile-name" label="Name" error={errors.name}>
              <Input
                id="profile-name"
                autoComplete="name"
                value={values.name}
                onChange={(e) => set("name", e.target.value)}
                invalid={!!errors.name}
                {...describedBy("profile-name", { error: errors.name })}
              />
            </Field>
            <Field id="profile-email" label="Email" error={errors.email}>
              <Input
                id="profile-email"
                type="email"
                autoComplete="email"
                value={values.email}
                onChange={(e) => set("email", e.target.value)}
                invalid={!!errors.email}
                {...describedBy("profile-email", { error: errors.email })}
              />
            </Field>
            <Field
              id="profile-username"
              label="Username"
              error={errors.username}
              hint={
                <>
                  Your page: <span className="font-medium break-all text-slate-800">{`${publicUrl.replace(/^https?:\/\//, "")}/${values.username || "…"}`}</span>
                </>
              }
            >
              <Input
                id="profile-username"
                autoCapitalize="none"
                spellCheck={false}
                value={values.username}
                onChange={(e) => set("username", e.target.value.toLowerCase())}
                invalid={!!errors.username}
                {...describedBy("profile-username", { error: errors.username, hint: true })}
              />
            </Field>
            <Field id="profile-timezone" label="Time zone" error={errors.timeZone} hint="Schedules keep their own zones.">
              <TimeZoneSelect
                id="profile-timezone"
                value={values.timeZone}
                onChange={(zone) => set("timeZone", zone)}
                invalid={!!errors.timeZone}
                {...describedBy("profile-timezone", { error: errors.timeZone, hint: true })}
              />
            </Field>
          </div>
          {usernameChanged && (
            <Alert tone="warning">Changing your username changes all your booking links. Links you have already shared will stop working.</Alert>
          )}
        </CardBody>
        <CardFooter>
          {done && (
            <p role="status" className="mr-auto text-sm font-medium text-emerald-700">
              Profile saved.
            </p>
          )}
          <Button type="submit" loading={pending} disabled={!dirty}>
            Save profile
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
