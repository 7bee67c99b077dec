import { CalendarProviderError } from "../../calendars/provider-error";
import { PermanentJobError, RetryJobLater } from "../../jobs";

/**
 * What a provider failure means for a channel job: a throttle waits as long as
 * the provider asked, an outage backs off (the worker's default), and a
 * refusal (revoked grant, unreachable or non-https webhook address, no such
 * calendar) fails the job now — retrying cannot help until something changes.
 */
export function providerJobError(error: unknown): unknown {
  if (!(error instanceof CalendarProviderError)) return error;
  if (error.reason === "rate_limited" && error.options.retryAfterMs !== undefined) return new RetryJobLater(error.options.retryAfterMs, error.message);
  if (error.retryable) return error;
  // The provider's own words (they start with its name): the run's error is what
  // Settings → Calendars shows the host as the reason live updates are unavailable.
  return new PermanentJobError(error.message);
}
