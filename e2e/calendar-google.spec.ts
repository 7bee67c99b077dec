/**
 * Google Calendar end to end: OAuth against the Google emulator, busy time in
 * by push, bookings out with a Google Meet link (see support/calendar-journey.ts).
 */
import { expect, test } from "@playwright/test";
import { runCalendarJourney } from "./support/calendar-journey";
import { googleAccount, googleControl } from "./support/calendar-providers";

test("Google: connect, a Google event blocks its time, a booking lands in Google with a Meet link, moves and goes", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const control = googleControl();
  const email = `host-${Date.now().toString(36)}@gmail.test`;
  await control.createAccount({ email, name: "Gale Host", timeZone: "Europe/Berlin" });

  await runCalendarJourney(page, browser, {
    name: "google",
    account: googleAccount(control, email),
    location: { option: "Google Meet" },
    push: true,
    async connect(page) {
      // The emulator's consent has no screen: it signs in as this account and redirects straight back.
      await control.setNextSignIn({ email });
      await page.getByRole("link", { name: "Connect Google Calendar" }).click();
      await page.waitForURL("**/dashboard/settings/calendars**");
      await expect(page.getByRole("main")).toContainText("Google Calendar is connected.");
      await expect(page.getByRole("heading", { level: 3, name: email })).toBeVisible();
    },
  });

  // Push is what carried the change: the emulator notified the app's webhook, which accepted it.
  const pushes = (await control.deliveries("google-push")).deliveries;
  expect(pushes.length).toBeGreaterThan(0);
});
