import { db } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { handleGoogleNotification } from "@/lib/sync/push";

/**
 * Google Calendar push notifications (watch channels created by lib/sync/push).
 * 202 = a sync was queued and runs after this answer; 200 = acknowledged only
 * (the channel's first "sync" message); 401 wrong token; 404 unknown channel.
 */
export const POST = apiRoute(async (request) => {
  const { sync } = await handleGoogleNotification(db(), request.headers);
  return new Response(null, { status: sync ? 202 : 200 });
});
