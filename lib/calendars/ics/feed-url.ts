/**
 * What a person pastes as a calendar feed address → the URL Kairos fetches.
 * webcal:// (what "Subscribe" buttons link to) is https://; a bare host gets
 * https://; every other scheme (file:, ftp:, javascript:, data: …) is refused.
 */
import { CalendarProviderError } from "../provider-error";

const MAX_URL_LENGTH = 2048;

export interface FeedUrl {
  /** The address to fetch, without user:password. */
  url: string;
  /** Basic credentials that were written into the address (https://user:pass@host/…), if any. */
  authorization?: string;
}

/** Throws CalendarProviderError "invalid" with a message for the person who typed it. */
export function normalizeFeedUrl(input: string): FeedUrl {
  let text = input.trim();
  if (text === "") throw invalid("Enter the address of the calendar feed.");
  if (text.length > MAX_URL_LENGTH) throw invalid("This address is too long to be a calendar feed.");
  text = text.replace(/^webcals?:\/\//i, "https://");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) text = `https://${text}`;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid("This is not a valid web address.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalid(`Only http://, https:// and webcal:// addresses can be subscribed to (not ${url.protocol}//).`);
  }
  if (!url.hostname) throw invalid("The address has no host name.");

  let authorization: string | undefined;
  if (url.username || url.password) {
    // fetch refuses URLs with credentials; send them as Basic auth instead.
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  url.hash = "";
  return { url: url.href, ...(authorization ? { authorization } : {}) };
}

function invalid(message: string): CalendarProviderError {
  return new CalendarProviderError("invalid", message, { provider: "ics" });
}
