"use client";

import { formatTime, type HourCycle } from "@/lib/time/format";

export interface Slot {
  start: string;
  end: string;
}

/**
 * The free times of one day as buttons, each named by its time alone
 * ("9:30 AM" / "09:30") in the guest's zone; the list's heading gives the day.
 */
export function TimeSlotList({
  slots,
  zone,
  hourCycle,
  onPick,
  labelledBy,
}: {
  slots: Slot[];
  zone: string;
  hourCycle: HourCycle;
  onPick: (slot: Slot) => void;
  /** id of the heading that names the day. */
  labelledBy: string;
}) {
  return (
    <ul aria-labelledby={labelledBy} className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-1">
      {slots.map((slot) => (
        <li key={slot.start}>
          <button
            type="button"
            data-slot-start={slot.start}
            onClick={() => onPick(slot)}
            className="h-11 w-full rounded-lg border border-brand-500/60 bg-white text-sm font-semibold text-brand-700 tabular-nums transition-colors hover:border-brand-600 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            {formatTime(slot.start, zone, hourCycle)}
          </button>
        </li>
      ))}
    </ul>
  );
}
