import type { DisconnectHookContext } from "../../calendars/disconnect-hooks";
import { toProviderChannel } from "./provider-channel";

/**
 * Disconnect hook: stops every channel of the account's calendars at the
 * provider while the credentials still exist (the rows go with the
 * connection). Retired channels whose "calendar.unwatch" has not run yet are
 * included — that job will find nothing left to do. Each channel is tried;
 * failures are reported together and the account is disconnected anyway
 * (the channels then expire at the provider).
 */
export async function stopConnectionChannels({ db, connection, provider }: DisconnectHookContext): Promise<void> {
  const channels = await db.pushChannel.findMany({
    where: { calendar: { connectionId: connection.id } },
    include: { calendar: { select: { externalId: true } } },
  });
  if (channels.length === 0) return;
  await db.pushChannel.updateMany({ where: { id: { in: channels.map((c) => c.id) } }, data: { status: "stopped" } });
  const adapter = provider();
  if (!adapter.stopWatch) return;
  const failures: unknown[] = [];
  // One at a time: Graph allows 4 concurrent requests per mailbox, and there are only a few.
  for (const channel of channels) {
    try {
      await adapter.stopWatch(toProviderChannel(channel, channel.calendar.externalId));
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${channels.length} push channels could not be stopped.`);
}
