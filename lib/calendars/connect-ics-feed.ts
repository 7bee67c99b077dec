/**
 * Subscribes the host to an ICS feed (a calendar's "secret address", a
 * published Outlook calendar, a webcal:// link). The ICS module's
 * verifyIcsFeed checks the address may be fetched (no internal networks),
 * downloads it once and reads it as iCalendar; any failure is a 400 on `url`.
 * A feed is one read-only calendar, ticked for conflicts from the start. The
 * URL is stored encrypted — feed URLs usually carry an access token — and the
 * connection is keyed by a hash of it.
 */
import type { Db } from "../db/client";
import { requireCredentialStore } from "./calendar-features";
import { icsFeedSchema, type IcsFeedInput } from "./calendar-schema";
import type { ConnectionDto } from "./connection-dto";
import { verifyIcsFeed } from "./ics";
import { saveConnection } from "./save-connection";

export async function connectIcsFeed(db: Db, userId: string, input: IcsFeedInput): Promise<ConnectionDto> {
  const { url } = icsFeedSchema.parse(input);
  requireCredentialStore();
  const feed = await verifyIcsFeed(url);
  return saveConnection(db, userId, {
    // As typed, not feed.url: that one has user:password taken out of it, and
    // the adapter takes them from the stored address on every fetch.
    credentials: { provider: "ics", url },
    externalAccountId: feed.calendarId,
    label: feed.name,
    accountEmail: null,
    calendars: [{ externalId: feed.calendarId, name: feed.name, isPrimary: true, canWrite: false, ...(feed.timeZone ? { timeZone: feed.timeZone } : {}) }],
  });
}
