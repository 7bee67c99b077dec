/**
 * The error a promise rejects with, for tests that go on to check what it
 * says (reason, code, retry time) — one helper instead of a copy per suite.
 * Fails the test if the promise resolves; given an error class, also fails
 * unless the rejection is one, and returns it typed as that class.
 *
 *   const error = await rejection(provider.listCalendars(), CalendarProviderError);
 *   expect(error.reason).toBe("auth");
 */
import { expect } from "vitest";

export async function rejection(promise: Promise<unknown>): Promise<unknown>;
export async function rejection<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E>;
export async function rejection<E>(promise: Promise<unknown>, type?: abstract new (...args: never[]) => E): Promise<unknown> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure, but the promise resolved");
    },
    (e: unknown) => e,
  );
  if (type) expect(error).toBeInstanceOf(type);
  return error;
}
