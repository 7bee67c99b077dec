import { db } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api-route";
import { graphNotificationSchema, graphValidationAnswer, handleMicrosoftNotification } from "@/lib/sync/push";

/**
 * Microsoft Graph subscriptions (created by lib/sync/push): the validationToken
 * handshake, change notifications and lifecycle notifications, all on this URL.
 * 202 = verified and queued; 401 a clientState did not match; 404 unknown
 * subscription (batch semantics: handle-microsoft-notification.ts).
 */
export const POST = apiRoute(async (request) => {
  const validationToken = new URL(request.url).searchParams.get("validationToken");
  if (validationToken !== null) return graphValidationAnswer(validationToken);
  await handleMicrosoftNotification(db(), await readJson(request, graphNotificationSchema));
  return new Response(null, { status: 202 });
});
