"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, api, errorMessage } from "@/components/api-client";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, describedBy } from "@/components/ui/field";
import { LoadFailed } from "@/components/ui/load-failed";
import { LoadingRows } from "@/components/ui/skeleton";
import { TimeZoneSelect } from "@/components/ui/time-zone-select";
import type { ScheduleDto } from "@/lib/schedules/schedule-schema";
import { ScheduleEditor } from "./schedule-editor";

const WORKWEEK = (["monday", "tuesday", "wednesday", "thursday", "friday"] as const).map((day) => ({ day, start: "09:00", end: "17:00" }));

/** The schedules list and the editor of the selected one. */
export function AvailabilityManager({ hostTimeZone, initialScheduleId }: { hostTimeZone: string; initialScheduleId?: string }) {
  const [schedules, setSchedules] = useState<ScheduleDto[] | null>(null);
  const [loadError, setLoadError] = useState<string>();
  const [selectedId, setSelectedId] = useState<string | undefined>(initialScheduleId);
  const [dirty, setDirty] = useState(false);
  const [pendingSwitch, setPendingSwitch] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<ScheduleDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async (select?: string) => {
    try {
      const list = await api.get<ScheduleDto[]>("/api/v1/schedules");
      setSchedules(list);
      setLoadError(undefined);
      setSelectedId((current) => {
        const wanted = select ?? current;
        return list.some((s) => s.id === wanted) ? wanted : (list.find((s) => s.isDefault) ?? list[0])?.id;
      });
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Keep the selection in the address so a reload returns to the same schedule.
  useEffect(() => {
    if (!selectedId) return;
    const url = new URL(window.location.href);
    url.searchParams.set("schedule", selectedId);
    window.history.replaceState(null, "", url);
  }, [selectedId]);

  const onDirtyChange = useCallback((d: boolean) => setDirty(d), []);

  function choose(id: string) {
    if (id === selectedId) return;
    if (dirty) setPendingSwitch(id);
    else select(id);
  }

  function select(id: string) {
    setSelectedId(id);
    setDirty(false);
    setNotice(undefined);
    setActionError(undefined);
  }

  async function setDefault(schedule: ScheduleDto) {
    setBusy(true);
    setActionError(undefined);
    try {
      await api.patch(`/api/v1/schedules/${encodeURIComponent(schedule.id)}`, { isDefault: true });
      await load(schedule.id);
      setNotice(`“${schedule.name}” is now your default schedule.`);
    } catch (error) {
      setActionError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function confirmDelete() {
    if (!deleting) return;
    setBusy(true);
    setActionError(undefined);
    try {
      await api.delete(`/api/v1/schedules/${encodeURIComponent(deleting.id)}`);
      const name = deleting.name;
      setDeleting(null);
      setDirty(false);
      setSelectedId(undefined);
      await load();
      setNotice(`“${name}” was deleted. Event types that used it now use your default schedule.`);
    } catch (error) {
      setActionError(errorMessage(error));
      setDeleting(null);
    } finally {
      setBusy(false);
    }
  }

  if (loadError && !schedules) {
    return (
      <Card className="space-y-3 p-5">
        <LoadFailed title="Your schedules could not be loaded." error={loadError} onRetry={() => void load()} />
      </Card>
    );
  }
  if (!schedules) {
    return (
      <Card>
        <LoadingRows rows={4} label="Loading schedules…" />
      </Card>
    );
  }

  const selected = schedules.find((s) => s.id === selectedId);

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)] lg:items-start">
      <Card className="lg:sticky lg:top-24">
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 id="schedules-heading" className="text-sm font-semibold text-slate-900">
            Schedules
          </h2>
          <Button size="sm" variant="secondary" onClick={() => setCreating(true)}>
            New schedule
          </Button>
        </div>
        <nav aria-labelledby="schedules-heading">
          <ul className="p-2">
            {schedules.map((s) => {
              const current = s.id === selectedId;
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    onClick={() => choose(s.id)}
                    aria-current={current ? "true" : undefined}
                    className={`flex w-full items-center justify-between gap-2 rounded-lg px-3 py-2.5 text-left focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
                      current ? "bg-brand-50" : "hover:bg-slate-50"
                    }`}
                  >
                    <span className="min-w-0">
                      <span className={`block truncate text-sm font-medium ${current ? "text-brand-700" : "text-slate-800"}`}>{s.name}</span>
                      <span className="block truncate text-xs text-slate-600">{s.timeZone.replace(/_/g, " ")}</span>
                    </span>
                    {s.isDefault && <Badge tone="brand">Default</Badge>}
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
      </Card>

      <div className="min-w-0 space-y-4">
        {notice && <Alert tone="success">{notice}</Alert>}
        {actionError && <Alert tone="error">{actionError}</Alert>}
        {selected ? (
          <ScheduleEditor
            key={selected.id}
            schedule={selected}
            busy={busy}
            onDirtyChange={onDirtyChange}
            onSaved={(updated) => setSchedules((list) => list?.map((s) => (s.id === updated.id ? updated : s)) ?? null)}
            onSetDefault={() => void setDefault(selected)}
            onDelete={() => setDeleting(selected)}
          />
        ) : (
          <Card className="p-5 text-sm text-slate-600">Pick a schedule to edit.</Card>
        )}
      </div>

      <NewScheduleDialog
        open={creating}
        hostTimeZone={hostTimeZone}
        onClose={() => setCreating(false)}
        onCreated={async (created) => {
          setCreating(false);
          setDirty(false);
          await load(created.id);
          setNotice(`“${created.name}” was created with Monday–Friday, 9:00–17:00. Adjust its hours below.`);
        }}
      />

      <Dialog
        open={pendingSwitch !== null}
        onClose={() => setPendingSwitch(null)}
        title="Discard unsaved changes?"
        description="This schedule has changes you haven’t saved."
        footer={
          <>
            <Button variant="secondary" onClick={() => setPendingSwitch(null)}>
              Keep editing
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                if (pendingSwitch) select(pendingSwitch);
                setPendingSwitch(null);
              }}
            >
              Discard changes
            </Button>
          </>
        }
      />

      <Dialog
        open={deleting !== null}
        onClose={() => !busy && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Event types that use this schedule switch to your default schedule. This can’t be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setDeleting(null)} disabled={busy}>
              Keep it
            </Button>
            <Button variant="danger" onClick={() => void confirmDelete()} loading={busy}>
              Delete schedule
            </Button>
          </>
        }
      />
    </div>
  );
}

function NewScheduleDialog({
  open,
  hostTimeZone,
  onClose,
  onCreated,
}: {
  open: boolean;
  hostTimeZone: string;
  onClose: () => void;
  onCreated: (schedule: ScheduleDto) => void | Promise<void>;
}) {
  const [name, setName] = useState("");
  const [timeZone, setTimeZone] = useState(hostTimeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (open) {
      setName("");
      setTimeZone(hostTimeZone);
      setErrors({});
      setFormError(undefined);
      setPending(false);
    }
  }, [open, hostTimeZone]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setFormError(undefined);
    try {
      const created = await api.post<ScheduleDto>("/api/v1/schedules", { name, timeZone, weekly: WORKWEEK, overrides: [] });
      await onCreated(created);
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(fields);
        if (!fields.name && !fields.timeZone) setFormError(error.message);
      } else setFormError(errorMessage(error));
    }
  }

  return (
    <Dialog
      open={open}
      onClose={() => !pending && onClose()}
      title="New schedule"
      description="A separate set of hours, for example for evenings or a second time zone. Event types can pick it."
    >
      <form onSubmit={submit} noValidate className="space-y-4 pb-5">
        {formError && <Alert tone="error">{formError}</Alert>}
        <Field id="new-schedule-name" label="Name" error={errors.name}>
          <Input
            id="new-schedule-name"
            value={name}
            placeholder="Evening hours"
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            invalid={!!errors.name}
            autoFocus
            {...describedBy("new-schedule-name", { error: errors.name })}
          />
        </Field>
        <Field id="new-schedule-timezone" label="Time zone" error={errors.timeZone}>
          <TimeZoneSelect
            id="new-schedule-timezone"
            value={timeZone}
            onChange={setTimeZone}
            invalid={!!errors.timeZone}
            {...describedBy("new-schedule-timezone", { error: errors.timeZone })}
          />
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Create schedule
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
