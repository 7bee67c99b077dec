/**
 * A provider failure as the API answers it, when a host's request (refresh)
 * needed the provider right now. The connection's status was already updated
 * by providerForConnection; the answer says what happened in words:
 * - the account needs reconnecting, or cannot be read as it is (feed gone,
 *   access withdrawn) → 409 conflict: the host has to act;
 * - throttled → 429;
 * - the provider is down or unreachable → 500 (logged), try again later.
 */
import { AppError } from "../errors";
import { CalendarProviderError } from "./provider-error";

export function providerAppError(error: unknown, accountLabel: string): unknown {
  if (!(error instanceof CalendarProviderError)) return error;
  switch (error.reason) {
    case "auth":
      return new AppError("conflict", `${accountLabel} needs to be reconnected: ${error.message}`);
    case "rate_limited":
      return new AppError("rate_limited", `The calendar provider asks Kairos to slow down; try again in a minute. (${error.message})`);
    case "transient":
      return new AppError("server_error", `The calendar provider could not be reached; Kairos will keep trying. (${error.message})`);
    default:
      return new AppError("conflict", `${accountLabel} could not be read: ${error.message}`);
  }
}
