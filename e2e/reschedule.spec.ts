/**
 * A guest moves a booking through the rescheduleUrl: the booking keeps its uid,
 * the old time is offered again and the new one is taken.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { confirmAs, guestContext, newHost, open, pickUnhurriedTime, signUp, snap, timeIn, timesOf } from "./support/helpers";

const GUEST_ZONE = "America/Los_Angeles";

function dateIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));
}

/** Starts (as epoch ms) the public slots API offers between two dates, in the guest's zone. */
async function offeredStarts(request: APIRequestContext, username: string, from: string, to: string): Promise<number[]> {
  const response = await request.get("/api/v1/slots", {
    params: { username, eventSlug: "consultation", start: from, end: to, timeZone: GUEST_ZONE },
  });
  expect(response.status()).toBe(200);
  const body: { slots: Record<string, { start: string }[]> } = await response.json();
  return Object.values(body.slots).flatMap((day) => day.map((slot) => Date.parse(slot.start)));
}

test("a guest reschedules: the old time frees up, the new one is taken", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const host = newHost("resched");
  await signUp(page, host, "Europe/Berlin");
  const created = await page.request.post("/api/v1/event-types", {
    data: { slug: "consultation", title: "Consultation", durationMinutes: 30, location: { type: "phone", value: "+49 30 1234567" } },
  });
  expect(created.status()).toBe(201);

  // The guest books the first free time…
  const guest = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await open(guest, `/${host.username}/consultation`);
  const { day, time: oldLabel } = await pickUnhurriedTime(guest);
  await timesOf(guest, day).getByRole("button", { name: oldLabel, exact: true }).click();
  const { uid, token } = await confirmAs(guest, { name: "Lee Park", email: "lee@example.test" });
  const before = await (await guest.request.get(`/api/v1/bookings/${uid}?token=${token}`)).json();

  // …then follows the Reschedule link from the confirmation.
  const rescheduleUrl = (await guest.getByRole("link", { name: "Reschedule" }).getAttribute("href"))!;
  expect(rescheduleUrl).toContain(`rescheduleUid=${uid}`);
  await open(guest, rescheduleUrl);
  await expect(guest.getByRole("main")).toContainText("Rescheduling your booking");
  expect(timeIn(before.start, GUEST_ZONE)).toBe(oldLabel);
  // Its own booking does not block it, so its old time is still listed; take another one.
  const { day: newDay, time: choice } = await pickUnhurriedTime(guest, [oldLabel]);
  await timesOf(guest, newDay).getByRole("button", { name: choice, exact: true }).click();
  await snap(guest, "reschedule-01-pick-new-time");
  await guest.getByRole("button", { name: "Confirm new time" }).click();
  // Back on the booking's own page, which now shows the new time.
  await guest.waitForURL((url) => url.pathname === `/booking/${uid}` && !url.searchParams.has("rescheduleUid"));
  await expect(guest.getByRole("main")).toContainText(choice);
  await expect(guest.getByRole("main")).not.toContainText("Rescheduling your booking");
  await snap(guest, "reschedule-02-confirmed");

  const after = await (await guest.request.get(`/api/v1/bookings/${uid}?token=${token}`)).json();
  expect(after.uid).toBe(uid);
  expect(after.status).toBe("confirmed");
  expect(after.start).not.toBe(before.start);
  expect(timeIn(after.start, GUEST_ZONE)).toBe(choice);

  // The old time is offered to everyone again; the new one is not.
  const from = [dateIn(before.start, GUEST_ZONE), dateIn(after.start, GUEST_ZONE)].sort()[0];
  const to = [dateIn(before.start, GUEST_ZONE), dateIn(after.start, GUEST_ZONE)].sort()[1];
  const offered = await offeredStarts(guest.request, host.username, from, to);
  expect(offered).toContain(Date.parse(before.start));
  expect(offered).not.toContain(Date.parse(after.start));

  // And a new guest's page agrees.
  const other = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await open(other, `/${host.username}/consultation`);
  await other.getByRole("button", { name: new RegExp(`^${day}, `) }).click();
  await expect(timesOf(other, day).getByRole("button", { name: oldLabel, exact: true })).toBeVisible();
  if (newDay === day) await expect(timesOf(other, day).getByRole("button", { name: choice, exact: true })).toHaveCount(0);
  await snap(other, "reschedule-03-old-time-free");
});
