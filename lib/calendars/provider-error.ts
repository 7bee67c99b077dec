/**
 * Failures of a calendar provider, normalized across client libraries
 * (GaxiosError, GraphError, tsdav's `{ ok: false }`, fetch errors), so callers
 * decide by reason — reconnect, retry later, give up — never by library.
 */
export type ProviderErrorReason =
  /** Credentials expired or revoked and could not be refreshed: the host must reconnect. */
  | "auth"
  /** The calendar or event does not exist (any more). */
  | "not_found"
  /** Throttled; retry after `retryAfterMs` when given. */
  | "rate_limited"
  /** Network failure, timeout or a 5xx: retry with backoff. */
  | "transient"
  /** The provider rejected the request as invalid: retrying will not help. */
  | "invalid"
  /** The provider refuses (no write access, quota exhausted for good). */
  | "forbidden";

export class CalendarProviderError extends Error {
  constructor(
    readonly reason: ProviderErrorReason,
    message: string,
    readonly options: { provider: string; status?: number; retryAfterMs?: number; cause?: unknown } = { provider: "unknown" },
  ) {
    super(message);
    this.name = "CalendarProviderError";
  }

  get retryable(): boolean {
    return this.reason === "rate_limited" || this.reason === "transient";
  }
}
