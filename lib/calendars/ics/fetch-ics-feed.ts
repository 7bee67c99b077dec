/**
 * One careful GET of a calendar feed: conditional (If-None-Match /
 * If-Modified-Since), bounded in time and size, redirects followed by hand so
 * every hop is checked against the network policy, and every failure a
 * CalendarProviderError whose message says what to do about it.
 */
import { CalendarProviderError } from "../provider-error";
import { parseRetryAfter } from "../retry-after";
import { assertFeedAddressAllowed, type FeedNetworkPolicy } from "./feed-network-policy";
import type { FeedUrl } from "./feed-url";

export const DEFAULT_FEED_TIMEOUT_MS = 15_000;
export const DEFAULT_FEED_MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export interface FetchIcsFeedOptions {
  fetch: typeof fetch;
  policy: FeedNetworkPolicy;
  timeoutMs?: number;
  maxBytes?: number;
  /** Validators of the copy we have: the server may answer 304. */
  etag?: string;
  lastModified?: string;
  /** DNS for the policy check (tests). */
  resolve?: (host: string) => Promise<string[]>;
}

export type FeedResponse =
  | { notModified: true; etag?: string; lastModified?: string }
  | { notModified: false; body: string; etag?: string; lastModified?: string };

const PROVIDER = "ics";

export async function fetchIcsFeed(feed: FeedUrl, options: FetchIcsFeedOptions): Promise<FeedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FEED_MAX_BYTES;
  const origin = new URL(feed.url).origin;
  // One deadline for the whole exchange, redirects and body included.
  const signal = AbortSignal.timeout(timeoutMs);
  let url = feed.url;

  for (let hop = 0; ; hop++) {
    await assertFeedAddressAllowed(url, options.policy, options.resolve);
    const headers: Record<string, string> = {
      accept: "text/calendar, text/plain;q=0.9, */*;q=0.5",
      "user-agent": "Kairos calendar feed reader",
    };
    if (options.etag) headers["if-none-match"] = options.etag;
    if (options.lastModified) headers["if-modified-since"] = options.lastModified;
    // Credentials typed into the address go to that origin only, not to wherever it redirects.
    if (feed.authorization && new URL(url).origin === origin) headers.authorization = feed.authorization;

    let response: Response;
    try {
      response = await options.fetch(url, { headers, redirect: "manual", signal });
    } catch (error) {
      throw networkError(error, url, timeoutMs);
    }

    if (response.status >= 300 && response.status < 400 && response.status !== 304) {
      const location = response.headers.get("location");
      await response.body?.cancel();
      if (!location) throw failure("invalid", `The feed address redirects (HTTP ${response.status}) without saying where to.`, response.status);
      if (hop >= MAX_REDIRECTS) throw failure("invalid", "The feed address redirects too many times.", response.status);
      const next = new URL(location, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw failure("invalid", `The feed address redirects to a ${next.protocol}// address, which Kairos does not follow.`, response.status);
      }
      url = next.href;
      continue;
    }

    const etag = response.headers.get("etag") ?? undefined;
    const lastModified = response.headers.get("last-modified") ?? undefined;
    if (response.status === 304) return { notModified: true, etag: etag ?? options.etag, lastModified: lastModified ?? options.lastModified };
    if (!response.ok) {
      await response.body?.cancel();
      throw statusFailure(response, url);
    }

    const body = await readBody(response, maxBytes, timeoutMs, url);
    assertLooksLikeCalendar(body, response.headers.get("content-type"));
    return { notModified: false, body, etag, lastModified };
  }
}

async function readBody(response: Response, maxBytes: number, timeoutMs: number, url: string): Promise<string> {
  const tooLarge = () => failure("invalid", `The feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than Kairos reads.`, response.status);
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel();
          throw tooLarge();
        }
        chunks.push(value);
      }
    }
  } catch (error) {
    if (error instanceof CalendarProviderError) throw error;
    throw networkError(error, url, timeoutMs);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder(charsetOf(response.headers.get("content-type"))).decode(bytes);
}

/** iCalendar is UTF-8 (RFC 5545 §3.1.4); honour another declared charset when the runtime knows it. */
function charsetOf(contentType: string | null): string {
  const charset = /charset="?([\w-]+)"?/i.exec(contentType ?? "")?.[1];
  if (!charset) return "utf-8";
  try {
    new TextDecoder(charset);
    return charset;
  } catch {
    return "utf-8";
  }
}

/** Catches the common mistake early: the address of a web page (or a login page) instead of the feed. */
function assertLooksLikeCalendar(body: string, contentType: string | null): void {
  const start = body.replace(/^\uFEFF/, "").trimStart();
  if (/^BEGIN:VCALENDAR\b/i.test(start)) return;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "text/html" || /^<(!doctype html|html)/i.test(start)) {
    throw failure(
      "invalid",
      "This address returned a web page, not a calendar feed. Use the calendar's iCal/ICS link (often called \"Secret address in iCal format\" or \"Publish calendar\").",
    );
  }
  const preview = start.slice(0, 30).replace(/[^\x20-\x7E]/g, "?");
  throw failure("invalid", `This address did not return an iCalendar feed (${type || "no content type"}, starting with "${preview}").`);
}

function statusFailure(response: Response, url: string): CalendarProviderError {
  const host = new URL(url).host;
  const status = response.status;
  if (status === 401) return failure("auth", `The feed at ${host} asks for a login. Use the calendar's secret (private) iCal address instead.`, status);
  if (status === 403) return failure("forbidden", `The feed at ${host} refused access (HTTP 403). Check that the address is still shared.`, status);
  if (status === 404 || status === 410) return failure("not_found", `No feed was found at this address (HTTP ${status}). It may have been unpublished or changed.`, status);
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  if (status === 429 || (status === 503 && retryAfter !== undefined)) {
    return new CalendarProviderError("rate_limited", `The feed at ${host} asks Kairos to slow down (HTTP ${status}).`, {
      provider: PROVIDER,
      status,
      ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    });
  }
  if (status >= 500 || status === 408) return failure("transient", `The feed server at ${host} had a problem (HTTP ${status}). Kairos will try again.`, status);
  return failure("invalid", `The feed at ${host} answered HTTP ${status} ${response.statusText}.`.trim(), status);
}

function networkError(error: unknown, url: string, timeoutMs: number): CalendarProviderError {
  const host = new URL(url).host;
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return new CalendarProviderError("transient", `The feed at ${host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`, { provider: PROVIDER, cause: error });
  }
  const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
  return new CalendarProviderError("transient", `Could not reach ${host} (${reason}).`, { provider: PROVIDER, cause: error });
}

function failure(reason: CalendarProviderError["reason"], message: string, status?: number): CalendarProviderError {
  return new CalendarProviderError(reason, message, { provider: PROVIDER, ...(status !== undefined ? { status } : {}) });
}
