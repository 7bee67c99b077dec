/** Google client credentials and endpoints, from configuration unless a caller passes its own (tests, emulator). */
import { config, ConfigurationError, type Config } from "../../config";

export interface GoogleSettings {
  clientId: string;
  clientSecret: string;
  /** For google.calendar({ rootUrl }); ends with "/". */
  apiRootUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Where a disconnect revokes the account's refresh token. */
  revokeUrl: string;
}

export function googleSettings(cfg: Config = config()): GoogleSettings {
  if (!cfg.google) {
    throw new ConfigurationError("Google Calendar is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.");
  }
  return { ...cfg.google, ...cfg.endpoints.google };
}
