/**
 * Case 3: 50 hosts × 1 000 busy blocks over 31 days — union (round-robin) and
 * intersection (collective) of their availability, measured three ways:
 * combining ready free time; from rules and busy blocks to combined free time;
 * and slot-level (each host's slots, then unionSlots / intersectSlots).
 */
import { availableToAtLeast, intersectAvailability, intersectSlots, unionAvailability, unionSlots } from "../lib/availability/combine-availability";
import { computeSlots } from "../lib/availability/compute-slots";
import { subtractIntervals } from "../lib/availability/intervals";
import { openHours } from "../lib/availability/open-hours";
import type { Interval } from "../lib/availability/types";
import { zonedDaysCache } from "../lib/time/zoned-days";
import { guestWindow, team } from "./lib/fixtures";
import { measure } from "./lib/measure";
import type { Row } from "./lib/table";

export async function benchTeam(iterations: number): Promise<Row[]> {
  const now = Date.now();
  // The window in UTC: a team page is not tied to one guest's zone here.
  const { range } = guestWindow("UTC", team.days, now);
  const hosts = Array.from({ length: team.hosts }, (_, h) => ({ rules: team.rules(h), busy: team.busy(h, range) }));
  const freeTime = () => hosts.map((h) => subtractIntervals(openHours(h.rules, range), h.busy));
  const free = freeTime();
  const slotsOf = () => hosts.map((h) => computeSlots({ rules: h.rules, policy: team.policy, busy: h.busy, range, now }));
  const slots = slotsOf();
  const warmup = Math.min(100, iterations);
  const size = (list: Interval[]) => list.length;

  const union = unionAvailability(free);
  const intersection = intersectAvailability(free);
  const quorum = availableToAtLeast(free, 25);
  const rows: Row[] = [
    {
      case: "50 hosts × 1 000 busy · 31 days: union + intersection of free time",
      timing: await measure(() => [unionAvailability(free), intersectAvailability(free)], { warmup, iterations }),
      target: { ms: 20, on: "p50" },
      note: `${free.reduce((n, f) => n + f.length, 0)} free intervals in; union ${size(union)}, intersection ${size(intersection)} intervals out`,
    },
    {
      case: "  same, from rules + busy (50 × openHours − busy, then union + intersection)",
      timing: await measure(() => {
        const f = freeTime();
        return [unionAvailability(f), intersectAvailability(f)];
      }, { warmup, iterations }),
      target: { ms: 20, on: "p50" },
    },
    {
      // Every request after the first finds the hosts' zoned days cached (see
      // lib/time/zoned-days.ts); this is the first request's cost.
      case: "  same, from rules + busy, zoned-day cache emptied before each run",
      timing: await measure(() => {
        const f = freeTime();
        return [unionAvailability(f), intersectAvailability(f)];
      }, { warmup, iterations, before: () => zonedDaysCache.clear() }),
      note: `${new Set(hosts.map((h) => h.rules.timeZone)).size} zones: each walked once, the other hosts hit`,
    },
    {
      case: "  same, at least 25 of 50 hosts free (availableToAtLeast)",
      timing: await measure(() => availableToAtLeast(free, 25), { warmup, iterations }),
      note: `${size(quorum)} intervals out`,
    },
  ];

  const slotUnion = unionSlots(slots);
  const slotIntersection = intersectSlots(slots);
  rows.push(
    {
      case: "  slot level: unionSlots + intersectSlots of 50 hosts' slots",
      timing: await measure(() => [unionSlots(slots), intersectSlots(slots)], { warmup, iterations }),
      target: { ms: 20, on: "p50" },
      note: `${slots.reduce((n, s) => n + s.length, 0)} slots in (30 min on a 15-min grid); union ${slotUnion.length}, intersection ${slotIntersection.length}`,
    },
    {
      case: "  slot level from rules + busy (50 × computeSlots, then union + intersection)",
      timing: await measure(() => {
        const s = slotsOf();
        return [unionSlots(s), intersectSlots(s)];
      }, { warmup, iterations }),
      target: { ms: 20, on: "p50" },
    },
  );
  return rows;
}
