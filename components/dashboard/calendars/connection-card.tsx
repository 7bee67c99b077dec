"use client";

import { useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, Input, describedBy } from "@/components/ui/field";
import type { CalendarDto, ConnectionDto } from "@/lib/calendars/connection-dto";
import type { CalendarSyncStatus } from "@/lib/sync/get-sync-status";
import { CalendarSyncLine } from "./calendar-sync-line";
import { PROVIDER_NAMES, ProviderBadge, ProviderMark, StatusBadge } from "./provider-label";
import { useConnectionSync, useNow } from "./use-connection-sync";

const RADIO_NAME = "destination-calendar";

interface ConnectionCardProps {
  connection: ConnectionDto;
  /** Calendar ids with a change on its way to the server. */
  pending: ReadonlySet<string>;
  refreshing: boolean;
  onToggleConflicts(calendar: CalendarDto, checked: boolean): void;
  onChooseDestination(calendar: CalendarDto): void;
  onRefresh(): void;
  onDisconnect(): void;
  onReplaced(connection: ConnectionDto): void;
}

/** One connected account: who it is, whether it works, and the host's choices for each of its calendars. */
export function ConnectionCard({ connection, pending, refreshing, onToggleConflicts, onChooseDestination, onRefresh, onDisconnect, onReplaced }: ConnectionCardProps) {
  const titleId = `connection-${connection.id}-title`;
  const broken = connection.status !== "active";
  const sync = useConnectionSync(connection);
  const now = useNow();
  const anyTicked = connection.calendars.some((c) => c.selectedForConflicts);
  return (
    <li aria-labelledby={titleId} className="rounded-lg border border-slate-200">
      <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-3">
          <ProviderMark provider={connection.provider} />
          <div className="min-w-0">
            <h3 id={titleId} className="truncate text-sm font-semibold text-slate-900" title={connection.label}>
              {connection.label}
            </h3>
            <div className="mt-1 flex flex-wrap items-center gap-1.5">
              <ProviderBadge provider={connection.provider} />
              <StatusBadge status={connection.status} />
            </div>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {connection.status === "needs_reconnect" && (connection.provider === "google" || connection.provider === "microsoft") && (
            <a
              href={`/api/integrations/${connection.provider}/connect${connection.accountEmail ? `?loginHint=${encodeURIComponent(connection.accountEmail)}` : ""}`}
              className={buttonClasses("primary", "sm")}
            >
              Reconnect<span className="sr-only"> {connection.label}</span>
            </a>
          )}
          <Button
            variant="secondary"
            size="sm"
            onClick={() => void sync.syncNow()}
            loading={sync.syncing}
            disabled={!anyTicked}
            aria-describedby={titleId}
            title={anyTicked ? "Read this account's ticked calendars again now" : "Tick a calendar first"}
          >
            Sync now
          </Button>
          <Button variant="secondary" size="sm" onClick={onRefresh} loading={refreshing} aria-label={`Refresh the calendars of ${connection.label}`}>
            Refresh
          </Button>
          <Button variant="ghostDanger" size="sm" onClick={onDisconnect} aria-label={`Disconnect ${connection.label}`}>
            Disconnect
          </Button>
        </div>
      </div>

      {broken && (
        <div className="px-4 pb-4">
          <Alert tone={connection.status === "needs_reconnect" ? "warning" : "error"} title={statusTitle(connection)}>
            {connection.lastError && <p className="break-words">{connection.lastError}</p>}
            {connection.status === "needs_reconnect" && connection.provider === "caldav" && (
              <CaldavPasswordForm connection={connection} onReplaced={onReplaced} />
            )}
            {connection.status === "needs_reconnect" && connection.provider === "ics" && (
              <p className="mt-1">Check that the feed address still works, then use Refresh — or disconnect it and subscribe again.</p>
            )}
          </Alert>
        </div>
      )}

      {sync.error && (
        <div className="px-4 pb-4">
          <Alert tone="error">Sync status: {sync.error}</Alert>
        </div>
      )}

      {connection.calendars.length === 0 ? (
        <p className="border-t border-slate-200 px-4 py-3 text-sm text-slate-600">This account has no calendars Kairos can read.</p>
      ) : (
        <ul className="divide-y divide-slate-200 border-t border-slate-200" aria-label={`Calendars of ${connection.label}`}>
          {connection.calendars.map((calendar) => (
            <CalendarRow
              key={calendar.id}
              calendar={calendar}
              // "Primary" tells calendars of one account apart; a feed has only one.
              showPrimary={connection.calendars.length > 1}
              pending={pending.has(calendar.id)}
              sync={sync.status?.calendars.find((c) => c.calendarId === calendar.id && c.selected && calendar.selectedForConflicts)}
              now={now}
              onToggleConflicts={(checked) => onToggleConflicts(calendar, checked)}
              onChooseDestination={() => onChooseDestination(calendar)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function statusTitle(connection: ConnectionDto): string {
  if (connection.status === "error") return "Kairos could not read this calendar account the last time it tried. It will keep trying.";
  const name = PROVIDER_NAMES[connection.provider];
  if (connection.provider === "caldav") return "The server no longer accepts the saved password. Enter the current (app-specific) password to reconnect.";
  if (connection.provider === "ics") return "The feed refused Kairos access.";
  return `Kairos lost access to this ${name} account. Until you reconnect it, its events do not block your time.`;
}

function CalendarRow({
  calendar,
  showPrimary,
  pending,
  sync,
  now,
  onToggleConflicts,
  onChooseDestination,
}: {
  calendar: CalendarDto;
  showPrimary: boolean;
  pending: boolean;
  /** Its sync health, while it is ticked (only ticked calendars are synced). */
  sync: CalendarSyncStatus | undefined;
  now: number;
  onToggleConflicts(checked: boolean): void;
  onChooseDestination(): void;
}) {
  const conflictsId = `calendar-${calendar.id}-conflicts`;
  const destinationId = `calendar-${calendar.id}-destination`;
  const syncId = `calendar-${calendar.id}-sync`;
  return (
    <li className="px-4 py-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-2.5">
          <span
            aria-hidden="true"
            className="size-3 shrink-0 rounded-full ring-1 ring-black/10"
            style={{ backgroundColor: calendar.color ?? "#94a3b8" }}
          />
          <span className="truncate text-sm font-medium text-slate-800" title={calendar.name}>
            {calendar.name}
          </span>
          {showPrimary && calendar.isPrimary && <Badge>Primary</Badge>}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-x-5 gap-y-2 pl-5 sm:pl-0">
          <label htmlFor={conflictsId} className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700">
            <input
              id={conflictsId}
              type="checkbox"
              checked={calendar.selectedForConflicts}
              disabled={pending}
              aria-describedby={sync ? syncId : undefined}
              onChange={(e) => onToggleConflicts(e.target.checked)}
              className="size-4 rounded border-slate-300 accent-brand-600"
            />
            Check for conflicts<span className="sr-only"> with {calendar.name}</span>
          </label>
          {calendar.canWrite ? (
            <label htmlFor={destinationId} className="inline-flex cursor-pointer items-center gap-2 text-sm text-slate-700">
              <input
                id={destinationId}
                type="radio"
                name={RADIO_NAME}
                checked={calendar.isDestination}
                disabled={pending}
                onChange={onChooseDestination}
                className="size-4 border-slate-300 accent-brand-600"
              />
              Add new bookings here<span className="sr-only"> ({calendar.name})</span>
            </label>
          ) : (
            <span className="text-xs text-slate-500">Read-only: bookings can’t be added here</span>
          )}
        </div>
      </div>
      {sync && <CalendarSyncLine status={sync} now={now} id={syncId} />}
    </li>
  );
}

function CaldavPasswordForm({ connection, onReplaced }: { connection: ConnectionDto; onReplaced(connection: ConnectionDto): void }) {
  const id = `reconnect-${connection.id}-password`;
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      onReplaced(await api.patch<ConnectionDto>(`/api/v1/connections/${encodeURIComponent(connection.id)}`, { password }));
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldErrors().password ?? e.message) : errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-start">
      <Field id={id} label={`New password for ${connection.label}`} error={error} className="flex-1 text-slate-900">
        <Input
          id={id}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          invalid={!!error}
          {...describedBy(id, { error })}
        />
      </Field>
      <Button type="submit" loading={saving} disabled={password === ""} className="sm:mt-[1.625rem]">
        Reconnect
      </Button>
    </form>
  );
}
