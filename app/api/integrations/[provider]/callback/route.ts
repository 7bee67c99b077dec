import { clearedFlowCookie, oauthProvider, readPendingFlowCookie, redirect, settingsUrl, signInUrl, type ProviderContext } from "../../_lib/oauth-flow";
import { currentUserId } from "@/lib/auth/request-user";
import { finishOAuthConnection } from "@/lib/calendars/finish-oauth-connection";
import { OAuthConnectError } from "@/lib/calendars/oauth-connect-error";
import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api-route";

/**
 * GET /api/integrations/{google|microsoft}/callback?code&state — where the
 * provider sends the person back. Always ends on Settings → Calendars with
 * `?connected={provider}` or `?error={reason}&provider={provider}`; the
 * pending-flow cookie is cleared either way (a flow is finished once).
 */
export const GET = apiRoute<ProviderContext>(async (request, context) => {
  const provider = await oauthProvider(context);
  const cleared = clearedFlowCookie(provider);
  const userId = await currentUserId(request);
  if (!userId) return redirect(signInUrl(), cleared);
  const query = new URL(request.url).searchParams;
  try {
    await finishOAuthConnection(db(), userId, provider, {
      pendingState: readPendingFlowCookie(request, provider),
      code: query.get("code"),
      state: query.get("state"),
      error: query.get("error"),
    });
    return redirect(settingsUrl({ connected: provider }), cleared);
  } catch (error) {
    if (error instanceof OAuthConnectError) {
      if (error.status >= 500) console.error(`Connecting ${provider}: ${error.message}`);
      return redirect(settingsUrl({ error: error.reason, provider }), cleared);
    }
    console.error(`Connecting ${provider} failed:`, error);
    return redirect(settingsUrl({ error: "provider_error", provider }), cleared);
  }
});
