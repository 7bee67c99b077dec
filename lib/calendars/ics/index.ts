/** Subscribed iCalendar feeds (read-only). */
export { createIcsFeedProvider, icsFeedCalendarId, type IcsFeedProviderOptions } from "./ics-feed-provider";
export { verifyIcsFeed, type VerifiedIcsFeed } from "./verify-ics-feed";
export { normalizeFeedUrl, type FeedUrl } from "./feed-url";
export { defaultFeedNetworkPolicy, classifyAddress, type FeedNetworkPolicy } from "./feed-network-policy";
