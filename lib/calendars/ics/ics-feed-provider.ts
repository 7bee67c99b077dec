/**
 * CalendarProvider for a subscribed iCalendar feed (an "ICS link": Google's
 * secret address, Outlook's published calendar, iCloud public calendars,
 * webcal:// subscribe links, school and team schedules). Read-only: one
 * calendar, never a booking destination.
 *
 * A feed has no change log: each sync downloads it (conditionally — most
 * hosts answer 304 when nothing changed) and compares a content hash; when the
 * content changed the batch is a full listing that replaces what is stored.
 *
 * The feed URL is often a secret (it carries an access token), so it is never
 * used as an id: the calendar's externalId is a hash of it.
 */
import { z } from "zod";
import type { Interval } from "../../availability/types";
import { isValidTimeZone } from "../../time";
import { sha256Hex } from "../../security/tokens";
import { expandIcalEvents } from "../ical/expand-ical-events";
import { InvalidIcalendarError } from "../ical/parse-icalendar";
import { readIcalCalendarInfo } from "../ical/read-ical-calendar-info";
import { syncWindowFor, windowCovers } from "../ical/sync-window";
import type { CalendarProvider, ProviderCalendar, ProviderEvent, SyncBatch } from "../provider";
import { CalendarProviderError } from "../provider-error";
import { defaultFeedNetworkPolicy, type FeedNetworkPolicy } from "./feed-network-policy";
import { normalizeFeedUrl } from "./feed-url";
import { fetchIcsFeed, type FeedResponse } from "./fetch-ics-feed";

export interface IcsFeedProviderOptions {
  /** http(s):// or webcal:// address of the feed. */
  url: string;
  fetch?: typeof fetch;
  /** The host's IANA zone: floating times and all-day events of feeds without X-WR-TIMEZONE. Default UTC. */
  timeZone?: string;
  /** The host's addresses, to read their own answer (PARTSTAT) in shared calendars. */
  selfEmails?: readonly string[];
  /** Whole request, redirects and body included (default 15 s). */
  timeoutMs?: number;
  /** Largest feed read (default 10 MB). */
  maxBytes?: number;
  /** Which hosts may be fetched (default: see defaultFeedNetworkPolicy). */
  network?: Partial<FeedNetworkPolicy>;
  /** DNS for the network check (tests). */
  resolve?: (host: string) => Promise<string[]>;
}

const PROVIDER = "ics";
const READ_ONLY =
  "Calendar feeds (ICS links) are read-only: Kairos cannot add, change or delete their events. Choose a Google, Microsoft 365 or CalDAV calendar for bookings.";

const cursorSchema = z.object({
  v: z.literal(1),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  /** sha256 of the feed without DTSTAMP lines (many feeds stamp every download). */
  contentHash: z.string(),
  window: z.object({ start: z.number(), end: z.number() }),
});
type IcsCursor = z.infer<typeof cursorSchema>;

/** The calendar id of a feed: a hash of its URL (the URL itself may be secret). */
export function icsFeedCalendarId(url: string): string {
  return `ics-${sha256Hex(normalizeFeedUrl(url).url).slice(0, 32)}`;
}

