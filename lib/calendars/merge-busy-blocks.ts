/**
 * Busy blocks merged the way the availability engine merges them
 * (mergeIntervals: overlapping and touching blocks join, empty ones drop),
 * while remembering which sources (calendar ids, "kairos") each merged block
 * came from — so GET /api/v1/busy can say *why* a time is taken and its
 * intervals are exactly the ones the engine subtracts.
 */
import type { Interval } from "../availability/types";

export interface SourcedInterval extends Interval {
  /** A connected calendar's id, or "kairos" for the host's own bookings. */
  sourceId: string;
}

export interface MergedBusyBlock extends Interval {
  /** Every source that contributed, each once, in the order of `sourceOrder` (else first contribution). */
  sources: string[];
}

export function mergeBusyBlocks(blocks: readonly SourcedInterval[], sourceOrder: readonly string[] = []): MergedBusyBlock[] {
  const rank = new Map(sourceOrder.map((id, index) => [id, index]));
  const sorted = blocks.filter((b) => b.end > b.start).sort((a, b) => a.start - b.start);
  const merged: Array<Interval & { sources: Set<string> }> = [];
  for (const block of sorted) {
    const last = merged[merged.length - 1];
    // `<=`: touching blocks join, as in mergeIntervals ("busy until 10:00, busy from 10:00" is one block).
    if (last && block.start <= last.end) {
      if (block.end > last.end) last.end = block.end;
      last.sources.add(block.sourceId);
    } else {
      merged.push({ start: block.start, end: block.end, sources: new Set([block.sourceId]) });
    }
  }
  const order = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return merged.map(({ start, end, sources }) => ({
    start,
    end,
    // A stable sort keeps first-contribution order among sources not in sourceOrder.
    sources: [...sources].sort((a, b) => order(a) - order(b)),
  }));
}
