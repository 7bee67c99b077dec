"use client";

import { formatMeeting } from "@/lib/time/format";
import { useHourCyclePreference } from "@/components/use-hour-cycle";

/** "Monday, December 7, 2026 · 9:30 AM – 10:00 AM" in `zone`, on the guest's 12/24-hour choice. */
export function MeetingTime({ start, end, zone }: { start: string; end: string; zone: string }) {
  const [hourCycle] = useHourCyclePreference();
  return <>{formatMeeting(start, end, zone, hourCycle)}</>;
}
