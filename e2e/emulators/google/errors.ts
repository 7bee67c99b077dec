/**
 * Google's JSON error bodies, as googleapis/gaxios surface them: `err.status` is the HTTP status
 * and the reason lives only in `err.response.data.error.errors[0].reason`.
 */
import type { FaultRule } from "../shared/faults";
import { HttpError, type RouteResponse } from "../shared/router";

export interface GoogleErrorOptions {
  domain?: string;
  location?: string;
  locationType?: string;
  /** Canonical status string (Google adds it to auth/permission errors). */
  status?: string;
  headers?: Record<string, string>;
}

export function googleErrorResponse(
  code: number,
  reason: string,
  message: string,
  options: GoogleErrorOptions = {},
): RouteResponse {
  const item: Record<string, string> = { domain: options.domain ?? "global", reason, message };
  if (options.location) item.location = options.location;
  if (options.locationType) item.locationType = options.locationType;
  const error: Record<string, unknown> = { errors: [item], code, message };
  if (options.status) error.status = options.status;
  return { status: code, json: { error }, headers: options.headers };
}

export function googleError(code: number, reason: string, message: string, options: GoogleErrorOptions = {}): HttpError {
  return new HttpError(googleErrorResponse(code, reason, message, options));
}

export const notFound = () => googleError(404, "notFound", "Not Found");
export const invalid = (message: string, location?: string) =>
  googleError(400, "invalid", message, location ? { location, locationType: "parameter" } : {});
export const required = (message: string, location?: string) =>
  googleError(400, "required", message, location ? { location, locationType: "parameter" } : {});
export const parseError = () => googleError(400, "parseError", "Parse Error");
export const deleted = () => googleError(410, "deleted", "Resource has been deleted");
export const duplicate = () => googleError(409, "duplicate", "The requested identifier already exists.");
export const timeRangeEmpty = (location = "timeMax") =>
  googleError(400, "timeRangeEmpty", "The specified time range is empty.", {
    domain: "calendar",
    location,
    locationType: "parameter",
  });
export const fullSyncRequired = () =>
  googleError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.", {
    domain: "calendar",
    location: "syncToken",
    locationType: "parameter",
  });

export function unauthenticated(): HttpError {
  return googleError(
    401,
    "authError",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    {
      location: "Authorization",
      locationType: "header",
      status: "UNAUTHENTICATED",
      headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/"' },
    },
  );
}

export function insufficientScopes(): HttpError {
  return googleError(403, "insufficientPermissions", "Request had insufficient authentication scopes.", {
    status: "PERMISSION_DENIED",
    headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
  });
}

export const writerAccessRequired = () =>
  googleError(403, "requiredAccessLevel", "You need to have writer access to this calendar.");

/** Default reason/message per status for injected faults (overridable per fault). */
const FAULT_DEFAULTS: Record<number, [reason: string, message: string, domain: string]> = {
  400: ["invalid", "Bad Request", "global"],
  401: ["authError", "Invalid Credentials", "global"],
  403: ["rateLimitExceeded", "Rate Limit Exceeded", "usageLimits"],
  404: ["notFound", "Not Found", "global"],
  409: ["duplicate", "The requested identifier already exists.", "global"],
  410: ["deleted", "Resource has been deleted", "global"],
  412: ["conditionNotMet", "Precondition Failed", "global"],
  429: ["rateLimitExceeded", "Rate Limit Exceeded", "usageLimits"],
  500: ["backendError", "Backend Error", "global"],
  502: ["backendError", "Bad Gateway", "global"],
  503: ["backendError", "Backend Error", "global"],
  504: ["backendError", "Deadline Exceeded", "global"],
};

export function googleFaultResponse(rule: FaultRule): RouteResponse {
  const status = rule.status ?? 500;
  const [reason, message, domain] = FAULT_DEFAULTS[status] ?? ["backendError", "Backend Error", "global"];
  const r = rule.reason ?? reason;
  const domainFor = r === "fullSyncRequired" || r === "timeRangeEmpty" ? "calendar" : domain;
  return googleErrorResponse(status, r, rule.message ?? message, {
    domain: domainFor,
    status: status === 401 ? "UNAUTHENTICATED" : undefined,
  });
}
