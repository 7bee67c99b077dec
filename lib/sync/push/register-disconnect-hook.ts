/**
 * Imported for its effect by the disconnect path (app/api/v1/connections/[id]):
 * registers stopConnectionChannels once per process, however many route
 * bundles evaluate this module.
 */
import { registerDisconnectHook } from "../../calendars/disconnect-hooks";
import { stopConnectionChannels } from "./stop-connection-channels";

const holder = globalThis as unknown as { kairosPushDisconnectHook?: boolean };
if (!holder.kairosPushDisconnectHook) {
  holder.kairosPushDisconnectHook = true;
  registerDisconnectHook(stopConnectionChannels);
}
