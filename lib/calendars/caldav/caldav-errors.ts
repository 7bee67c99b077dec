/**
 * CalDAV failures → CalendarProviderError. tsdav reports some failures as
 * thrown Errors whose only structure is the message ("Collection query
 * failed: 404 Not Found", "cannot find principalUrl"), some as `{ ok: false }`
 * responses and some not at all, so the statuses that decide what the caller
 * does (401 reconnect, 429/5xx retry later, network retry) are caught in the
 * fetch that tsdav is given — before tsdav can swallow or reword them.
 */
import { CalendarProviderError, type ProviderErrorReason } from "../provider-error";
import { parseRetryAfter } from "../retry-after";

const PROVIDER = "caldav";

/**
 * Wraps fetch for tsdav and our own requests: a timeout on every request, and
 * authentication, throttling, server and network failures thrown as
 * CalendarProviderError. Other statuses (404, 403, 412 …) are left to the
 * caller, for whom they mean different things.
 */
export function createCalDavFetch(baseFetch: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw networkError(error, url, timeoutMs);
    }
    if (response.status === 401) {
      throw new CalendarProviderError("auth", "The CalDAV server rejected the username or password.", { provider: PROVIDER, status: 401 });
    }
    if (response.status === 429 || response.status >= 500) {
      throw statusError(response.status, `The CalDAV server answered ${response.status} ${response.statusText}`.trim(), parseRetryAfter(response.headers.get("retry-after")));
    }
    return response;
  };
}

/** A CalendarProviderError for an HTTP status the caller did not expect. */
export function statusError(status: number, message: string, retryAfter?: number): CalendarProviderError {
  const reason: ProviderErrorReason =
    status === 401
      ? "auth"
      : status === 404 || status === 410
        ? "not_found"
        : status === 403
          ? "forbidden"
          : status === 429 || (status === 503 && retryAfter !== undefined)
            ? "rate_limited"
            : status >= 500 || status === 408
              ? "transient"
              : "invalid";
  return new CalendarProviderError(reason, message.endsWith(".") ? message : `${message}.`, {
    provider: PROVIDER,
    status,
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  });
}

/** Any error from tsdav or our code as a CalendarProviderError. */
export function toCalDavError(error: unknown, doing: string): CalendarProviderError {
  if (error instanceof CalendarProviderError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Invalid credentials|401 Unauthorized/i.test(message)) {
    return new CalendarProviderError("auth", "The CalDAV server rejected the username or password.", { provider: PROVIDER, status: 401, cause: error });
  }
  if (/cannot find (principalUrl|homeUrl)/i.test(message)) {
    return new CalendarProviderError(
      "invalid",
      "This address does not look like a CalDAV server: it names no calendar home for the account.",
      { provider: PROVIDER, cause: error },
    );
  }
  if (/does not exist on server/i.test(message)) {
    return new CalendarProviderError("not_found", `Could not ${doing}: the calendar no longer exists on the server.`, { provider: PROVIDER, status: 404, cause: error });
  }
  const status = /\b([1-5]\d\d)\b/.exec(message);
  if (status) {
    const failure = statusError(Number(status[1]), `Could not ${doing}: ${message}`);
    return new CalendarProviderError(failure.reason, failure.message, { ...failure.options, cause: error });
  }
  return new CalendarProviderError("transient", `Could not ${doing}: ${message}`, { provider: PROVIDER, cause: error });
}

function networkError(error: unknown, url: string, timeoutMs: number): CalendarProviderError {
  const name = error instanceof Error ? error.name : "";
  const host = safeHost(url);
  if (name === "TimeoutError" || name === "AbortError") {
    return new CalendarProviderError("transient", `The CalDAV server at ${host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`, { provider: PROVIDER, cause: error });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new CalendarProviderError("transient", `Could not reach the CalDAV server at ${host} (${cause}).`, { provider: PROVIDER, cause: error });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
