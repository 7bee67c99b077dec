/**
 * Error bodies of Microsoft Graph (`{ error: { code, message, innerError } }`, surfaced by the
 * Graph client as GraphError with `statusCode` and `code`) and of the Entra token endpoint
 * (`{ error, error_description: "AADSTS…", error_codes, … }`).
 */
import { randomUUID } from "node:crypto";
import type { FaultRule } from "../shared/faults";
import { HttpError, header, type RouteRequest, type RouteResponse } from "../shared/router";

function innerError(request?: RouteRequest) {
  const requestId = request?.requestId ?? randomUUID();
  return {
    date: new Date().toISOString().replace(/\.\d{3}Z$/, ""),
    "request-id": requestId,
    "client-request-id": (request && header(request, "client-request-id")) || requestId,
  };
}

export function graphErrorResponse(
  status: number,
  code: string,
  message: string,
  request?: RouteRequest,
  headers?: Record<string, string>,
): RouteResponse {
  return { status, json: { error: { code, message, innerError: innerError(request) } }, headers };
}

export function graphError(status: number, code: string, message: string, request?: RouteRequest, headers?: Record<string, string>): HttpError {
  return new HttpError(graphErrorResponse(status, code, message, request, headers));
}

export const itemNotFound = (request?: RouteRequest) =>
  graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.", request);
export const invalidRequest = (message: string, request?: RouteRequest) => graphError(400, "ErrorInvalidRequest", message, request);
export const accessDenied = (request?: RouteRequest) =>
  graphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.", request);
export const badJson = (request?: RouteRequest) =>
  graphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.", request);

export function unauthenticated(reason: "missing" | "unknown" | "expired" | "revoked", request: RouteRequest): HttpError {
  const message = {
    missing: "Access token is empty.",
    unknown: "Access token validation failure. Invalid audience.",
    expired: "Lifetime validation failed, the token is expired.",
    revoked: "Access token has been revoked.",
  }[reason];
  return graphError(401, "InvalidAuthenticationToken", message, request, {
    "www-authenticate":
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

const FAULT_DEFAULTS: Record<number, [code: string, message: string]> = {
  400: ["BadRequest", "Invalid request."],
  401: ["InvalidAuthenticationToken", "Access token has expired or is not yet valid."],
  403: ["ErrorAccessDenied", "Access is denied. Check credentials and try again."],
  404: ["ErrorItemNotFound", "The specified object was not found in the store."],
  409: ["ErrorIrresolvableConflict", "The change key passed in the request does not match the current change key for the item."],
  410: ["syncStateNotFound", "The sync state generation is not found."],
  412: ["PreconditionFailed", "The precondition failed."],
  429: ["ApplicationThrottled", "Application is over its MailboxConcurrency limit."],
  500: ["generalException", "General exception while processing."],
  502: ["BadGateway", "Bad gateway."],
  503: ["ServiceUnavailable", "The service is currently unavailable. Please try again later."],
  504: ["UnknownError", "Gateway timeout."],
};

export function graphFaultResponse(rule: FaultRule, request: RouteRequest): RouteResponse {
  const status = rule.status ?? 500;
  const [code, message] = FAULT_DEFAULTS[status] ?? ["UnknownError", "An unexpected error occurred."];
  return graphErrorResponse(status, rule.reason ?? code, rule.message ?? message, request);
}

/** An Entra (AADSTS) OAuth error body. */
export function aadError(status: number, error: string, aadsts: number, description: string): RouteResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date().toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  return {
    status,
    json: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    },
  };
}
