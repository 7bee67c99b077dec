import type { PushChannel as ProviderPushChannel } from "../../calendars/provider";
import type { PushChannel } from "../../db/generated/client";

/**
 * A stored channel as the provider knows it: Google by our channel id plus its
 * resource id; Graph by its subscription id (`external_id`).
 */
export function toProviderChannel(row: Pick<PushChannel, "id" | "provider" | "externalId" | "expiresAt" | "calendarId">, calendarExternalId: string) {
  const channel: ProviderPushChannel & { calendarId: string } = {
    id: row.provider === "microsoft" ? (row.externalId ?? row.id) : row.id,
    expiresAt: row.expiresAt.getTime(),
    calendarId: calendarExternalId,
  };
  if (row.provider === "google" && row.externalId) channel.resourceId = row.externalId;
  return channel;
}
