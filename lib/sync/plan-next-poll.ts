/**
 * When the poller syncs a calendar next — the one place this policy lives.
 *
 * - Calendars without push (CalDAV, ICS feeds, or a Google/Microsoft calendar
 *   whose channel is not running) are polled every SYNC_POLL_INTERVAL_SECONDS.
 * - Calendars with a live push channel learn of changes from it; they get a
 *   slow safety-net poll (notifications can be lost, and the horizon must
 *   roll daily).
 * - After failures the interval backs off exponentially (capped at an hour),
 *   and never comes sooner than the provider's Retry-After.
 * Jitter spreads calendars out, so a restart or a provider outage does not
 * make every calendar poll in the same second.
 */
import { HOUR_MS } from "../time";

export const PUSH_SAFETY_NET_MS = 6 * HOUR_MS;
export const FAILURE_BASE_MS = 30_000;
export const FAILURE_CAP_MS = HOUR_MS;

export interface NextPollInput {
  now: number;
  pollIntervalMs: number;
  hasActivePush: boolean;
  /** Failures in a row, counting the one just recorded (0 after a success). */
  consecutiveFailures: number;
  /** The provider's Retry-After, when it sent one. */
  retryAfterMs?: number;
  random?: () => number;
}

export function planNextPoll(input: NextPollInput): Date {
  const random = input.random ?? Math.random;
  if (input.consecutiveFailures <= 0) {
    const base = input.hasActivePush ? PUSH_SAFETY_NET_MS : input.pollIntervalMs;
    // ±10 %: enough to spread, not enough to matter to the host.
    return new Date(input.now + Math.round(base * (0.9 + 0.2 * random())));
  }
  const exponent = Math.min(input.consecutiveFailures - 1, 20);
  const backoff = Math.min(FAILURE_CAP_MS, FAILURE_BASE_MS * 2 ** exponent);
  const jittered = Math.round(backoff * (0.8 + 0.4 * random()));
  // Retry-After is a floor (never earlier), not capped: the provider decides.
  const delay = Math.max(jittered, input.retryAfterMs ?? 0);
  return new Date(input.now + delay);
}
