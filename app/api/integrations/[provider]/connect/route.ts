import { clearedFlowCookie, oauthProvider, pendingFlowCookie, redirect, settingsUrl, signInUrl, type ProviderContext } from "../../_lib/oauth-flow";
import { currentUserId } from "@/lib/auth/request-user";
import { OAuthConnectError } from "@/lib/calendars/oauth-connect-error";
import { startOAuthConnection } from "@/lib/calendars/start-oauth-connection";
import { apiRoute } from "@/lib/http/api-route";
import { z } from "zod";

const loginHint = z.email().max(320).optional().catch(undefined);

/**
 * GET /api/integrations/{google|microsoft}/connect[?loginHint=address] — the
 * "Connect" (and "Reconnect") button: 302 to the provider's consent screen,
 * the pending flow in an httpOnly cookie until the callback.
 */
export const GET = apiRoute<ProviderContext>(async (request, context) => {
  const provider = await oauthProvider(context);
  const userId = await currentUserId(request);
  if (!userId) return redirect(signInUrl());
  try {
    const hint = loginHint.parse(new URL(request.url).searchParams.get("loginHint") ?? undefined);
    const started = startOAuthConnection(userId, provider, { loginHint: hint });
    return redirect(started.authorizeUrl, pendingFlowCookie(provider, started.pendingState, started.maxAgeSeconds));
  } catch (error) {
    if (!(error instanceof OAuthConnectError)) throw error;
    if (error.status >= 500) console.error(error.message);
    return redirect(settingsUrl({ error: error.reason, provider }), clearedFlowCookie(provider));
  }
});
