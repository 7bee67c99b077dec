"use client";

import { useCallback, useSyncExternalStore } from "react";
import type { HourCycle } from "@/lib/time/format";

/**
 * The reader's 12/24-hour clock, in one place for every page: the browser
 * locale's habit ("9:30 AM" or "09:30") until they pick one on a booking
 * page, then their pick, remembered in localStorage across pages and visits.
 */

const STORAGE_KEY = "kairos.hourCycle";
const listeners = new Set<() => void>();
/** The pick of this page view, for browsers that refuse localStorage. */
let picked: HourCycle | null = null;

/** Whether this browser's locale writes times as "9:30 AM" or "09:30". */
export function browserHourCycle(): HourCycle {
  try {
    const cycle = new Intl.DateTimeFormat(navigator.language, { hour: "numeric" }).resolvedOptions().hourCycle;
    return cycle === "h11" || cycle === "h12" ? "h12" : "h23";
  } catch {
    return "h23";
  }
}

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
 * The clock preference and a setter. The server renders 12-hour times
 * (en-US); the browser's value follows on hydration without a mismatch
 * because useSyncExternalStore knows both.
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

/** The clock preference, for pages that only show times. */
export function useHourCycle(): HourCycle {
  return useHourCyclePreference()[0];
}
