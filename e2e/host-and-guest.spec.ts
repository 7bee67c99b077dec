/**
 * The main journey: a host signs up, sets hours in New York and publishes an
 * event type; a guest in Tokyo books it, sees both zones and gets an .ics; the
 * slot disappears for others; the guest cancels and the slot comes back.
 */
import { expect, test } from "@playwright/test";
import {
  chooseTimeZone,
  confirmAs,
  guestContext,
  newHost,
  open,
  pickUnhurriedTime,
  signUp,
  snap,
  timeIn,
  timesOf,
} from "./support/helpers";

/** The host's own zone (profile): confirmations and the dashboard show it. */
const HOST_ZONE = "Europe/London";
/** The zone the host's working hours are in. */
const SCHEDULE_ZONE = "America/New_York";
const GUEST_ZONE = "Asia/Tokyo";

test("host publishes a link, a guest in another zone books and cancels", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const host = newHost("host");

  // Sign up (living in London)…
  await signUp(page, host, HOST_ZONE);
  await snap(page, "journey-01-dashboard-empty");

  // …with working hours kept in New York time, Saturdays open too.
  await open(page, "/dashboard/availability");
  await chooseTimeZone(page, "Time zone", SCHEDULE_ZONE);
  await page.getByRole("switch", { name: "Saturday" }).click();
  await expect(page.getByRole("combobox", { name: "Saturday From" })).toBeVisible();
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Schedule saved." })).toBeVisible();
  await snap(page, "journey-02-availability");
  const schedules = await (await page.request.get("/api/v1/schedules")).json();
  expect(schedules).toHaveLength(1);
  expect(schedules[0]).toMatchObject({ timeZone: SCHEDULE_ZONE, isDefault: true });
  expect(schedules[0].weekly).toContainEqual({ day: "saturday", start: "09:00", end: "17:00" });
  expect(schedules[0].weekly).toContainEqual({ day: "monday", start: "09:00", end: "17:00" });

  // An event type, made in the UI.
  await open(page, "/dashboard/event-types/new");
  await page.getByLabel("Title").fill("Intro chat");
  await page.getByLabel("URL slug").fill("intro-chat");
  await page.getByLabel("Meeting link").fill("https://meet.example.com/intro");
  await page.getByRole("button", { name: "Create event type" }).click();
  await page.waitForURL("**/dashboard/event-types");
  await expect(page.getByRole("heading", { name: "Intro chat" })).toBeVisible();
  await snap(page, "journey-03-event-types");
  const bookingPage = `/${host.username}/intro-chat`;

  // A guest in Tokyo opens the link: the page speaks Tokyo time.
  const guestBrowser = await guestContext(browser, GUEST_ZONE);
  const guest = await guestBrowser.newPage();
  await open(guest, bookingPage);
  await expect(guest.getByRole("heading", { level: 1, name: "Intro chat" })).toBeVisible();
  await expect(guest.getByRole("main")).toContainText(`Your time zone: ${GUEST_ZONE}`);
  const { day, time } = await pickUnhurriedTime(guest);
  await snap(guest, "journey-04-guest-picks");
  await timesOf(guest, day).getByRole("button", { name: time, exact: true }).click();
  await expect(guest.getByRole("region", { name: "Booking" })).toContainText(time);
  const { uid, token } = await confirmAs(guest, { name: "Kenji Tanaka", email: "kenji@example.test" });

  // The confirmation shows the meeting in both zones and offers an .ics.
  const booking = await (await guest.request.get(`/api/v1/bookings/${uid}?token=${token}`)).json();
  expect(booking).toMatchObject({ status: "confirmed", attendee: { name: "Kenji Tanaka", timeZone: GUEST_ZONE } });
  const main = guest.getByRole("main");
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("You are scheduled");
  await expect(main).toContainText(timeIn(booking.start, GUEST_ZONE));
  await expect(main).toContainText(timeIn(booking.start, HOST_ZONE));
  await expect(main).toContainText(GUEST_ZONE);
  await expect(main).toContainText(HOST_ZONE);
  expect(timeIn(booking.start, GUEST_ZONE)).toBe(time);
  // The hours were applied in New York time: the meeting lies within 09:00–17:00 there.
  const newYorkHour = Number(new Intl.DateTimeFormat("en-US", { timeZone: SCHEDULE_ZONE, hour: "numeric", hourCycle: "h23" }).format(new Date(booking.start)));
  expect(newYorkHour).toBeGreaterThanOrEqual(9);
  expect(newYorkHour).toBeLessThan(17);
  await snap(guest, "journey-05-confirmation");

  const icsLink = guest.getByRole("link", { name: /\.ics/ });
  const icsResponse = await guest.request.get((await icsLink.getAttribute("href"))!);
  expect(icsResponse.status()).toBe(200);
  expect(icsResponse.headers()["content-type"]).toContain("text/calendar");
  const ics = await icsResponse.text();
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("BEGIN:VEVENT");
  const download = await Promise.all([guest.waitForEvent("download"), icsLink.click()]).then(([d]) => d);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const cancelUrl = (await guest.getByRole("link", { name: "Cancel" }).getAttribute("href"))!;

  // The host's dashboard lists it, in the host's zone.
  await open(page, "/dashboard");
  const upcoming = page.getByRole("tabpanel", { name: "Upcoming" });
  const hostEntry = upcoming.getByRole("listitem").filter({ hasText: "Kenji Tanaka" });
  await expect(hostEntry).toBeVisible();
  await expect(hostEntry).toContainText(timeIn(booking.start, HOST_ZONE));
  await snap(page, "journey-06-host-dashboard");

  // Another guest no longer gets that time.
  const other = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await open(other, bookingPage);
  await other.getByRole("button", { name: new RegExp(`^${day}, `) }).click();
  await expect(other.getByRole("heading", { level: 3, name: day })).toBeVisible();
  await expect(timesOf(other, day).getByRole("button", { name: time, exact: true })).toHaveCount(0);
  await snap(other, "journey-07-slot-taken");

  // The guest cancels through the link from the confirmation…
  await open(guest, cancelUrl);
  await guest.getByLabel("Reason").fill("Something came up.");
  await snap(guest, "journey-08-cancel");
  await guest.getByRole("button", { name: "Cancel booking" }).click();
  await expect(guest.getByRole("main")).toContainText(/cancel/i);
  await expect
    .poll(async () => (await (await guest.request.get(`/api/v1/bookings/${uid}?token=${token}`)).json()).status)
    .toBe("cancelled");
  await snap(guest, "journey-09-cancelled");

  // …the host finds it under Cancelled…
  await open(page, "/dashboard");
  await expect(page.getByRole("tabpanel", { name: "Upcoming" }).getByRole("listitem").filter({ hasText: "Kenji Tanaka" })).toHaveCount(0);
  await page.getByRole("tab", { name: "Cancelled" }).click();
  const cancelled = page.getByRole("tabpanel", { name: "Cancelled" }).getByRole("listitem").filter({ hasText: "Kenji Tanaka" });
  await expect(cancelled).toBeVisible();
  await snap(page, "journey-10-host-cancelled");

  // …and the time is offered again.
  await open(other, bookingPage);
  await other.getByRole("button", { name: new RegExp(`^${day}, `) }).click();
  await expect(timesOf(other, day).getByRole("button", { name: time, exact: true })).toBeVisible();
});
