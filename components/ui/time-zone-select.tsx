"use client";

import { useEffect, useId, useMemo, useRef, useState, type ComponentProps } from "react";
import { controlClasses } from "./field";

interface ZoneOption {
  zone: string;
  /** e.g. "GMT+01:00", for the current moment. */
  offset: string;
  /** Lower-cased text the filter matches against. */
  haystack: string;
}

let cachedZones: string[] | undefined;

/** All IANA zones the browser knows, plus UTC (some engines leave it out). */
export function allTimeZones(): string[] {
  if (!cachedZones) {
    const supported = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    cachedZones = Array.from(new Set(["UTC", ...supported])).sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
  }
  return cachedZones;
}

/** The zone the browser runs in (what a new user most likely lives in). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function zoneOffsetLabel(zone: string, at: Date = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName");
    return part?.value === "GMT" ? "GMT+00:00" : (part?.value ?? "");
  } catch {
    return "";
  }
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[_/]+/g, " ").trim();
}

/**
 * A searchable select of IANA time zones (an ARIA 1.2 combobox). Type part of a
 * city or region, pick with the mouse or arrow keys + Enter. Typing an exact
 * zone name and leaving the field also selects it; anything else reverts.
 */
export function TimeZoneSelect({
  id,
  value,
  onChange,
  invalid,
  disabled,
  ...aria
}: {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  invalid?: boolean;
  disabled?: boolean;
} & Pick<ComponentProps<"input">, "aria-describedby" | "aria-invalid">) {
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);

  const options: ZoneOption[] = useMemo(() => {
    if (!open) return [];
    const now = new Date();
    const zones = allTimeZones();
    const list = value && !zones.includes(value) ? [value, ...zones] : zones;
    return list.map((zone) => {
      const offset = zoneOffsetLabel(zone, now);
      return { zone, offset, haystack: `${normalise(zone)} ${offset.toLowerCase()}` };
    });
  }, [open, value]);

  const filtered = useMemo(() => {
    const q = query === null ? "" : normalise(query);
    if (!q) return options;
    const words = q.split(/\s+/);
    return options.filter((o) => words.every((w) => o.haystack.includes(w)));
  }, [options, query]);

  function commit(zone: string) {
    onChange(zone);
    setQuery(null);
    setOpen(false);
  }

  function revertOrCommitTyped() {
    if (query !== null) {
      const exact = allTimeZones().find((z) => z.toLowerCase() === query.trim().toLowerCase());
      if (exact && exact !== value) onChange(exact);
    }
    setQuery(null);
    setOpen(false);
  }

  function move(delta: number) {
    if (!open) {
      setOpen(true);
      setActive(Math.max(0, filtered.findIndex((o) => o.zone === value)));
      return;
    }
    const next = Math.min(Math.max(active + delta, 0), Math.max(filtered.length - 1, 0));
    setActive(next);
    listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: "nearest" });
  }

  // When the list opens on the current zone, show it rather than the top of the list.
  useEffect(() => {
    if (open) listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const activeOption = open ? filtered[active] : undefined;

  return (
    <div className="relative">
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query ?? value}
        placeholder="Search for a city or region"
        className={`${controlClasses} block h-10 w-full pr-9 ${invalid ? "border-red-500" : "border-slate-300"}`}
        onFocus={(e) => e.currentTarget.select()}
        onClick={() => {
          if (!open) {
            setOpen(true);
            setActive(Math.max(0, (allTimeZones().includes(value) ? allTimeZones() : [value, ...allTimeZones()]).indexOf(value)));
          }
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={revertOrCommitTyped}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            move(1);
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            move(-1);
          } else if (e.key === "Enter") {
            if (open && activeOption) {
              e.preventDefault();
              commit(activeOption.zone);
            }
          } else if (e.key === "Escape") {
            if (open) {
              e.preventDefault();
              e.stopPropagation();
              setQuery(null);
              setOpen(false);
            }
          }
        }}
        {...aria}
      />
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        fill="currentColor"
        className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-slate-500"
      >
        <path
          fillRule="evenodd"
          d="M10.53 3.47a.75.75 0 0 0-1.06 0L6.22 6.72a.75.75 0 0 0 1.06 1.06L10 5.06l2.72 2.72a.75.75 0 1 0 1.06-1.06l-3.25-3.25Zm-4.31 9.81 3.25 3.25a.75.75 0 0 0 1.06 0l3.25-3.25a.75.75 0 1 0-1.06-1.06L10 14.94l-2.72-2.72a.75.75 0 0 0-1.06 1.06Z"
          clipRule="evenodd"
        />
      </svg>
      {open && (
        <ul
          ref={listRef}
          id={listId}
          role="listbox"
          aria-label="Time zones"
          className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {filtered.length === 0 && <li className="px-3 py-2 text-slate-600">No time zone matches “{query}”.</li>}
          {filtered.map((option, index) => (
            <li
              key={option.zone}
              id={`${listId}-${index}`}
              data-index={index}
              role="option"
              aria-selected={option.zone === value}
              onMouseDown={(e) => {
                e.preventDefault();
                commit(option.zone);
              }}
              onMouseMove={() => setActive(index)}
              className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-2 ${
                index === active ? "bg-brand-50 text-brand-700" : "text-slate-800"
              }`}
            >
              <span className={option.zone === value ? "font-semibold" : ""}>{option.zone.replace(/_/g, " ")}</span>
              <span className="shrink-0 text-xs text-slate-600">{option.offset}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
