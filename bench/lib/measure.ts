/**
 * Timing for the benchmark: warm-up runs first (JIT, caches, connection
 * pools), then many timed runs with process.hrtime.bigint, reported as
 * percentiles (nearest rank) in milliseconds.
 */

export interface Timing {
  iterations: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface MeasureOptions {
  warmup: number;
  iterations: number;
  /** Untimed work before each timed run (e.g. invalidating a cache). */
  before?: () => unknown | Promise<unknown>;
}

/** Runs `run` warmup + iterations times (awaiting each) and times the last `iterations`. */
export async function measure(run: () => unknown | Promise<unknown>, options: MeasureOptions): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < options.warmup + options.iterations; i++) {
    if (options.before) await options.before();
    const started = process.hrtime.bigint();
    await run();
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (i >= options.warmup) samples.push(elapsed);
  }
  return summarize(samples);
}

export function summarize(samples: number[]): Timing {
  if (samples.length === 0) throw new Error("No samples to summarize.");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    iterations: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted[sorted.length - 1],
  };
}
