/**
 * Google failures → CalendarProviderError. Errors are recognised by shape, not
 * by `instanceof`: googleapis-common and google-auth-library carry different
 * gaxios copies, so a GaxiosError from one is not an instance of the other's.
 */
import { CalendarProviderError } from "../provider-error";
import { headerValue, parseRetryAfter } from "../retry-after";

interface GaxiosLike {
  name?: string;
  message?: string;
  code?: string | number;
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
  config?: unknown;
}

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);
const SCOPE_REASONS = new Set(["insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"]);

function asGaxios(error: unknown): GaxiosLike | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as GaxiosLike;
  return e.name === "GaxiosError" || e.response !== undefined || e.config !== undefined ? e : undefined;
}

/** HTTP status of a Google failure, when there was a response. */
export function googleStatus(error: unknown): number | undefined {
  const e = asGaxios(error);
  const status = e?.response?.status ?? e?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * The reason Google gives: `error.errors[0].reason` of API errors
 * ("fullSyncRequired", "rateLimitExceeded", "duplicate"…), or `error` of
 * token-endpoint errors ("invalid_grant").
 */
export function googleReason(error: unknown): string | undefined {
  const data = asGaxios(error)?.response?.data as
    | { error?: string | { errors?: Array<{ reason?: string }>; status?: string } }
    | undefined;
  const body = data?.error;
  if (typeof body === "string") return body;
  return body?.errors?.[0]?.reason ?? body?.status;
}

function message(error: unknown): string {
  const data = asGaxios(error)?.response?.data as { error?: string | { message?: string }; error_description?: string } | undefined;
  if (typeof data?.error === "object" && data.error?.message) return data.error.message;
  if (typeof data?.error === "string") return data.error_description ? `${data.error}: ${data.error_description}` : data.error;
  return error instanceof Error ? error.message : String(error);
}

/** Maps a failure of a Google call; values that are not provider failures (bugs) come back unchanged. */
export function toGoogleProviderError(error: unknown): unknown {
  if (error instanceof CalendarProviderError) return error;
  const provider = "google";
  const e = asGaxios(error);
  if (!e) {
    // google-auth-library's own complaint when it has nothing to refresh with.
    if (error instanceof Error && /no refresh token/i.test(error.message)) {
      return new CalendarProviderError("auth", `Google: ${error.message}`, { provider, cause: error });
    }
    return error;
  }
  const status = googleStatus(error);
  const reason = googleReason(error);
  const text = `Google: ${message(error)}`;
  if (status === undefined) return new CalendarProviderError("transient", text, { provider, cause: error });
  const options = { provider, status, cause: error };
  // The token endpoint refusing Kairos itself (wrong or rotated GOOGLE_CLIENT_SECRET):
  // the operator must fix configuration; reconnecting would not help.
  if (reason === "invalid_client" || reason === "unauthorized_client") return new CalendarProviderError("invalid", text, options);
  if (status === 401 || reason === "invalid_grant") return new CalendarProviderError("auth", text, options);
  if (status === 429 || (status === 403 && reason !== undefined && RATE_LIMIT_REASONS.has(reason))) {
    const retryAfterMs = parseRetryAfter(headerValue(e.response?.headers, "retry-after"));
    return new CalendarProviderError("rate_limited", text, { ...options, retryAfterMs });
  }
  // A token without the calendar scopes: only connecting again (granting them) helps.
  if (status === 403 && reason !== undefined && SCOPE_REASONS.has(reason)) return new CalendarProviderError("auth", text, options);
  if (status === 403) return new CalendarProviderError("forbidden", text, options);
  if (status === 404 || status === 410) return new CalendarProviderError("not_found", text, options);
  if (status >= 500 || status === 408) return new CalendarProviderError("transient", text, options);
  return new CalendarProviderError("invalid", text, options);
}
