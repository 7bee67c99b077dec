import { ZodError } from "zod";
import { CalendarProviderError } from "../calendars/provider-error";
import { AppError } from "../errors";

/** The body every API error answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details: { path?: string; message: string }[] };
}

/** The one mapping from a thrown value to an HTTP response. */
export function errorResponse(error: unknown): Response {
  const appError = toAppError(error);
  if (appError.code === "server_error") {
    // Provider failures carry the client library's error (request config,
    // tokens in headers) as their cause: log what happened, not that object.
    if (error instanceof CalendarProviderError) console.error(`Calendar provider ${error.options.provider} failed (${error.reason}): ${error.message}`);
    else console.error(error);
  }
  const body: ErrorBody = {
    error: { code: appError.code, message: appError.message, details: appError.details },
  };
  return Response.json(body, { status: appError.status, headers: errorHeaders(error) });
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CalendarProviderError) return providerError(error);
  if (error instanceof ZodError) {
    return new AppError(
      "validation_error",
      "Some of the input is not valid.",
      error.issues.map((issue) => ({
        path: issue.path.map(String).join(".") || undefined,
        message: issue.message,
      })),
    );
  }
  if (error instanceof SyntaxError) {
    return new AppError("validation_error", "The request body is not valid JSON.");
  }
  return new AppError("server_error", "Something went wrong on our side. Please try again.");
}

/**
 * A connected calendar's provider failed while a request needed it right now
 * (the unified calendar-events API). The provider's own words go in details.
 * - auth: the host must reconnect the account → 409 conflict (their action, not a retry);
 * - not_found: the calendar or event is gone at the provider → 404;
 * - rate_limited → 429 with Retry-After when the provider said how long;
 * - invalid: the provider refused the request's content → 400;
 * - forbidden: no write access there → 403;
 * - transient (down, timed out, 5xx) → 500 server_error: the contract has no
 *   502 code, and adding one for a single cause was not worth a new code
 *   every client must learn (see lib/errors.ts). The message says it is the
 *   provider and that trying again is right.
 */
function providerError(error: CalendarProviderError): AppError {
  const details = [{ message: error.message }];
  switch (error.reason) {
    case "auth":
      return new AppError("conflict", "The calendar account needs to be reconnected.", details);
    case "not_found":
      return new AppError("not_found", "The calendar provider has no such calendar or event (it may have been deleted).", details);
    case "rate_limited":
      return new AppError("rate_limited", "The calendar provider asks Kairos to slow down; try again later.", details);
    case "invalid":
      return new AppError("validation_error", "The calendar provider refused the request.", details);
    case "forbidden":
      return new AppError("forbidden", "The calendar provider does not allow this.", details);
    case "transient":
      return new AppError("server_error", "The calendar provider did not answer; try again.", details);
  }
}

function errorHeaders(error: unknown): HeadersInit | undefined {
  if (error instanceof CalendarProviderError && error.reason === "rate_limited" && error.options.retryAfterMs !== undefined) {
    return { "Retry-After": String(Math.max(1, Math.ceil(error.options.retryAfterMs / 1000))) };
  }
  return undefined;
}
