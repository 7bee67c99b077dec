/**
 * OAuth credentials of a connected calendar account, as adapters receive and
 * hand back (decrypted; the caller stores them with lib/security/encryption).
 */

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token stops working. */
  expiresAt: number;
  /** Space-separated scopes granted, when the provider says. */
  scope?: string;
}

/** Called whenever an adapter refreshed the tokens; store them (Microsoft rotates refresh tokens). */
export type OnTokens = (tokens: OAuthTokens) => void | Promise<void>;

/** What a finished connect flow yields. */
export interface ConnectedAccountTokens extends OAuthTokens {
  scope: string;
  account: { email: string; externalId: string };
}

/**
 * Runs onTokens calls one after another (so an older token set is never
 * stored after a newer one) and lets an adapter wait for them before it
 * answers: when an adapter method returns, refreshed tokens are stored.
 */
export class TokenPersistence {
  private chain: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly onTokens: OnTokens | undefined) {}

  persist(tokens: OAuthTokens): void {
    const onTokens = this.onTokens;
    if (!onTokens) return;
    this.chain = this.chain
      .then(() => onTokens({ ...tokens }))
      .catch((error: unknown) => {
        this.failure ??= { error };
      });
  }

  /** Waits for pending onTokens calls; rethrows the first failure among them (once). */
  async settle(): Promise<void> {
    await this.chain;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }
}
