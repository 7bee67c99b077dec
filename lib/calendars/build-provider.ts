/**
 * Decrypted credentials → the provider's adapter. The one switch over
 * provider kinds; everything above it speaks CalendarProvider. Settings
 * (client credentials, endpoints) come from configuration unless a caller
 * passes its own (tests against the emulators).
 *
 * Each adapter module is imported only when a connection of its kind is
 * used (dynamic import()): googleapis alone is ~1000 modules, and every route
 * that can reach a calendar (booking, cancelling, the job worker) would
 * otherwise load all four adapters and their client libraries on cold start.
 * Only types are imported statically here.
 */
import type { GoogleSettings } from "./google/google-settings";
import type { MicrosoftSettings } from "./microsoft/microsoft-settings";
import type { MicrosoftTransport } from "./microsoft/entra-token";
import type { ConnectionCredentials } from "./connection-credentials";
import type { OnTokens } from "./oauth-tokens";
import type { CalendarProvider, ProviderKind, PushChannel } from "./provider";

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

/** An adapter as built: CalendarProvider, plus Graph's in-place subscription renewal. */
export type BuiltProvider = CalendarProvider & { renewWatch?(channel: PushChannel, ttlSeconds: number): Promise<PushChannel> };

type AdapterMethod = Exclude<keyof BuiltProvider, "kind">;

/** What every adapter does. */
export const REQUIRED_METHODS = ["listCalendars", "listEvents", "createEvent", "updateEvent", "deleteEvent", "syncEvents"] as const satisfies readonly AdapterMethod[];

/**
 * The optional methods each kind's adapter has, known without loading it —
 * callers test for them (`if (adapter.stopWatch)`) before the first call
 * imports the module. build-provider.test.ts checks this table against the
 * adapters themselves.
 */
export const OPTIONAL_METHODS = {
  google: ["watch", "stopWatch", "revokeAccess"],
  microsoft: ["watch", "stopWatch", "renewWatch"],
  caldav: [],
  ics: [],
} as const satisfies Record<ProviderKind, readonly AdapterMethod[]>;

export async function buildProvider(credentials: ConnectionCredentials, options: BuildProviderOptions = {}): Promise<BuiltProvider> {
  switch (credentials.provider) {
    case "google": {
      const { createGoogleCalendarProvider } = await import("./google/google-calendar-provider");
      return createGoogleCalendarProvider({ tokens: credentials.tokens, onTokens: options.onTokens, settings: options.google });
    }
    case "microsoft": {
      const { createMicrosoftCalendarProvider } = await import("./microsoft/microsoft-calendar-provider");
      return createMicrosoftCalendarProvider({
        ...options.microsoftTransport,
        tokens: credentials.tokens,
        onTokens: options.onTokens,
        settings: options.microsoft,
        timeZone: options.timeZone,
      });
    }
    case "caldav": {
      const { createCalDavCalendarProvider } = await import("./caldav/caldav-calendar-provider");
      return createCalDavCalendarProvider({
        serverUrl: credentials.serverUrl,
        username: credentials.username,
        password: credentials.password,
        timeZone: options.timeZone,
      });
    }
    case "ics": {
      const { createIcsFeedProvider } = await import("./ics/ics-feed-provider");
      return createIcsFeedProvider({ url: credentials.url, timeZone: options.timeZone, selfEmails: options.selfEmails });
    }
  }
}
