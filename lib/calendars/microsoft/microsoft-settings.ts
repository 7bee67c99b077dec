/** Microsoft (Entra ID + Graph) client credentials and endpoints, from configuration unless a caller passes its own. */
import { config, ConfigurationError, type Config } from "../../config";

export interface MicrosoftSettings {
  clientId: string;
  clientSecret: string;
  /** Directory id, or "common" / "organizations" for multi-tenant apps. */
  tenantId: string;
  /** Graph base URL (the client appends /v1.0); ends with "/". */
  graphUrl: string;
  /** Entra authority base; ends with "/". */
  loginUrl: string;
}

export function microsoftSettings(cfg: Config = config()): MicrosoftSettings {
  if (!cfg.microsoft) {
    throw new ConfigurationError("Microsoft 365 calendars are not configured: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET (and MICROSOFT_TENANT_ID for a single-tenant app).");
  }
  return { ...cfg.microsoft, ...cfg.endpoints.microsoft };
}

/** `{login}{tenant}/oauth2/v2.0/authorize` or `/token`. */
export function entraEndpoint(settings: MicrosoftSettings, which: "authorize" | "token"): string {
  return `${settings.loginUrl}${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/${which}`;
}
