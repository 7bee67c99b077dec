/**
 * How a handler tells the worker what to do with a failure. Any other error is
 * retried with exponential backoff until the job's attempts run out.
 */

/** Try again after exactly `delayMs` (a provider's Retry-After), still counting the attempt. */
export class RetryJobLater extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = "RetryJobLater";
  }
}

/** Retrying cannot help (revoked access, the thing no longer exists): fail the job now. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
