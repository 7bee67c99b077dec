/**
 * Microsoft 365 end to end: Entra OAuth against the Microsoft emulator (https,
 * self-signed: the server trusts it through NODE_EXTRA_CA_CERTS, the browser
 * is told to accept it), busy time in by Graph change notifications, bookings
 * out with a Teams link (see support/calendar-journey.ts).
 */
import { expect, test } from "@playwright/test";
import { runCalendarJourney } from "./support/calendar-journey";
import { microsoftAccount, microsoftControl } from "./support/calendar-providers";

// The browser passes through the emulator's authorize endpoint, served with its self-signed certificate.
test.use({ ignoreHTTPSErrors: true });

test("Microsoft 365: connect, an Outlook event blocks its time, a booking lands in Outlook with a Teams link, moves and goes", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const control = await microsoftControl();
  const email = `host-${Date.now().toString(36)}@contoso.test`;
  await control.createUser({ email, displayName: "Morgan Host", timeZone: "Europe/Berlin" });

  await runCalendarJourney(page, browser, {
    name: "microsoft",
    account: microsoftAccount(control, email),
    location: { option: "Microsoft Teams" },
    push: true,
    async connect(page) {
      await control.setNextSignIn({ email });
      await page.getByRole("link", { name: "Connect Microsoft 365 / Outlook" }).click();
      await page.waitForURL("**/dashboard/settings/calendars**");
      await expect(page.getByRole("main")).toContainText("Microsoft 365 / Outlook is connected.");
    },
  });

  // The subscription handshake was answered, and the change notification accepted.
  const validations = (await control.deliveries("graph-validation")).deliveries;
  const notifications = (await control.deliveries("graph-notification")).deliveries;
  expect(validations.length).toBeGreaterThan(0);
  expect(notifications.length).toBeGreaterThan(0);
});
