/**
 * Push in (provider webhooks) and the push-channel lifecycle. The job
 * handlers, periodic task and disconnect hook are wired in lib/background and
 * app/api/v1/connections/[id]; the webhook routes are app/api/webhooks/*.
 */
import type { JobHandler } from "../../jobs";
import { unwatchChannel } from "./unwatch-channel";
import { watchCalendar } from "./watch-calendar";

export { handleGoogleNotification } from "./handle-google-notification";
export { handleMicrosoftNotification, graphNotificationSchema, type GraphNotificationBatch } from "./handle-microsoft-notification";
export { graphValidationAnswer } from "./graph-validation-answer";
export { watchCalendar, type WatchCalendarOptions, type WatchAction } from "./watch-calendar";
export { unwatchChannel } from "./unwatch-channel";
export { enqueueCalendarWatch } from "./enqueue-calendar-watch";
export { enqueueChannelUpkeep, pushChannelUpkeep } from "./enqueue-channel-upkeep";
export { getPushStatus, type PushState, type PushStatus } from "./get-push-status";
export { stopConnectionChannels } from "./stop-connection-channels";
export { supportsPush, webhookUrl } from "./push-settings";

/** "calendar.watch" {calendarId, renew?} */
export const watchCalendarJob: JobHandler<"calendar.watch"> = (payload, { db }) => watchCalendar(db, payload.calendarId, { renew: payload.renew });

/** "calendar.unwatch" {channelId} */
export const unwatchChannelJob: JobHandler<"calendar.unwatch"> = (payload, { db }) => unwatchChannel(db, payload.channelId, payload.removed);
