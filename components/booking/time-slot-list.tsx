"use client";

import { formatTime, type HourCycle } from "@/lib/time/format";

export interface Slot {
  start: string;
  end: string;
  /** Group events only: guests who can still book this time. */
  seatsRemaining?: number;
}

/** "1 spot left" / "3 spots left". */
export function spotsLeftPhrase(seats: number): string {
  return `${seats} ${seats === 1 ? "spot" : "spots"} left`;
}

/**
 * The free times of one day as buttons, each named by its time ("9:30 AM" /
 * "09:30") in the guest's zone — and, for a group event, the spots it has left
 * ("9:30 AM, 3 spots left"); the list's heading gives the day.
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
      {slots.map((slot) => {
        const time = formatTime(slot.start, zone, hourCycle);
        const seats = slot.seatsRemaining;
        return (
          <li key={slot.start}>
            <button
              type="button"
              data-slot-start={slot.start}
              onClick={() => onPick(slot)}
              // The name is given whole: read from the two lines it would lose the comma between them.
              aria-label={seats === undefined ? undefined : `${time}, ${spotsLeftPhrase(seats)}`}
              className={`w-full rounded-lg border border-brand-500/60 bg-white text-sm font-semibold text-brand-700 tabular-nums transition-colors hover:border-brand-600 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
                seats === undefined ? "h-11" : "flex min-h-11 flex-col items-center justify-center py-1.5 leading-tight"
              }`}
            >
              {time}
              {seats !== undefined && (
                <span className={`mt-0.5 text-xs font-medium ${seats === 1 ? "text-amber-700" : "text-slate-600"}`}>{spotsLeftPhrase(seats)}</span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
