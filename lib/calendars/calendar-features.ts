/**
 * Which kinds of calendar connection this instance can make, from its
 * configuration: Google and Microsoft need their OAuth client, and every kind
 * needs KAIROS_ENCRYPTION_KEY to store credentials encrypted.
 */
import { config, ConfigurationError, type Config } from "../config";
import { AppError } from "../errors";
import { encryptionKey } from "../security/encryption";

export interface CalendarFeatures {
  /** KAIROS_ENCRYPTION_KEY is set and valid. */
  canStoreCredentials: boolean;
  google: boolean;
  microsoft: boolean;
}

export function calendarFeatures(cfg: Config = config()): CalendarFeatures {
  let canStoreCredentials = true;
  try {
    encryptionKey(cfg);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    canStoreCredentials = false;
  }
  return { canStoreCredentials, google: cfg.google !== undefined, microsoft: cfg.microsoft !== undefined };
}

/**
 * Fails before anything is sent to a provider when credentials could not be
 * stored afterwards. The message names the setting: it is for whoever runs
 * the instance, and the host needs to tell them.
 */
export function requireCredentialStore(cfg: Config = config()): void {
  try {
    encryptionKey(cfg);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(error.message);
    throw new AppError(
      "server_error",
      "This Kairos server cannot store calendar credentials yet: its administrator must set KAIROS_ENCRYPTION_KEY (see the README).",
    );
  }
}