export function createIcsFeedProvider(options: IcsFeedProviderOptions): CalendarProvider {
  const feed = normalizeFeedUrl(options.url);
  const calendarId = icsFeedCalendarId(feed.url);
  const policy: FeedNetworkPolicy = { ...defaultFeedNetworkPolicy(), ...options.network };
  const timeZone = options.timeZone && isValidTimeZone(options.timeZone) ? options.timeZone : "UTC";
  const baseFetch = options.fetch ?? fetch;
  /** The last copy read by this instance, revalidated with a conditional GET. */
  let cached: { body: string; etag?: string; lastModified?: string } | null = null;

  async function download(validators: { etag?: string; lastModified?: string } = {}): Promise<FeedResponse> {
    return fetchIcsFeed(feed, {
      fetch: baseFetch,
      policy,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      resolve: options.resolve,
      ...validators,
    });
  }

  /** The current feed text, from this instance's copy when the server says it is unchanged. */
  async function currentBody(): Promise<string> {
    const response = await download(cached ? { etag: cached.etag, lastModified: cached.lastModified } : {});
    if (response.notModified) {
      if (cached) return cached.body;
      // A 304 to an unconditional request: the server is confused; ask plainly.
      const again = await download();
      if (again.notModified) throw new CalendarProviderError("invalid", "The feed server answers 304 Not Modified to a plain request.", { provider: PROVIDER, status: 304 });
      cached = { body: again.body, etag: again.etag, lastModified: again.lastModified };
      return again.body;
    }
    cached = { body: response.body, etag: response.etag, lastModified: response.lastModified };
    return response.body;
  }

  function expand(body: string, range: Interval): ProviderEvent[] {
    try {
      return expandIcalEvents(body, { range, defaultTimeZone: timeZone, selfEmails: options.selfEmails });
    } catch (error) {
      if (error instanceof InvalidIcalendarError) throw new CalendarProviderError("invalid", error.message, { provider: PROVIDER, cause: error });
      throw error;
    }
  }

  function assertCalendar(id: string): void {
    if (id !== calendarId) throw new CalendarProviderError("not_found", `Calendar ${id} is not this feed.`, { provider: PROVIDER });
  }

  function fullBatch(response: Extract<FeedResponse, { notModified: false }>, range: Interval): SyncBatch {
    const window = syncWindowFor(range);
    const cursor: IcsCursor = { v: 1, etag: response.etag, lastModified: response.lastModified, contentHash: contentHash(response.body), window };
    return { changed: expand(response.body, window), removedIds: [], full: true, cursor: JSON.stringify(cursor) };
  }

  const readOnly = async (): Promise<never> => {
    throw new CalendarProviderError("forbidden", READ_ONLY, { provider: PROVIDER });
  };

  return {
    kind: "ics",

    async listCalendars(): Promise<ProviderCalendar[]> {
      const body = await currentBody();
      let info;
      try {
        info = readIcalCalendarInfo(body);
      } catch (error) {
        if (error instanceof InvalidIcalendarError) throw new CalendarProviderError("invalid", error.message, { provider: PROVIDER, cause: error });
        throw error;
      }
      const calendar: ProviderCalendar = {
        externalId: calendarId,
        name: info.name ?? new URL(feed.url).hostname,
        // The feed's only calendar; canWrite false keeps it from ever being a booking destination.
        isPrimary: true,
        canWrite: false,
      };
      if (info.timeZone) calendar.timeZone = info.timeZone;
      return [calendar];
    },

    async listEvents(id, range) {
      assertCalendar(id);
      return expand(await currentBody(), range);
    },

    createEvent: readOnly,
    updateEvent: readOnly,
    deleteEvent: readOnly,

    async syncEvents(id, cursorValue, range): Promise<SyncBatch> {
      assertCalendar(id);
      const cursor = decodeCursor(cursorValue);
      if (!cursor || !windowCovers(cursor.window, range)) {
        const response = await download();
        if (response.notModified) throw new CalendarProviderError("invalid", "The feed server answers 304 Not Modified to a plain request.", { provider: PROVIDER, status: 304 });
        cached = { body: response.body, etag: response.etag, lastModified: response.lastModified };
        return fullBatch(response, range);
      }

      const response = await download({ etag: cursor.etag, lastModified: cursor.lastModified });
      if (response.notModified) return { changed: [], removedIds: [], full: false, cursor: cursorValue! };
      cached = { body: response.body, etag: response.etag, lastModified: response.lastModified };
      if (contentHash(response.body) === cursor.contentHash) {
        // Same events, new validators (hosts that re-stamp or ignore conditional requests).
        const next: IcsCursor = { ...cursor, etag: response.etag, lastModified: response.lastModified };
        return { changed: [], removedIds: [], full: false, cursor: JSON.stringify(next) };
      }
      return fullBatch(response, range);
    },
  };
}

function decodeCursor(value: string | null): IcsCursor | null {
  if (!value) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A hash of what the feed says. DTSTAMP is left out: many generators write the
 * time of the download there, which would make every poll look like a change.
 */
export function contentHash(body: string): string {
  const unfolded = body.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").replace(/\n[ \t]/g, "");
  const meaningful = unfolded
    .split("\n")
    .filter((line) => !/^DTSTAMP[;:]/i.test(line) && line.trim() !== "")
    .join("\n");
  return sha256Hex(meaningful);
}
