/**
 * Control routes for steering an emulator's OAuth server, the same on Google
 * and Microsoft: who signs in next, client registrations, access-token
 * lifetime, tokens minted without the browser round-trip, and expiring or
 * revoking tokens. Each emulator says how an e-mail names one of its
 * accounts and what scope it grants by default.
 */
import { controlBody, controlError, rejectAsBadRequest } from "./control-routes";
import type { OAuthClientRegistration, OAuthStore } from "./oauth-store";
import { json, noContent, type Router } from "./router";

/** Who signs in at the next authorize request (one-shot), as both emulator states hold it. */
export type NextSignIn = { email?: string; deny?: boolean } | undefined;

export function registerOAuthControlRoutes(
  router: Router,
  deps: {
    oauth: OAuthStore;
    defaultClientId: string;
    /** The emulator's state, where its authorize endpoint looks for the next sign-in. */
    state: { nextSignIn: NextSignIn };
    /** The account id for an e-mail; throws a control error (400/404) when there is none. */
    accountIdOf: (email: unknown) => string;
    /** What POST /_emulator/tokens grants when the request names no scope. */
    defaultScope: string[];
    /** The token response's `scope`, as the emulator's token endpoint writes it. */
    scopeInTokenResponse: (scope: string[]) => string;
  },
): void {
  const { oauth, accountIdOf } = deps;
  const optionalAccountId = (email: string | undefined) => (email ? accountIdOf(email) : undefined);

  router.post("/_emulator/next-sign-in", (request) => {
    const input = controlBody<{ email?: string; deny?: boolean }>(request);
    if (input.email) accountIdOf(input.email);
    deps.state.nextSignIn = input.email || input.deny ? { email: input.email, deny: input.deny } : undefined;
    return noContent();
  });

  router.post("/_emulator/oauth/clients", (request) => {
    const input = controlBody<OAuthClientRegistration>(request);
    rejectAsBadRequest(() => oauth.registerClient(input));
    return json(201, input);
  });
  router.get("/_emulator/oauth/clients", () => json(200, { clients: oauth.listClients() }));
  router.post("/_emulator/oauth/config", (request) => {
    const input = controlBody<{ accessTokenTtlSeconds?: number }>(request);
    if (input.accessTokenTtlSeconds !== undefined) {
      if (!Number.isFinite(input.accessTokenTtlSeconds) || input.accessTokenTtlSeconds < 1) {
        throw controlError(400, "accessTokenTtlSeconds must be ≥ 1");
      }
      oauth.accessTokenTtlSeconds = input.accessTokenTtlSeconds;
    }
    return json(200, { accessTokenTtlSeconds: oauth.accessTokenTtlSeconds });
  });

  router.post("/_emulator/tokens", (request) => {
    const input = controlBody<{ email: string; clientId?: string; scope?: string[]; offline?: boolean }>(request);
    const accountId = accountIdOf(input.email);
    const clientId = input.clientId ?? deps.defaultClientId;
    if (!oauth.client(clientId)) throw controlError(404, `no client ${clientId}`);
    const issued = oauth.mint({ accountId, clientId, scope: input.scope ?? deps.defaultScope, offline: input.offline ?? true });
    return json(201, {
      token_type: "Bearer",
      access_token: issued.accessToken,
      refresh_token: issued.refreshToken,
      expires_in: issued.expiresIn,
      scope: deps.scopeInTokenResponse(issued.scope),
    });
  });
  router.post("/_emulator/tokens/expire", (request) => {
    const input = controlBody<{ email?: string }>(request);
    return json(200, { expired: oauth.expireAccessTokens(optionalAccountId(input.email)) });
  });
  router.post("/_emulator/tokens/revoke", (request) => {
    const input = controlBody<{ email?: string; refreshToken?: string }>(request);
    return json(200, { revoked: oauth.revokeRefreshTokens({ accountId: optionalAccountId(input.email), token: input.refreshToken }) });
  });
}
