/**
 * OAuth 2.0 authorization-code + refresh-token bookkeeping shared by the Google and Entra
 * emulations: clients, single-use codes bound to client/redirect/PKCE challenge, expiring
 * access tokens, revocable refresh tokens. Failures come back as reasons; each provider turns
 * them into its own error bodies.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export interface OAuthClientRegistration {
  clientId: string;
  /** Absent for public clients (PKCE only). */
  clientSecret?: string;
  /** Allowed redirect URIs; absent = any http(s) URI (convenient for local development). */
  redirectUris?: string[];
}

export type OAuthFailureReason =
  | "unknown_client"
  | "missing_client_secret"
  | "bad_client_secret"
  | "redirect_uri_not_registered"
  | "unknown_code"
  | "code_redeemed"
  | "code_expired"
  | "code_client_mismatch"
  | "redirect_uri_mismatch"
  | "pkce_verifier_missing"
  | "pkce_verifier_mismatch"
  | "unknown_refresh_token"
  | "revoked_refresh_token"
  | "refresh_client_mismatch";

export interface OAuthFailure {
  failure: OAuthFailureReason;
}

export interface CodeGrant {
  code: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  accountId: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  nonce?: string;
  /** Whether redeeming the code yields a refresh token. */
  offline: boolean;
  expiresAt: number;
  redeemed: boolean;
}

export interface AccessTokenRecord {
  token: string;
  accountId: string;
  clientId: string;
  scope: string[];
  expiresAt: number;
  revoked: boolean;
  refreshToken?: string;
}

export interface RefreshTokenRecord {
  token: string;
  accountId: string;
  clientId: string;
  scope: string[];
  revoked: boolean;
  /** Why it no longer works, when it does not. */
  revokedBecause?: string;
}

export interface IssuedTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  scope: string[];
  accountId: string;
  clientId: string;
  nonce?: string;
}

export interface OAuthStoreOptions {
  accessTokenTtlSeconds: number;
  codeTtlSeconds?: number;
  /** Entra returns a new refresh token on every refresh; Google keeps returning none. */
  rotateRefreshTokens: boolean;
  mintAccessToken(input: { accountId: string; clientId: string; scope: string[]; expiresAt: number }): string;
  mintRefreshToken(): string;
  mintCode(): string;
}

