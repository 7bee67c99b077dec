"use client";

import type { HourCycle } from "@/lib/time/format";

const CHOICES: { value: HourCycle; label: string }[] = [
  { value: "h12", label: "12h" },
  { value: "h23", label: "24h" },
];

/** A two-button segmented control: "12h" / "24h", the current one pressed. */
export function HourCycleToggle({ value, onChange }: { value: HourCycle; onChange: (cycle: HourCycle) => void }) {
  return (
    <div role="group" aria-label="Time format" className="inline-flex h-10 items-center rounded-lg border border-slate-300 bg-white p-0.5 shadow-sm">
      {CHOICES.map((choice) => {
        const active = choice.value === value;
        return (
          <button
            key={choice.value}
            type="button"
            aria-pressed={active}
            onClick={() => onChange(choice.value)}
            className={`h-8 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600 ${
              active ? "bg-brand-600 text-white shadow-sm" : "text-slate-700 hover:bg-slate-100"
            }`}
          >
            {choice.label}
          </button>
        );
      })}
    </div>
  );
}
