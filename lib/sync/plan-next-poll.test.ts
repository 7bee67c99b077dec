import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../time";
import { planNextPoll, PUSH_SAFETY_NET_MS } from "./plan-next-poll";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const POLL = 300_000;
const at = (random: number) => () => random;
const delay = (input: Partial<Parameters<typeof planNextPoll>[0]>, random: number) =>
  planNextPoll({ now: NOW, pollIntervalMs: POLL, hasActivePush: false, consecutiveFailures: 0, random: at(random), ...input }).getTime() - NOW;

describe("planNextPoll", () => {
  it("polls calendars without push every poll interval, ±10 % jitter", () => {
    expect(delay({}, 0)).toBe(270_000);
    expect(delay({}, 0.5)).toBe(300_000);
    expect(delay({}, 1)).toBe(330_000);
  });

  it("gives calendars with a live push channel a slow safety-net poll", () => {
    expect(PUSH_SAFETY_NET_MS).toBe(6 * HOUR_MS);
    expect(delay({ hasActivePush: true }, 0.5)).toBe(6 * HOUR_MS);
    expect(delay({ hasActivePush: true }, 0)).toBe(0.9 * 6 * HOUR_MS);
  });

  it("backs off exponentially after failures (30 s, 1 min, 2 min …), ±20 %, capped at an hour — push or not", () => {
    expect([1, 2, 3, 4, 5].map((n) => delay({ consecutiveFailures: n }, 0.5))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(delay({ consecutiveFailures: 8 }, 0.5)).toBe(HOUR_MS);
    expect(delay({ consecutiveFailures: 500 }, 0.5)).toBe(HOUR_MS);
    expect(delay({ consecutiveFailures: 1, hasActivePush: true }, 0.5)).toBe(30_000);
    expect(delay({ consecutiveFailures: 3 }, 0)).toBe(96_000);
    expect(delay({ consecutiveFailures: 3 }, 1)).toBe(144_000);
  });

  it("never comes sooner than the provider's Retry-After, which is not capped", () => {
    expect(delay({ consecutiveFailures: 1, retryAfterMs: 120_000 }, 0.5)).toBe(120_000);
    expect(delay({ consecutiveFailures: 5, retryAfterMs: 10_000 }, 0.5)).toBe(480_000);
    expect(delay({ consecutiveFailures: 1, retryAfterMs: 2 * HOUR_MS }, 0.5)).toBe(2 * HOUR_MS);
  });

  it("spreads calendars out: different random draws, different times", () => {
    const times = new Set(Array.from({ length: 50 }, () => planNextPoll({ now: NOW, pollIntervalMs: POLL, hasActivePush: false, consecutiveFailures: 0 }).getTime()));
    expect(times.size).toBeGreaterThan(40);
  });
});
