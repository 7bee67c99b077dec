/**
 * Seats (a group event): the host offers 2 seats per meeting; guest A books a
 * time, guest B sees "1 spot left" there and joins the same meeting, guest C
 * no longer gets that time; the host sees one meeting with both guests; A
 * cancels through their link and the time shows "1 spot left" again; C takes
 * it, and the host cancels the whole meeting for both remaining guests.
 */
import { expect, test, type Page } from "@playwright/test";
import { confirmAs, escapeRegExp, guestContext, newHost, open, pickFirstFreeDay, signUp, snap, timeIn, timesOf } from "./support/helpers";

const HOST_ZONE = "Europe/Berlin";
const GUEST_ZONE = "America/New_York";
const TITLE = "Yoga class";
const SLUG = "yoga-class";

/** A seated time's button is named "3:00 PM, 2 spots left". */
const SPOTS = /^(.+), (\d+) spots? left$/;

const FREE_DAY = /, \d+ times? available$/;

/**
 * Selects a time of a group event with all `seats` free — never the first
 * time offered (it sits at the minimum-notice edge and can drop out while the
 * test fills in the form) — walking the free days and months until one has
 * such a time. Returns the day's name and the time as the page writes it.
 */
async function pickOpenMeeting(page: Page, seats: number): Promise<{ day: string; time: string }> {
  await pickFirstFreeDay(page);
  const freeDays = page.getByRole("button", { name: FREE_DAY });
  for (let month = 0; month < 3; month++) {
    const count = await freeDays.count();
    for (let i = 0; i < count; i++) {
      const day = ((await freeDays.nth(i).getAttribute("aria-label")) ?? "").replace(FREE_DAY, "");
      await freeDays.nth(i).click();
      const buttons = timesOf(page, day).getByRole("button");
      await expect(buttons.first()).toBeVisible();
      const names = await buttons.evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
      const open = names
        .filter((_, index) => !(month === 0 && i === 0 && index === 0))
        .flatMap((name) => {
          const match = SPOTS.exec(name);
          return match && Number(match[2]) === seats ? [match[1]] : [];
        });
      if (open.length > 0) return { day, time: open.at(-1)! };
    }
    await page.getByRole("button", { name: "Next month" }).click();
    await freeDays.first().waitFor();
  }
  throw new Error(`No time with ${seats} free seats in three months`);
}

/** Opens the booking page and selects `day` (whose name may now say it is fully booked). */
async function openDay(page: Page, url: string, day: string): Promise<void> {
  await open(page, url);
  await page.getByRole("button", { name: new RegExp(`^${escapeRegExp(day)}, `) }).click();
  await expect(page.getByRole("heading", { level: 3, name: day })).toBeVisible();
}

