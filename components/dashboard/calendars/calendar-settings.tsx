"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Switch } from "@/components/ui/field";
import { LoadFailed } from "@/components/ui/load-failed";
import { LoadingRows } from "@/components/ui/skeleton";
import { useApiData } from "@/components/use-api-data";
import type { CalendarFeatures } from "@/lib/calendars/calendar-features";
import type { CalendarDto, ConnectionDto } from "@/lib/calendars/connection-dto";
import type { OAuthConnectFailure } from "@/lib/calendars/oauth-connect-error";
import { AddCalendarPanel } from "./add-calendar-panel";
import { ConnectionCard } from "./connection-card";
import { OAUTH_PROVIDER_TITLES } from "./provider-label";

type OAuthProvider = keyof typeof OAUTH_PROVIDER_TITLES;

/** What the OAuth callback reported (from the page's query string). */
export type ConnectFlash = { kind: "connected"; provider: OAuthProvider } | { kind: "error"; provider: OAuthProvider; reason: OAuthConnectFailure };

function flashMessage(flash: ConnectFlash): { tone: "success" | "error"; title: string; text: string } {
  const name = OAUTH_PROVIDER_TITLES[flash.provider];
  if (flash.kind === "connected") {
    return { tone: "success", title: `${name} is connected.`, text: "Its main calendar now blocks your time. Tick any other calendar below that should too." };
  }
  const texts: Record<OAuthConnectFailure, string> = {
    not_configured: `${name} is not set up on this server, so it cannot be connected. Ask whoever runs Kairos to configure it.`,
    no_encryption_key: "This server cannot store calendar credentials yet: its administrator must set KAIROS_ENCRYPTION_KEY.",
    access_denied: `You cancelled at ${name}; nothing was connected.`,
    invalid_state: "That sign-in expired or was not started from this page. Please try connecting again.",
    no_calendar_access: `${name} did not give Kairos access to your calendars. Connect again and allow Kairos to see and edit your calendar events.`,
    provider_error: `${name} did not complete the connection. Please try again in a moment.`,
  };
  return { tone: "error", title: `${name} was not connected.`, text: texts[flash.reason] };
}

