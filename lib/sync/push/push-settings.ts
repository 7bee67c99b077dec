/**
 * Which providers push, how long their channels live, and where they call us.
 * Google watch channels and Graph subscriptions both die after days; Kairos
 * keeps one live channel per selected calendar and replaces or renews it a
 * day before it would expire (periodic upkeep runs every few minutes, so a
 * day leaves room for failures and retries).
 */
import { config } from "../../config";
import type { ProviderKind } from "../../calendars/provider";
import { DAY_MS } from "../../time";

export const PUSH_PROVIDERS = ["google", "microsoft"] as const;
export type PushProvider = (typeof PUSH_PROVIDERS)[number];

export function supportsPush(kind: ProviderKind): kind is PushProvider {
  return (PUSH_PROVIDERS as readonly string[]).includes(kind);
}

/** A channel expiring sooner than this is renewed (Graph) or replaced (Google). */
export const RENEW_BEFORE_MS = DAY_MS;

/**
 * Lifetime asked for. Google's event channels last about a week at most; Graph
 * caps calendar subscriptions lower still (the adapter clamps to its limit).
 */
export const CHANNEL_TTL_SECONDS: Record<PushProvider, number> = {
  google: 7 * 24 * 3600,
  microsoft: 7 * 24 * 3600,
};

/** The webhook a provider calls: PUBLIC_URL must be https and reachable by the provider in production. */
export function webhookUrl(provider: PushProvider): string {
  return `${config().publicUrl}/api/webhooks/${provider}`;
}
