"use client";

import { useEffect, useState } from "react";
import type { HourCycle } from "@/lib/time/format";

/** Whether this browser's locale writes times as "9:30 AM" or "09:30". */
export function browserHourCycle(): HourCycle {
  try {
    const cycle = new Intl.DateTimeFormat(navigator.language, { hour: "numeric" }).resolvedOptions().hourCycle;
    return cycle === "h11" || cycle === "h12" ? "h12" : "h23";
  } catch {
    return "h23";
  }
}

/**
 * The reader's clock preference. The server cannot know it, so the first
 * render uses 24-hour time and the browser's choice follows after hydration.
 */
export function useHourCycle(): HourCycle {
  const [cycle, setCycle] = useState<HourCycle>("h23");
  useEffect(() => setCycle(browserHourCycle()), []);
  return cycle;
}