export function CalendarSettings({ features, flash }: { features: CalendarFeatures; flash?: ConnectFlash }) {
  const router = useRouter();
  const pathname = usePathname();
  const { data: connections, setData: setConnections, loadError, reload } = useApiData<ConnectionDto[]>("/api/v1/connections");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; title?: string; text: string } | undefined>(() => {
    if (!flash) return undefined;
    const { tone, title, text } = flashMessage(flash);
    return { tone, title, text };
  });
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [refreshing, setRefreshing] = useState<string | null>(null);
  const [disconnecting, setDisconnecting] = useState<ConnectionDto | null>(null);
  const [disconnectPending, setDisconnectPending] = useState(false);

  useEffect(() => {
    // The flag is shown (and kept in state); reloading the page should not show it again.
    if (flash) router.replace(pathname, { scroll: false });
  }, [flash, router, pathname]);

  function replaceConnection(next: ConnectionDto) {
    setConnections((list) => (list?.some((c) => c.id === next.id) ? list.map((c) => (c.id === next.id ? next : c)) : [...(list ?? []), next]));
  }

  function patchCalendars(update: (calendar: CalendarDto) => CalendarDto) {
    setConnections((list) => list?.map((c) => ({ ...c, calendars: c.calendars.map(update) })) ?? null);
  }

  function markPending(id: string, on: boolean) {
    setPending((set) => {
      const next = new Set(set);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function toggleConflicts(calendar: CalendarDto, checked: boolean) {
    markPending(calendar.id, true);
    patchCalendars((c) => (c.id === calendar.id ? { ...c, selectedForConflicts: checked } : c));
    try {
      const saved = await api.patch<CalendarDto>(`/api/v1/calendars/${encodeURIComponent(calendar.id)}`, { selectedForConflicts: checked });
      patchCalendars((c) => (c.id === saved.id ? saved : c));
    } catch (error) {
      patchCalendars((c) => (c.id === calendar.id ? { ...c, selectedForConflicts: !checked } : c));
      setNotice({ tone: "error", text: `“${calendar.name}” could not be changed: ${errorMessage(error)}` });
    } finally {
      markPending(calendar.id, false);
    }
  }

  async function chooseDestination(calendar: CalendarDto | null) {
    const current = connections?.flatMap((c) => c.calendars).find((c) => c.isDestination) ?? null;
    if (current?.id === calendar?.id) return;
    const target = calendar ?? current!;
    markPending(target.id, true);
    patchCalendars((c) => ({ ...c, isDestination: c.id === calendar?.id }));
    try {
      await api.patch<CalendarDto>(`/api/v1/calendars/${encodeURIComponent(target.id)}`, { isDestination: calendar !== null });
    } catch (error) {
      patchCalendars((c) => ({ ...c, isDestination: c.id === current?.id }));
      setNotice({ tone: "error", text: `The calendar for new bookings could not be changed: ${errorMessage(error)}` });
    } finally {
      markPending(target.id, false);
    }
  }

  async function refresh(connection: ConnectionDto) {
    setRefreshing(connection.id);
    try {
      replaceConnection(await api.post<ConnectionDto>(`/api/v1/connections/${encodeURIComponent(connection.id)}/refresh`));
      setNotice({ tone: "success", text: `The calendars of ${connection.label} are up to date.` });
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(error) });
      // The account's status may have changed (e.g. to "Reconnect needed").
      await reload();
    } finally {
      setRefreshing(null);
    }
  }

  async function disconnect() {
    if (!disconnecting) return;
    setDisconnectPending(true);
    try {
      await api.delete(`/api/v1/connections/${encodeURIComponent(disconnecting.id)}`);
      setConnections((list) => list?.filter((c) => c.id !== disconnecting.id) ?? null);
      setNotice({ tone: "success", text: `${disconnecting.label} was disconnected.` });
    } catch (error) {
      setNotice({ tone: "error", text: errorMessage(error) });
    } finally {
      setDisconnectPending(false);
      setDisconnecting(null);
    }
  }

  function connected(connection: ConnectionDto) {
    replaceConnection(connection);
    setNotice({ tone: "success", title: `${connection.label} is connected.`, text: "Tick the calendars that should block your time." });
  }

  const calendars = connections?.flatMap((c) => c.calendars) ?? [];
  const destination = calendars.find((c) => c.isDestination);
  const anyWritable = calendars.some((c) => c.canWrite);

  return (
    <>
      {notice && (
        <Alert tone={notice.tone} title={notice.title}>
          {notice.text}
        </Alert>
      )}
      {!features.canStoreCredentials && (
        <Alert tone="warning" title="Calendars cannot be connected on this server yet.">
          Kairos stores calendar passwords and tokens encrypted, and this server has no encryption key. Its administrator must set{" "}
          <code className="text-xs">KAIROS_ENCRYPTION_KEY</code> (e.g. the output of <code className="text-xs">openssl rand -base64 32</code>) and restart Kairos.
        </Alert>
      )}

      <Card>
        <CardHeader
          title="Connected calendars"
          description="Ticked calendars block times on your booking pages. New bookings are added to the one you choose."
        />
        {loadError && !connections ? (
          <CardBody className="space-y-3">
            <LoadFailed title="Your calendars could not be loaded." error={loadError} onRetry={() => void reload()} />
          </CardBody>
        ) : !connections ? (
          <LoadingRows rows={2} label="Loading your calendars…" />
        ) : connections.length === 0 ? (
          <CardBody>
            <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
              No calendars connected yet. Add one below: until then, only your Kairos bookings block your time.
            </p>
          </CardBody>
        ) : (
          <CardBody className="space-y-4">
            <ul className="space-y-4" aria-label="Connected accounts">
              {connections.map((connection) => (
                <ConnectionCard
                  key={connection.id}
                  connection={connection}
                  pending={pending}
                  refreshing={refreshing === connection.id}
                  onToggleConflicts={(calendar, checked) => void toggleConflicts(calendar, checked)}
                  onChooseDestination={(calendar) => void chooseDestination(calendar)}
                  onRefresh={() => void refresh(connection)}
                  onDisconnect={() => setDisconnecting(connection)}
                  onReplaced={(next) => {
                    replaceConnection(next);
                    setNotice({ tone: "success", text: `${next.label} is reconnected.` });
                  }}
                />
              ))}
            </ul>
            {anyWritable && (
              <div className="flex flex-col gap-2 rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-700 sm:flex-row sm:items-center sm:justify-between">
                <p>
                  {destination ? (
                    <>
                      New bookings are added to <span className="font-medium text-slate-900">{destination.name}</span>.
                    </>
                  ) : (
                    "New bookings are not added to any of your calendars."
                  )}
                </p>
                <label htmlFor="destination-none" className="inline-flex cursor-pointer items-center gap-2">
                  <input
                    id="destination-none"
                    type="radio"
                    name="destination-calendar"
                    checked={!destination}
                    disabled={pending.size > 0}
                    onChange={() => void chooseDestination(null)}
                    className="size-4 border-slate-300 accent-brand-600"
                  />
                  Don’t add new bookings to a calendar
                </label>
              </div>
            )}
          </CardBody>
        )}
      </Card>

      <AddCalendarPanel features={features} onConnected={connected} />
      <CalendarPreferences />

      <Dialog
        open={disconnecting !== null}
        onClose={() => !disconnectPending && setDisconnecting(null)}
        title={`Disconnect ${disconnecting?.label ?? ""}?`}
        description={
          disconnecting?.calendars.some((c) => c.canWrite)
            ? "Its events stop blocking your time and new bookings are no longer added to it. Events Kairos already added stay in that calendar."
            : "Its events stop blocking your time."
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setDisconnecting(null)} disabled={disconnectPending}>
              Keep it
            </Button>
            <Button variant="danger" onClick={() => void disconnect()} loading={disconnectPending}>
              Disconnect
            </Button>
          </>
        }
      />
    </>
  );
}

function CalendarPreferences() {
  const [allDayEventsBlock, setAllDayEventsBlock] = useState<boolean | null>(null);
  const [error, setError] = useState<string>();

  useEffect(() => {
    api
      .get<{ allDayEventsBlock: boolean }>("/api/v1/calendar-settings")
      .then((s) => setAllDayEventsBlock(s.allDayEventsBlock))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  async function change(next: boolean) {
    setAllDayEventsBlock(next);
    setError(undefined);
    try {
      await api.patch("/api/v1/calendar-settings", { allDayEventsBlock: next });
    } catch (e) {
      setAllDayEventsBlock(!next);
      setError(errorMessage(e));
    }
  }

  return (
    <Card>
      <CardHeader title="How calendar events count" />
      <CardBody className="space-y-3">
        {error && <Alert tone="error">{error}</Alert>}
        <Switch
          id="all-day-events-block"
          checked={allDayEventsBlock ?? true}
          disabled={allDayEventsBlock === null}
          onChange={(next) => void change(next)}
          label="All-day events block my time"
          description="On: a holiday or a trip in a ticked calendar closes the whole day. Off: all-day events are treated as reminders. Events marked free, and invitations you declined, never block."
        />
      </CardBody>
    </Card>
  );
}
