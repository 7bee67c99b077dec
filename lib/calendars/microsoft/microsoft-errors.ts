/**
 * Microsoft failures → CalendarProviderError: GraphError from the Graph
 * client (numeric `statusCode`, -1 when no response came), and the Entra
 * token endpoint's `{ error, error_description }` answers.
 */
import { GraphError } from "@microsoft/microsoft-graph-client";
import { CalendarProviderError } from "../provider-error";
import { headerValue, parseRetryAfter } from "../retry-after";

const provider = "microsoft";

function isGraphError(error: unknown): error is GraphError {
  return error instanceof GraphError || (typeof error === "object" && error !== null && typeof (error as GraphError).statusCode === "number");
}

/** HTTP status of a Graph failure; undefined when the request got no answer. */
export function graphStatus(error: unknown): number | undefined {
  if (!isGraphError(error)) return undefined;
  return error.statusCode > 0 ? error.statusCode : undefined;
}

export function graphCode(error: unknown): string | undefined {
  return isGraphError(error) ? (error.code ?? undefined) : undefined;
}

/** Maps a failure of a Graph call; values that are not provider failures (bugs) come back unchanged. */
export function toMicrosoftProviderError(error: unknown): unknown {
  if (error instanceof CalendarProviderError) return error;
  if (!isGraphError(error)) return error;
  const status = graphStatus(error);
  const text = `Microsoft Graph: ${error.code ? `${error.code}: ` : ""}${error.message}`;
  // No response: network failure, TLS failure or our timeout.
  if (status === undefined) return new CalendarProviderError("transient", text, { provider, cause: error });
  const options = { provider, status, cause: error };
  if (status === 401) return new CalendarProviderError("auth", text, options);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(error.headers, "retry-after"));
    return new CalendarProviderError("rate_limited", text, { ...options, retryAfterMs });
  }
  if (status === 403) return new CalendarProviderError("forbidden", text, options);
  if (status === 404 || status === 410) return new CalendarProviderError("not_found", text, options);
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(headerValue(error.headers, "retry-after"));
    return new CalendarProviderError("transient", text, { ...options, retryAfterMs });
  }
  return new CalendarProviderError("invalid", text, options);
}

/** Errors after which only signing in again helps (revoked, expired, consent withdrawn, MFA needed). */
const REAUTHENTICATE = new Set(["invalid_grant", "interaction_required", "consent_required", "login_required"]);

/** Maps a non-2xx answer of the Entra token endpoint. */
export function entraTokenError(status: number, body: unknown, headers: Headers): CalendarProviderError {
  const data = (body ?? {}) as { error?: string; error_description?: string };
  const code = data.error ?? `HTTP ${status}`;
  const description = data.error_description?.split(/\r?\n/)[0];
  const text = `Microsoft sign-in: ${code}${description ? `: ${description}` : ""}`;
  const options = { provider, status };
  if (REAUTHENTICATE.has(code)) return new CalendarProviderError("auth", text, options);
  if (status === 429) return new CalendarProviderError("rate_limited", text, { ...options, retryAfterMs: parseRetryAfter(headers.get("retry-after")) });
  if (status >= 500) return new CalendarProviderError("transient", text, options);
  // invalid_client (an expired MICROSOFT_CLIENT_SECRET is the usual cause) and
  // malformed requests: reconnecting would not help, the operator must fix it.
  return new CalendarProviderError("invalid", text, options);
}
