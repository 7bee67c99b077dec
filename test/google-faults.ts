/**
 * Google refusals that push tests provoke through the emulator's fault
 * injection, so every suite provokes them the same way.
 */
import type { GoogleEmulator } from "../e2e/emulators/google";

/** Every events.watch answered as Google answers a webhook address that is not https (until faults are cleared). */
export function refuseWatchAsNotHttps(google: GoogleEmulator) {
  return google.control.injectFault({
    method: "POST",
    path: "/calendar/v3/calendars/*/events/watch",
    status: 400,
    reason: "push.webhookUrlNotHttps",
    message: "WebHook callback must be HTTPS",
    always: true,
  });
}