test("two guests share one meeting of a group event; a cancelled seat is offered again", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const host = newHost("seats");
  await signUp(page, host, HOST_ZONE);

  // The host makes a group event in the editor: 2 seats per time.
  await open(page, "/dashboard/event-types/new");
  await page.getByLabel("Title").fill(TITLE);
  await page.getByLabel("Meeting link").fill("https://meet.example.com/yoga");
  await page.getByRole("switch", { name: "Let several guests book the same time" }).click();
  await page.getByLabel("Seats per time slot").fill("2");
  await snap(page, "seats-01-editor");
  await page.getByRole("button", { name: "Create event type" }).click();
  await page.waitForURL("**/dashboard/event-types");
  const listed = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: TITLE }) });
  await expect(listed).toContainText("Group · 2 seats");
  const eventTypes = await (await page.request.get("/api/v1/event-types")).json();
  expect(eventTypes).toEqual([expect.objectContaining({ slug: SLUG, seatsPerSlot: 2 })]);
  const bookingPage = `/${host.username}/${SLUG}`;

  // Guest A books a time that has both seats free.
  const guestA = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await open(guestA, bookingPage);
  await expect(guestA.getByRole("main")).toContainText("Group event · up to 2 guests");
  const { day, time } = await pickOpenMeeting(guestA, 2);
  const openSeats = timesOf(guestA, day).getByRole("button", { name: `${time}, 2 spots left`, exact: true });
  // The list scrolls on wide screens: the screenshots show the time in question.
  await openSeats.scrollIntoViewIfNeeded();
  await snap(guestA, "seats-02-guest-a-picks");
  await openSeats.click();
  const a = await confirmAs(guestA, { name: "Amara Osei", email: "amara@example.test" });
  const bookingA = await (await guestA.request.get(`/api/v1/bookings/${a.uid}?token=${a.token}`)).json();
  expect(timeIn(bookingA.start, GUEST_ZONE)).toBe(time);
  expect(bookingA.seatGroupId).toEqual(expect.any(String));
  const cancelUrl = (await guestA.getByRole("link", { name: "Cancel" }).getAttribute("href"))!;

  // Guest B sees the one seat left at that time and takes it.
  const guestB = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await openDay(guestB, bookingPage, day);
  const lastSeat = timesOf(guestB, day).getByRole("button", { name: `${time}, 1 spot left`, exact: true });
  await expect(lastSeat).toBeVisible();
  await lastSeat.scrollIntoViewIfNeeded();
  await snap(guestB, "seats-03-one-spot-left");
  await lastSeat.click();
  const b = await confirmAs(guestB, { name: "Bruno Lima", email: "bruno@example.test" });
  const bookingB = await (await guestB.request.get(`/api/v1/bookings/${b.uid}?token=${b.token}`)).json();
  expect(bookingB).toMatchObject({ status: "confirmed", start: bookingA.start, end: bookingA.end, seatGroupId: bookingA.seatGroupId });

  // Guest C: the meeting is full, so the time is gone.
  const guestC = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await openDay(guestC, bookingPage, day);
  await expect(guestC.getByRole("button", { name: new RegExp(`^${escapeRegExp(time)}\\b`) })).toHaveCount(0);
  // It was the day's last free time: the end of the list is where it was.
  if (await timesOf(guestC, day).count()) await timesOf(guestC, day).getByRole("button").last().scrollIntoViewIfNeeded();
  await snap(guestC, "seats-04-meeting-full");

  // The host sees one meeting with both guests, each of whom could be cancelled alone.
  await open(page, "/dashboard");
  const upcoming = page.getByRole("tabpanel", { name: "Upcoming" });
  const meeting = upcoming.getByRole("listitem").filter({ hasText: "Amara Osei" }).filter({ hasText: "Bruno Lima" });
  await expect(meeting).toHaveCount(1);
  await expect(meeting.getByRole("heading", { name: TITLE, exact: true })).toBeVisible();
  await expect(meeting).toContainText("2 of 2 seats taken");
  await expect(meeting).toContainText(timeIn(bookingA.start, HOST_ZONE));
  const guests = meeting.getByRole("list", { name: "2 guests" }).getByRole("listitem");
  await expect(guests).toHaveCount(2);
  await expect(meeting.getByRole("button", { name: /^Cancel .+’s seat in / })).toHaveCount(2);
  await snap(page, "seats-05-host-meeting");

  // Guest A cancels through the link from the confirmation…
  await open(guestA, cancelUrl);
  await guestA.getByLabel("Reason").fill("Can't make it after all.");
  await guestA.getByRole("button", { name: "Cancel booking" }).click();
  await expect
    .poll(async () => (await (await guestA.request.get(`/api/v1/bookings/${a.uid}?token=${a.token}`)).json()).status)
    .toBe("cancelled");
  expect((await (await guestB.request.get(`/api/v1/bookings/${b.uid}?token=${b.token}`)).json()).status).toBe("confirmed");

  // …so the time has a spot again, and the host's meeting keeps only B.
  await openDay(guestC, bookingPage, day);
  const freed = timesOf(guestC, day).getByRole("button", { name: `${time}, 1 spot left`, exact: true });
  await expect(freed).toBeVisible();
  await freed.scrollIntoViewIfNeeded();
  await snap(guestC, "seats-06-spot-freed");
  await open(page, "/dashboard");
  const after = page.getByRole("tabpanel", { name: "Upcoming" }).getByRole("listitem").filter({ has: page.getByRole("list", { name: "1 guest" }) });
  await expect(after).toContainText("Bruno Lima");
  await expect(after).not.toContainText("Amara Osei");
  await expect(after).toContainText("1 of 2 seats taken");

  // Guest C takes the freed seat; then the host calls the whole meeting off.
  await freed.click();
  const c = await confirmAs(guestC, { name: "Chen Wei", email: "chen@example.test" });
  await open(page, "/dashboard");
  const full = page.getByRole("tabpanel", { name: "Upcoming" }).getByRole("listitem").filter({ has: page.getByRole("list", { name: "2 guests" }) });
  await expect(full).toContainText("Chen Wei");
  await full.getByRole("button", { name: `Cancel the whole ${TITLE} meeting for all 2 guests` }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel this meeting for every guest?" });
  await dialog.getByLabel("Reason").fill("The studio is closed that day.");
  await snap(page, "seats-07-cancel-meeting");
  await dialog.getByRole("button", { name: "Cancel meeting" }).click();
  await expect(page.getByText("The meeting was cancelled for every guest.")).toBeVisible();
  for (const guest of [b, c]) {
    expect(await (await page.request.get(`/api/v1/bookings/${guest.uid}`)).json()).toMatchObject({ status: "cancelled", cancelReason: "The studio is closed that day." });
  }
  // The time is a fresh meeting again, with both seats.
  await openDay(guestC, bookingPage, day);
  await expect(timesOf(guestC, day).getByRole("button", { name: `${time}, 2 spots left`, exact: true })).toBeVisible();
});
