/**
 * Why an OAuth connect flow did not end in a connection. The callback route
 * turns `reason` into the `?error=` flag of the Settings page, which shows a
 * fixed sentence for it (never text from the URL).
 */
import { AppError, type ErrorCode } from "../errors";

export const OAUTH_CONNECT_FAILURES = {
  /** The provider's client id/secret are not configured on this server. */
  not_configured: "validation_error",
  /** The server has no KAIROS_ENCRYPTION_KEY to store the tokens with. */
  no_encryption_key: "server_error",
  /** The person cancelled or refused consent at the provider. */
  access_denied: "forbidden",
  /** No matching flow: state missing, altered, expired, or begun by another user. */
  invalid_state: "validation_error",
  /** Signed in, but calendar access was not granted (unticked scopes, admin policy). */
  no_calendar_access: "forbidden",
  /** The provider failed or answered something unusable. */
  provider_error: "server_error",
} as const satisfies Record<string, ErrorCode>;

export type OAuthConnectFailure = keyof typeof OAUTH_CONNECT_FAILURES;

export class OAuthConnectError extends AppError {
  constructor(
    readonly reason: OAuthConnectFailure,
    message: string,
  ) {
    super(OAUTH_CONNECT_FAILURES[reason], message);
    this.name = "OAuthConnectError";
  }
}

export function isOAuthConnectFailure(value: unknown): value is OAuthConnectFailure {
  return typeof value === "string" && Object.hasOwn(OAUTH_CONNECT_FAILURES, value);
}
