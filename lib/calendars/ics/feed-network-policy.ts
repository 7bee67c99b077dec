/**
 * Which hosts a feed URL may point at. A feed URL is typed by a user and
 * fetched by the server, so without a check anyone with an account could make
 * Kairos request internal services (169.254.169.254 cloud metadata, the
 * database host, an admin panel on the LAN) and read the error messages back.
 *
 * Default: public addresses only in production; loopback is allowed outside
 * production (local development and tests serve feeds from 127.0.0.1).
 * Self-hosters who subscribe to feeds on their own network opt in with
 * `allowPrivateNetworks`.
 *
 * Limit: the address is checked when the URL is resolved here and fetch
 * resolves it again, so a DNS name that changes its answer in between (DNS
 * rebinding) is not stopped. Closing that needs a connect-time check (an
 * undici dispatcher with a custom lookup), which Node's bundled fetch does
 * not expose without the undici package.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { config } from "../../config";
import { CalendarProviderError } from "../provider-error";

export interface FeedNetworkPolicy {
  /** 127.0.0.0/8, ::1 (and "localhost"). */
  allowLoopback: boolean;
  /** RFC 1918, CGNAT, link-local (cloud metadata), unique-local IPv6, multicast and reserved ranges. */
  allowPrivateNetworks: boolean;
}

export function defaultFeedNetworkPolicy(): FeedNetworkPolicy {
  return { allowLoopback: config().nodeEnv !== "production", allowPrivateNetworks: false };
}

export type AddressKind = "loopback" | "private" | "public";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

const restricted = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  restricted.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  restricted.addSubnet(network, prefix, "ipv6");
}

/** Where an IP address points. */
export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`Not an IP address: ${address}`);
  // ::ffff:10.0.0.1 reaches 10.0.0.1.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return classifyAddress(mapped);
  const type = family === 4 ? "ipv4" : "ipv6";
  if (loopback.check(address, type)) return "loopback";
  if (restricted.check(address, type)) return "private";
  return "public";
}

/**
 * Resolves the URL's host and throws CalendarProviderError "forbidden" when
 * any of its addresses is outside the policy.
 */
export async function assertFeedAddressAllowed(
  url: string,
  policy: FeedNetworkPolicy,
  resolve: (host: string) => Promise<string[]> = resolveHost,
): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    throw new CalendarProviderError("transient", `Could not find the host ${host} (${error instanceof Error ? error.message : String(error)}).`, {
      provider: "ics",
      cause: error,
    });
  }
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind === "loopback" && !policy.allowLoopback) throw refused(host, "this server itself");
    if (kind === "private" && !policy.allowPrivateNetworks) throw refused(host, "a private network address");
  }
}

async function resolveHost(host: string): Promise<string[]> {
  const results = await lookup(host, { all: true, verbatim: true });
  return results.map((result) => result.address);
}

function refused(host: string, what: string): CalendarProviderError {
  return new CalendarProviderError("forbidden", `Calendar feeds cannot be read from ${host}: it points to ${what}.`, { provider: "ics" });
}
