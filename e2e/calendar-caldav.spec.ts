/**
 * CalDAV end to end against a real Radicale: connect with server address,
 * username and app password, busy time in on "Sync now", bookings written as
 * iCalendar objects with the event type's fixed link (see support/calendar-journey.ts).
 */
import { expect, test } from "@playwright/test";
import { runCalendarJourney } from "./support/calendar-journey";
import { caldavAccount, radicaleClient, radicaleRunning } from "./support/calendar-providers";
import { RADICALE_URL, RADICALE_USER } from "./support/e2e-env";

test("CalDAV: connect Radicale, its event blocks its time, a booking lands in it with the link, moves and goes", async ({ page, browser }) => {
  test.skip(!(await radicaleRunning()), "Radicale is not installed (sudo apt-get install -y radicale)");
  test.setTimeout(240_000);
  const name = `Work ${Date.now().toString(36)}`;
  const account = await caldavAccount(await radicaleClient(), name);

  await runCalendarJourney(page, browser, {
    name: "caldav",
    account,
    location: { option: "Video link", link: "https://meet.example.com/caldav-room" },
    push: false,
    async connect(page) {
      await page.getByLabel("Server address").fill(RADICALE_URL);
      await page.getByLabel("Username", { exact: true }).fill(RADICALE_USER.username);
      await page.getByLabel("App-specific password").fill(RADICALE_USER.password);
      await page.getByRole("button", { name: "Connect CalDAV account" }).click();
      await expect(page.getByRole("checkbox", { name: `Check for conflicts with ${name}` })).toBeVisible();
    },
  });
});
