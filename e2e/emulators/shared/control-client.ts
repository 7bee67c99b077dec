import type { FaultRule, FaultSpec } from "./faults";
import type { OAuthClientRegistration } from "./oauth-store";
import type { Delivery } from "./outbox";
import type { LoggedRequest, RequestLogQuery } from "./request-log";

/**
 * The transport under each emulator's typed control client: JSON over fetch to /_emulator/…,
 * throwing with the emulator's message on any non-2xx answer.
 */
export class ControlTransport {
  constructor(
    /** Emulator origin, e.g. "http://127.0.0.1:4100". */
    readonly origin: string,
    /** Extra fetch options (the Microsoft emulator passes a dispatcher trusting its certificate). */
    private readonly fetchOptions: Record<string, unknown> = {},
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.origin}/_emulator${path}`, {
      ...this.fetchOptions,
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    } as RequestInit);
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (data as { error?: unknown } | undefined)?.error;
      const message = typeof error === "string" ? error : text;
      throw new Error(`emulator control ${method} ${path} → ${response.status}: ${message}`);
    }
    return data as T;
  }
}

/** Builds "?a=1&b=2" from defined values. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
}

/** What POST /_emulator/tokens answers (the token endpoint's shape). */
export interface MintedTokens {
  token_type: "Bearer";
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
}

/**
 * The control calls every emulator answers the same way (shared/control-routes.ts and
 * shared/oauth-control-routes.ts): reset, sign-in steering, OAuth clients and tokens, faults,
 * the request log and outgoing deliveries. GoogleControl and MicrosoftControl add their own.
 */
export class EmulatorControl {
  constructor(protected readonly transport: ControlTransport) {}

  /** Back to the start state (accounts the emulator was started with, no events/tokens/faults). */
  reset(): Promise<void> {
    return this.transport.call("POST", "/reset");
  }

  /** Who signs in at the next authorize request (one-shot); `{ deny: true }` → error=access_denied. */
  setNextSignIn(next: { email: string } | { deny: true } | null): Promise<void> {
    return this.transport.call("POST", "/next-sign-in", next ?? {});
  }

  registerClient(client: OAuthClientRegistration): Promise<OAuthClientRegistration> {
    return this.transport.call("POST", "/oauth/clients", client);
  }

  setAccessTokenTtl(seconds: number): Promise<{ accessTokenTtlSeconds: number }> {
    return this.transport.call("POST", "/oauth/config", { accessTokenTtlSeconds: seconds });
  }

  /** Tokens for an account without the browser round-trip (default: the emulator's full calendar scope, offline). */
  mintTokens(input: { email: string; clientId?: string; scope?: string[]; offline?: boolean }): Promise<MintedTokens> {
    return this.transport.call("POST", "/tokens", input);
  }

  /** Expires live access tokens (of one account, or all) now; the next API call answers 401. */
  expireAccessTokens(email?: string): Promise<{ expired: number }> {
    return this.transport.call("POST", "/tokens/expire", { email });
  }

  /** Revokes refresh tokens (one, an account's, or all); refreshing then fails with invalid_grant. */
  revokeRefreshTokens(filter: { email?: string; refreshToken?: string } = {}): Promise<{ revoked: number }> {
    return this.transport.call("POST", "/tokens/revoke", filter);
  }

  injectFault(spec: FaultSpec): Promise<FaultRule> {
    return this.transport.call("POST", "/faults", spec);
  }

  listFaults(): Promise<{ faults: FaultRule[] }> {
    return this.transport.call("GET", "/faults");
  }

  clearFaults(): Promise<void> {
    return this.transport.call("DELETE", "/faults");
  }

  requests(filter: RequestLogQuery = {}): Promise<{ requests: LoggedRequest[]; counts: Record<string, number>; lastSeq: number }> {
    return this.transport.call("GET", `/requests${queryString({ ...filter })}`);
  }

  /** Number of provider-API requests matching the filter (e.g. `{ pathPrefix: "/calendar/v3/" }`). */
  async countRequests(filter: RequestLogQuery = {}): Promise<number> {
    return (await this.requests(filter)).requests.length;
  }

  clearRequests(): Promise<void> {
    return this.transport.call("DELETE", "/requests");
  }

  deliveries(kind?: string): Promise<{ deliveries: Delivery[] }> {
    return this.transport.call("GET", `/deliveries${queryString({ kind })}`);
  }

  /** Waits until every notification sent so far has been answered (or failed), then lists them. */
  waitForDeliveries(kind?: string): Promise<{ deliveries: Delivery[] }> {
    return this.transport.call("POST", `/deliveries/wait${queryString({ kind })}`, {});
  }

  clearDeliveries(): Promise<void> {
    return this.transport.call("DELETE", "/deliveries");
  }
}
