/**
 * The "Subscribe to a calendar feed" form's check: the address is a URL Kairos
 * may fetch, it answers, and what it serves is an iCalendar feed. Failures are
 * validation errors on the `url` field with a message for the person who
 * pasted it (HTTP 400 through apiRoute).
 */
import { AppError } from "../../errors";
import { InvalidIcalendarError } from "../ical/parse-icalendar";
import { readIcalCalendarInfo } from "../ical/read-ical-calendar-info";
import { CalendarProviderError } from "../provider-error";
import { defaultFeedNetworkPolicy, type FeedNetworkPolicy } from "./feed-network-policy";
import { normalizeFeedUrl } from "./feed-url";
import { fetchIcsFeed } from "./fetch-ics-feed";
import { icsFeedCalendarId } from "./ics-feed-provider";

export interface VerifiedIcsFeed {
  /** The address to store (webcal:// turned into https://). Secret: store it encrypted. */
  url: string;
  /** The calendar's externalId (what createIcsFeedProvider's listCalendars answers). */
  calendarId: string;
  /** X-WR-CALNAME, else the host name. */
  name: string;
  timeZone?: string;
  eventCount: number;
}

export async function verifyIcsFeed(
  input: string,
  options: { fetch?: typeof fetch; network?: Partial<FeedNetworkPolicy>; timeoutMs?: number; maxBytes?: number; resolve?: (host: string) => Promise<string[]> } = {},
): Promise<VerifiedIcsFeed> {
  try {
    const feed = normalizeFeedUrl(input);
    const response = await fetchIcsFeed(feed, {
      fetch: options.fetch ?? fetch,
      policy: { ...defaultFeedNetworkPolicy(), ...options.network },
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      resolve: options.resolve,
    });
    if (response.notModified) throw new CalendarProviderError("invalid", "The feed server answered 304 Not Modified to a plain request.", { provider: "ics" });
    const info = readIcalCalendarInfo(response.body);
    return {
      url: feed.url,
      calendarId: icsFeedCalendarId(feed.url),
      name: info.name ?? new URL(feed.url).hostname,
      ...(info.timeZone ? { timeZone: info.timeZone } : {}),
      eventCount: info.eventCount,
    };
  } catch (error) {
    if (error instanceof CalendarProviderError || error instanceof InvalidIcalendarError) {
      throw new AppError("validation_error", error.message, [{ path: "url", message: error.message }]);
    }
    throw error;
  }
}
