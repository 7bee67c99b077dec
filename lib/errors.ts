/**
 * The one error type of Kairos. Domain code throws AppError with a stable code;
 * lib/http/error-response.ts is the one place that turns codes into HTTP.
 *
 * These codes are the API contract; there is deliberately no 502/503 code. A
 * connected calendar's provider being down or timing out (CalendarProviderError
 * "transient") answers `server_error` 500 with the message "The calendar
 * provider did not answer; try again." — see error-response.ts for the whole
 * provider mapping.
 */
export const ERROR_STATUS = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  slot_unavailable: 409,
  conflict: 409,
  rate_limited: 429,
  server_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  /** Dotted path of the offending input field, e.g. "attendee.email". */
  path?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);
export const validationError = (message: string, details: ErrorDetail[] = []) =>
  new AppError("validation_error", message, details);
