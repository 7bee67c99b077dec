/** Case 1: one host's slots for 31 days, computed and grouped in-process. */
import { computeSlots } from "../lib/availability/compute-slots";
import { groupSlotsByDay } from "../lib/availability/group-slots-by-day";
import { guestWindow, singleHost } from "./lib/fixtures";
import { measure } from "./lib/measure";
import type { Row } from "./lib/table";

export async function benchSingleHost(iterations: number): Promise<Row[]> {
  const now = Date.now();
  const { range } = guestWindow(singleHost.guestZone, singleHost.days, now);
  const rules = singleHost.rules();
  const busy = singleHost.busy(range);
  const run = () => groupSlotsByDay(computeSlots({ rules, policy: singleHost.policy, busy, range, now }), singleHost.guestZone);

  const slots = computeSlots({ rules, policy: singleHost.policy, busy, range, now });
  const days = Object.keys(run()).length;
  const timing = await measure(run, { warmup: Math.min(200, iterations), iterations });
  return [
    {
      case: "1 host · 31 days · 15-min grid · 2 000 busy: computeSlots + groupSlotsByDay",
      timing,
      target: { ms: 2, on: "p50" },
      note: `${slots.length} slots on ${days} days; target p50/p95 ≤ 2 ms`,
    },
  ];
}
