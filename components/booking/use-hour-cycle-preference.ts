"use client";

import { useCallback, useSyncExternalStore } from "react";
import { browserHourCycle } from "@/components/use-hour-cycle";
import type { HourCycle } from "@/lib/time/format";

const STORAGE_KEY = "kairos.hourCycle";
const listeners = new Set<() => void>();
/** The pick of this page view, for browsers that refuse localStorage. */
let picked: HourCycle | null = null;

function read(): HourCycle {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === "h12" || stored === "h23") return stored;
  } catch {
    // Storage can be blocked (privacy modes); the locale default still works.
  }
  return picked ?? browserHourCycle();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * The guest's 12/24-hour choice: the browser locale's habit until they pick
 * one, then their pick, remembered in localStorage across pages and visits.
 * The server renders 12-hour times (en-US); the browser's value follows on
 * hydration without a mismatch because useSyncExternalStore knows both.
 */
export function useHourCyclePreference(): [HourCycle, (cycle: HourCycle) => void] {
  const cycle = useSyncExternalStore(subscribe, read, () => "h12" as const);
  const setCycle = useCallback((next: HourCycle) => {
    picked = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still applied below for this page.
    }
    listeners.forEach((l) => l());
  }, []);
  return [cycle, setCycle];
}
