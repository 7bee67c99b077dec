/**
 * Decrypted credentials → the provider's adapter. The one switch over
 * provider kinds; everything above it speaks CalendarProvider. Settings
 * (client credentials, endpoints) come from configuration unless a caller
 * passes its own (tests against the emulators).
 */
import { createCalDavCalendarProvider } from "./caldav";
import { createGoogleCalendarProvider, type GoogleSettings } from "./google";
import { createMicrosoftCalendarProvider, type MicrosoftSettings } from "./microsoft";
import type { MicrosoftTransport } from "./microsoft/entra-token";
import type { ConnectionCredentials } from "./connection-credentials";
import { createIcsFeedProvider } from "./ics";
import type { OnTokens } from "./oauth-tokens";
import type { CalendarProvider, PushChannel } from "./provider";

export interface ProviderSettings {
  google?: GoogleSettings;
  microsoft?: MicrosoftSettings;
  /** fetch options for Microsoft (a dispatcher trusting the emulator's certificate, a timeout). */
  microsoftTransport?: MicrosoftTransport;
}

export interface BuildProviderOptions extends ProviderSettings {
  /** Stores refreshed OAuth tokens (awaited before the call that refreshed returns). */
  onTokens?: OnTokens;
  /** The host's zone: Microsoft's floating all-day events; CalDAV calendars and feeds that declare none. */
  timeZone?: string;
  /** The host's own addresses, so an ICS feed of a shared calendar knows which answers (PARTSTAT) are theirs. */
  selfEmails?: readonly string[];
}

export function buildProvider(
  credentials: ConnectionCredentials,
  options: BuildProviderOptions = {},
): CalendarProvider & { renewWatch?(channel: PushChannel, ttlSeconds: number): Promise<PushChannel> } {
  switch (credentials.provider) {
    case "google":
      return createGoogleCalendarProvider({ tokens: credentials.tokens, onTokens: options.onTokens, settings: options.google });
    case "microsoft":
      return createMicrosoftCalendarProvider({
        ...options.microsoftTransport,
        tokens: credentials.tokens,
        onTokens: options.onTokens,
        settings: options.microsoft,
        timeZone: options.timeZone,
      });
    case "caldav":
      return createCalDavCalendarProvider({
        serverUrl: credentials.serverUrl,
        username: credentials.username,
        password: credentials.password,
        timeZone: options.timeZone,
      });
    case "ics":
      return createIcsFeedProvider({ url: credentials.url, timeZone: options.timeZone, selfEmails: options.selfEmails });
  }
}
