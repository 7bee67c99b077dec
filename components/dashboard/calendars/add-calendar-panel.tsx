"use client";

import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field, Input, describedBy } from "@/components/ui/field";
import type { CalendarFeatures } from "@/lib/calendars/calendar-features";
import type { ConnectionDto } from "@/lib/calendars/connection-dto";
import { OAUTH_PROVIDER_TITLES, ProviderMark } from "./provider-label";

const ENV_NAMES = {
  google: "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
  microsoft: "MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET",
} as const;

/** Every way to add a calendar: OAuth buttons, a CalDAV login, an ICS subscription. */
export function AddCalendarPanel({ features, onConnected }: { features: CalendarFeatures; onConnected(connection: ConnectionDto): void }) {
  const disabled = !features.canStoreCredentials;
  return (
    <Card>
      <CardHeader title="Add a calendar" description="Connect every calendar that holds your commitments, so guests only see times you are really free." />
      <CardBody className="space-y-6">
        <ul className="grid gap-3 sm:grid-cols-2">
          {(["google", "microsoft"] as const).map((provider) => (
            <li key={provider} className="flex items-center gap-3 rounded-lg border border-slate-200 p-3">
              <ProviderMark provider={provider} />
              {features[provider] && !disabled ? (
                <a href={`/api/integrations/${provider}/connect`} className={buttonClasses("secondary", "md", "flex-1")}>
                  Connect {OAUTH_PROVIDER_TITLES[provider]}
                </a>
              ) : (
                <p className="text-sm text-slate-500">
                  <span className="font-medium text-slate-700">{OAUTH_PROVIDER_TITLES[provider]}</span>
                  {features[provider] ? (
                    " can be connected once calendar credentials can be stored."
                  ) : (
                    <>
                      {" "}
                      is not set up on this server. An administrator can enable it with <code className="text-xs">{ENV_NAMES[provider]}</code>.
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ul>
        <div className="grid gap-6 border-t border-slate-200 pt-6 md:grid-cols-2">
          <CaldavForm disabled={disabled} onConnected={onConnected} />
          <IcsForm disabled={disabled} onConnected={onConnected} />
        </div>
      </CardBody>
    </Card>
  );
}

type CaldavFields = { serverUrl: string; username: string; password: string };
const EMPTY_CALDAV: CaldavFields = { serverUrl: "", username: "", password: "" };

function CaldavForm({ disabled, onConnected }: { disabled: boolean; onConnected(connection: ConnectionDto): void }) {
  const [values, setValues] = useState(EMPTY_CALDAV);
  const [errors, setErrors] = useState<Partial<CaldavFields>>({});
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);

  function set(key: keyof CaldavFields, value: string) {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFormError(undefined);
    try {
      onConnected(await api.post<ConnectionDto>("/api/v1/connections", { provider: "caldav", ...values }));
      setValues(EMPTY_CALDAV);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fieldErrors());
        setFormError(error.message);
      } else setFormError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="caldav-form-title" className="space-y-3">
      <div>
        <h3 id="caldav-form-title" className="text-sm font-semibold text-slate-900">
          Connect CalDAV (iCloud, Fastmail, Nextcloud…)
        </h3>
        <p className="mt-0.5 text-xs text-slate-600">Busy times are read and new bookings can be added.</p>
      </div>
      {formError && <Alert tone="error">{formError}</Alert>}
      <Field id="caldav-server" label="Server address" error={errors.serverUrl} hint="E.g. https://caldav.icloud.com or https://cloud.example.com/remote.php/dav">
        <Input
          id="caldav-server"
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://caldav.icloud.com"
          value={values.serverUrl}
          disabled={disabled}
          onChange={(e) => set("serverUrl", e.target.value)}
          invalid={!!errors.serverUrl}
          {...describedBy("caldav-server", { error: errors.serverUrl, hint: true })}
        />
      </Field>
      <Field id="caldav-username" label="Username" error={errors.username}>
        <Input
          id="caldav-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={values.username}
          disabled={disabled}
          onChange={(e) => set("username", e.target.value)}
          invalid={!!errors.username}
          {...describedBy("caldav-username", { error: errors.username })}
        />
      </Field>
      <Field
        id="caldav-password"
        label="App-specific password"
        error={errors.password}
        hint={
          <>
            For iCloud, create one at appleid.apple.com → Sign-In and Security → App-Specific Passwords; your Apple ID password will not work. Fastmail and
            most hosts have app passwords too.
          </>
        }
      >
        <Input
          id="caldav-password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          disabled={disabled}
          onChange={(e) => set("password", e.target.value)}
          invalid={!!errors.password}
          {...describedBy("caldav-password", { error: errors.password, hint: true })}
        />
      </Field>
      <Button type="submit" loading={saving} disabled={disabled}>
        Connect CalDAV account
      </Button>
    </form>
  );
}

function IcsForm({ disabled, onConnected }: { disabled: boolean; onConnected(connection: ConnectionDto): void }) {
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onConnected(await api.post<ConnectionDto>("/api/v1/connections", { provider: "ics", url }));
      setUrl("");
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldErrors().url ?? e.message) : errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="ics-form-title" className="space-y-3">
      <div>
        <h3 id="ics-form-title" className="text-sm font-semibold text-slate-900">
          Subscribe to an ICS feed
        </h3>
        <p className="mt-0.5 text-xs text-slate-600">A read-only calendar address (.ics): its events block your time; bookings can’t be added to it.</p>
      </div>
      <Field
        id="ics-url"
        label="Feed address"
        error={error}
        hint="Google: Settings → your calendar → “Secret address in iCal format”. Outlook: Shared calendars → Publish → ICS link."
      >
        <Input
          id="ics-url"
          type="url"
          inputMode="url"
          placeholder="https://…/calendar.ics"
          value={url}
          disabled={disabled}
          onChange={(e) => {
            setUrl(e.target.value);
            setError(undefined);
          }}
          invalid={!!error}
          {...describedBy("ics-url", { error, hint: true })}
        />
      </Field>
      <Button type="submit" variant="secondary" loading={saving} disabled={disabled}>
        Subscribe
      </Button>
    </form>
  );
}