export type AccessTokenCheck =
  | { ok: true; record: AccessTokenRecord }
  | { ok: false; reason: "missing" | "unknown" | "expired" | "revoked" };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function pkceChallengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export class OAuthStore {
  private clients = new Map<string, OAuthClientRegistration>();
  private codes = new Map<string, CodeGrant>();
  private accessTokens = new Map<string, AccessTokenRecord>();
  private refreshTokens = new Map<string, RefreshTokenRecord>();
  private consents = new Set<string>();
  accessTokenTtlSeconds: number;

  constructor(
    private readonly options: OAuthStoreOptions,
    private readonly initialClients: OAuthClientRegistration[],
  ) {
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds;
    for (const client of initialClients) this.registerClient(client);
  }

  reset(): void {
    this.clients.clear();
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.consents.clear();
    this.accessTokenTtlSeconds = this.options.accessTokenTtlSeconds;
    for (const client of this.initialClients) this.registerClient(client);
  }

  registerClient(client: OAuthClientRegistration): void {
    if (!client.clientId) throw new Error("clientId is required");
    this.clients.set(client.clientId, { ...client });
  }

  listClients(): OAuthClientRegistration[] {
    return [...this.clients.values()];
  }

  client(clientId: string): OAuthClientRegistration | undefined {
    return this.clients.get(clientId);
  }

  /** Client authentication at the token endpoint (secret in the body or HTTP Basic). */
  authenticateClient(
    clientId: string | undefined,
    clientSecret: string | undefined,
    options: { publicAllowedWithPkce: boolean },
  ): OAuthClientRegistration | OAuthFailure {
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client) return { failure: "unknown_client" };
    if (client.clientSecret === undefined) return client;
    if (clientSecret === undefined) {
      return options.publicAllowedWithPkce ? client : { failure: "missing_client_secret" };
    }
    return sameSecret(clientSecret, client.clientSecret) ? client : { failure: "bad_client_secret" };
  }

  redirectAllowed(client: OAuthClientRegistration, redirectUri: string): boolean {
    if (client.redirectUris) return client.redirectUris.includes(redirectUri);
    try {
      const url = new URL(redirectUri);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }

  hasConsent(accountId: string, clientId: string): boolean {
    return this.consents.has(`${accountId}\n${clientId}`);
  }

  recordConsent(accountId: string, clientId: string): void {
    this.consents.add(`${accountId}\n${clientId}`);
  }

  issueCode(grant: Omit<CodeGrant, "code" | "expiresAt" | "redeemed">): string {
    const code = this.options.mintCode();
    this.codes.set(code, {
      ...grant,
      code,
      expiresAt: Date.now() + (this.options.codeTtlSeconds ?? 600) * 1000,
      redeemed: false,
    });
    return code;
  }

  redeemCode(input: {
    code: string | undefined;
    clientId: string;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
  }): IssuedTokens | OAuthFailure {
    const grant = input.code ? this.codes.get(input.code) : undefined;
    if (!grant) return { failure: "unknown_code" };
    if (grant.redeemed) return { failure: "code_redeemed" };
    if (grant.expiresAt <= Date.now()) return { failure: "code_expired" };
    if (grant.clientId !== input.clientId) return { failure: "code_client_mismatch" };
    if (grant.redirectUri !== input.redirectUri) return { failure: "redirect_uri_mismatch" };
    if (grant.codeChallenge) {
      if (!input.codeVerifier) return { failure: "pkce_verifier_missing" };
      const derived = grant.codeChallengeMethod === "plain" ? input.codeVerifier : pkceChallengeOf(input.codeVerifier);
      if (derived !== grant.codeChallenge) return { failure: "pkce_verifier_mismatch" };
    }
    grant.redeemed = true;
    const tokens = this.mint({
      accountId: grant.accountId,
      clientId: grant.clientId,
      scope: grant.scope,
      offline: grant.offline,
    });
    return { ...tokens, nonce: grant.nonce };
  }

  refresh(input: { refreshToken: string | undefined; clientId: string; scope?: string[] }): IssuedTokens | OAuthFailure {
    const record = input.refreshToken ? this.refreshTokens.get(input.refreshToken) : undefined;
    if (!record) return { failure: "unknown_refresh_token" };
    if (record.revoked) return { failure: "revoked_refresh_token" };
    if (record.clientId !== input.clientId) return { failure: "refresh_client_mismatch" };
    const scope = input.scope && input.scope.length > 0 ? input.scope.filter((s) => record.scope.includes(s)) : record.scope;
    if (this.options.rotateRefreshTokens) {
      // Entra hands out a new refresh token on every use; the old one keeps working until it
      // expires or is revoked (it is not single-use).
      return this.mint({ accountId: record.accountId, clientId: record.clientId, scope: record.scope, offline: true, accessScope: scope });
    }
    const access = this.mintAccess(record.accountId, record.clientId, scope, record.token);
    return { ...access, refreshToken: undefined };
  }

  /** Issues an access token (and a refresh token when offline), as a redeemed code would. */
  mint(input: {
    accountId: string;
    clientId: string;
    scope: string[];
    offline: boolean;
    accessScope?: string[];
  }): IssuedTokens {
    let refreshToken: string | undefined;
    if (input.offline) {
      refreshToken = this.options.mintRefreshToken();
      this.refreshTokens.set(refreshToken, {
        token: refreshToken,
        accountId: input.accountId,
        clientId: input.clientId,
        scope: input.scope,
        revoked: false,
      });
    }
    const access = this.mintAccess(input.accountId, input.clientId, input.accessScope ?? input.scope, refreshToken);
    return { ...access, refreshToken };
  }

  private mintAccess(accountId: string, clientId: string, scope: string[], refreshToken?: string): IssuedTokens {
    const expiresIn = this.accessTokenTtlSeconds;
    const expiresAt = Date.now() + expiresIn * 1000;
    const token = this.options.mintAccessToken({ accountId, clientId, scope, expiresAt });
    this.accessTokens.set(token, { token, accountId, clientId, scope, expiresAt, revoked: false, refreshToken });
    return { accessToken: token, expiresIn, scope, accountId, clientId };
  }

  checkAccessToken(token: string | undefined): AccessTokenCheck {
    if (!token) return { ok: false, reason: "missing" };
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.revoked) return { ok: false, reason: "revoked" };
    if (record.expiresAt <= Date.now()) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }

  refreshTokenRecord(token: string): RefreshTokenRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /**
   * Revokes an access or refresh token; revoking a refresh token also kills its
   * access tokens. False for a token that is unknown or revoked already (Google's
   * /revoke then answers 400 invalid_token).
   */
  revoke(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      if (refresh.revoked) return false;
      refresh.revoked = true;
      refresh.revokedBecause = "revoked";
      for (const access of this.accessTokens.values()) if (access.refreshToken === token) access.revoked = true;
      return true;
    }
    const access = this.accessTokens.get(token);
    if (access && !access.revoked) {
      access.revoked = true;
      return true;
    }
    return false;
  }

  /** Makes live access tokens (of one account, or all) expired right now. Returns how many. */
  expireAccessTokens(accountId?: string): number {
    let n = 0;
    const now = Date.now();
    for (const access of this.accessTokens.values()) {
      if ((accountId === undefined || access.accountId === accountId) && access.expiresAt > now) {
        access.expiresAt = now - 1;
        n++;
      }
    }
    return n;
  }

  /** Revokes refresh tokens (one token, one account's, or all). Returns how many. */
  revokeRefreshTokens(filter: { accountId?: string; token?: string } = {}): number {
    let n = 0;
    for (const refresh of this.refreshTokens.values()) {
      if (refresh.revoked) continue;
      if (filter.token !== undefined && refresh.token !== filter.token) continue;
      if (filter.accountId !== undefined && refresh.accountId !== filter.accountId) continue;
      this.revoke(refresh.token);
      n++;
    }
    return n;
  }

  isFailure(value: unknown): value is OAuthFailure {
    return typeof value === "object" && value !== null && "failure" in value;
  }
}
