"use client";

import { useMemo } from "react";
import { Select } from "@/components/ui/field";
import { allTimeZones } from "@/components/ui/time-zone-select";
import { formatZoneOffset } from "@/lib/time/format";

/**
 * A native, labelled select of every IANA zone the browser knows (plus the
 * current one, should the browser report an alias that is not in its list).
 * Native on purpose: guests on phones get the platform's own picker.
 */
export function TimeZonePicker({ id, value, onChange }: { id: string; value: string; onChange: (zone: string) => void }) {
  const options = useMemo(() => {
    const zones = allTimeZones();
    const list = zones.includes(value) ? zones : [value, ...zones];
    const now = Date.now();
    return list.map((zone) => ({ zone, offset: safeOffset(zone, now) }));
  }, [value]);

  return (
    <div>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-800">
        Time zone
      </label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(({ zone, offset }) => (
          <option key={zone} value={zone}>
            {offset ? `${zone} (${offset})` : zone}
          </option>
        ))}
      </Select>
    </div>
  );
}

function safeOffset(zone: string, at: number): string {
  try {
    return formatZoneOffset(zone, at);
  } catch {
    return "";
  }
}
