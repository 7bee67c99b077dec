import { AppError } from "../errors";

export interface RateLimiter {
  /** Counts one attempt for `key`; throws 429 rate_limited once the window's budget is spent. */
  consume(key: string, now?: number): void;
}

export interface RateLimitOptions {
  /** Attempts allowed per key per window. */
  limit: number;
  windowMs: number;
  /** Said in the error, e.g. "sign-ups". */
  what: string;
}

/**
 * A fixed-window counter in this process's memory. Deliberately light: it
 * resets on restart and is per process, which is enough to blunt a script
 * hammering one endpoint of a self-hosted instance, not a distributed limiter.
 */
export function createRateLimiter({ limit, windowMs, what }: RateLimitOptions): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const MAX_KEYS = 10_000;
  return {
    consume(key, now = Date.now()) {
      let window = windows.get(key);
      if (!window || now - window.start >= windowMs) {
        // Bound memory under a flood of distinct keys: drop expired windows,
        // and if that is not enough, start over (allowing a little more, never less).
        if (windows.size >= MAX_KEYS) {
          for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
          if (windows.size >= MAX_KEYS) windows.clear();
        }
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count++;
      if (window.count > limit) {
        const minutes = Math.max(1, Math.ceil((window.start + windowMs - now) / 60_000));
        throw new AppError("rate_limited", `Too many ${what} from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
      }
    },
  };
}
