"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "@/components/api-client";
import type { ConnectionDto } from "@/lib/calendars/connection-dto";
import type { ConnectionSyncStatus } from "@/lib/sync/get-sync-status";

/** How often the status is asked for while a sync is waiting or running, and for how long at most. */
const POLL_MS = 2_000;
const POLL_FOR_MS = 90_000;

export interface ConnectionSync {
  status: ConnectionSyncStatus | null;
  /** The status could not be loaded, or "Sync now" failed. */
  error: string | null;
  /** A sync was asked for and has not finished (or we stopped watching it). */
  syncing: boolean;
  syncNow(): Promise<void>;
}

/**
 * One account's sync status (GET /api/v1/connections/{id}/sync), loaded when
 * the card appears and again whenever its ticked calendars or status change
 * (ticking a calendar queues its first sync). While a sync job waits or runs,
 * the status is asked for every 2 s — for at most 90 s, so a server whose
 * worker is off does not make the page poll forever.
 */
export function useConnectionSync(connection: ConnectionDto): ConnectionSync {
  const [status, setStatus] = useState<ConnectionSyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [requesting, setRequesting] = useState(false);
  const watchUntil = useRef(0);
  const selection = connection.calendars
    .filter((c) => c.selectedForConflicts)
    .map((c) => c.id)
    .join(",");

  const load = useCallback(async () => {
    try {
      setStatus(await api.get<ConnectionSyncStatus>(`/api/v1/connections/${encodeURIComponent(connection.id)}/sync`, { runs: 5 }));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [connection.id]);

  useEffect(() => {
    watchUntil.current = Date.now() + POLL_FOR_MS;
    void load();
  }, [load, selection, connection.status]);

  const pending = status?.calendars.some((c) => c.job === "running" || (c.job === "queued" && Date.parse(c.jobRunAt ?? "") <= Date.now() + POLL_MS)) ?? false;
  const watching = pending && Date.now() < watchUntil.current;
  useEffect(() => {
    if (!watching) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [watching, status, load]);

  const syncNow = useCallback(async () => {
    setRequesting(true);
    setError(null);
    watchUntil.current = Date.now() + POLL_FOR_MS;
    try {
      setStatus(await api.post<ConnectionSyncStatus>(`/api/v1/connections/${encodeURIComponent(connection.id)}/sync`));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRequesting(false);
    }
  }, [connection.id]);

  return { status, error, syncing: requesting || watching, syncNow };
}

/** The current time, ticking every `everyMs`: keeps "2 minutes ago" true while the page stays open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
