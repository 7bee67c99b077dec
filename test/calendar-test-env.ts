/**
 * Configuration for tests of connected calendars, set before anything reads
 * config() (which caches): an encryption key for credentials at rest, and the
 * variables that point Kairos at the provider emulators — the same variables a
 * deployment sets, so routes and services run unchanged.
 */
import { randomBytes } from "node:crypto";

export function useCalendarTestEnv(emulatorEnv: Record<string, string> = {}): void {
  process.env.KAIROS_ENCRYPTION_KEY ||= randomBytes(32).toString("base64");
  Object.assign(process.env, emulatorEnv);
}

/**
 * Makes the process's fetch trust the Microsoft emulator's self-signed
 * certificate, as NODE_EXTRA_CA_CERTS does for a server started with it (that
 * variable is read only at process start). Returns the function that undoes it.
 */
export function trustForAllFetches(dispatcher: object): () => void {
  const key = Symbol.for("undici.globalDispatcher.1");
  const globals = globalThis as Record<symbol, unknown>;
  const previous = globals[key];
  globals[key] = dispatcher;
  return () => {
    globals[key] = previous;
  };
}
