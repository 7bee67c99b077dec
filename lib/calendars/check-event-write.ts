import { isValidTimeZone } from "../time";
import type { EventWrite } from "./provider";
import { CalendarProviderError } from "./provider-error";

/**
 * Rejects an EventWrite no provider could accept, before any request: a
 * retry would not help, so it is "invalid" like a provider's own 400.
 */
export function checkEventWrite(event: EventWrite, provider: string): void {
  const problem = !isValidTimeZone(event.timeZone)
    ? `"${event.timeZone}" is not an IANA time zone`
    : !Number.isFinite(event.start) || !Number.isFinite(event.end) || event.end < event.start
      ? "the event must not end before it starts"
      : event.idempotencyKey.length === 0
        ? "the idempotency key is empty"
        : undefined;
  if (problem) throw new CalendarProviderError("invalid", `Cannot write the event: ${problem}.`, { provider });
}
