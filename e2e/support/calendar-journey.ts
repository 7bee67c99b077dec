/**
 * The connected-calendar journey, the same for every provider: a host connects
 * an account in Settings → Calendars, ticks its calendar for conflicts and as
 * the destination, publishes an event type whose location is the provider's
 * meeting link; a meeting added at the provider takes its time off the public
 * page; a guest books, and the booking appears in the provider's calendar with
 * the link the confirmation shows; rescheduling moves that same event, and
 * cancelling removes it. What differs per provider is `CalendarJourney`.
 */
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import type { CalendarAccount, ProviderEvent } from "./calendar-providers";
import { confirmAs, escapeRegExp, guestContext, newHost, open, pickUnhurriedTime, signUp, snap, timeIn, timesOf } from "./helpers";

export interface CalendarJourney {
  /** Names screenshots (e2e/.artifacts/calendar-<name>-*.png) and the host. */
  name: "google" | "microsoft" | "caldav";
  account: CalendarAccount;
  /** Connects the account on Settings → Calendars (open in `page`); resolves when the page lists it. */
  connect(page: Page): Promise<void>;
  /** The event type's location as its form offers it. */
  location: { option: "Google Meet" | "Microsoft Teams" } | { option: "Video link"; link: string };
  /** Google and Microsoft tell Kairos about changes (push); CalDAV is read again on "Sync now". */
  push: boolean;
}

const HOST_ZONE = "Europe/Berlin";
const GUEST_ZONE = "America/New_York";
const MINUTE = 60_000;
/** How long a change may take to reach the booking page (push or sync-now, then the sync job). */
const SYNC_TIMEOUT = 30_000;
/** Write-back of a booking (a job) to the provider, including the confirmation page's own refreshes. */
const WRITE_BACK_TIMEOUT = 40_000;

export async function runCalendarJourney(page: Page, browser: Browser, journey: CalendarJourney): Promise<void> {
  const shot = (p: Page, step: string) => snap(p, `calendar-${journey.name}-${step}`);
  const host = newHost(journey.name);
  const { calendarName } = journey.account;
  await signUp(page, host, HOST_ZONE);

  // Connect the account and make its calendar count: conflicts in, bookings out.
  await open(page, "/dashboard/settings/calendars");
  await journey.connect(page);
  const conflicts = page.getByRole("checkbox", { name: `Check for conflicts with ${calendarName}` });
  const destination = page.getByRole("radio", { name: `Add new bookings here (${calendarName})` });
  if (!(await conflicts.isChecked())) await conflicts.check();
  await expect(conflicts).toBeChecked();
  await expect(conflicts).toBeEnabled();
  if (!(await destination.isChecked())) await destination.check();
  await expect(destination).toBeChecked();
  await expect(destination).toBeEnabled();
  // The first sync reads the calendar (until then booking pages offer nothing: fail closed).
  // Its sync line (shown once the status has loaded) is "calendar-{id}-sync" beside the checkbox "calendar-{id}-conflicts".
  const syncLineId = (await conflicts.getAttribute("id"))!.replace(/-conflicts$/, "-sync");
  const syncLine = page.locator(`[id="${syncLineId}"]`);
  await expect(syncLine).toContainText(/Synced/, { timeout: SYNC_TIMEOUT });
  if (journey.push) await expect(syncLine).toContainText("Live updates");
  const calendars = (await (await page.request.get("/api/v1/calendars")).json()) as { id: string; name: string; selectedForConflicts: boolean; isDestination: boolean }[];
  expect(calendars.find((c) => c.name === calendarName)).toMatchObject({ selectedForConflicts: true, isDestination: true });
  // Ticking scrolled the page; from the top, the sticky header is not drawn mid-page in the full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "01-settings-connected");

  // An event type whose meetings happen at the provider's meeting link.
  const slug = `${journey.name}-call`;
  await open(page, "/dashboard/event-types/new");
  await page.getByLabel("Title").fill("Project call");
  await page.getByLabel("URL slug").fill(slug);
  await page.getByLabel("Location").selectOption({ label: journey.location.option });
  if ("link" in journey.location) await page.getByLabel("Meeting link").fill(journey.location.link);
  else await expect(page.getByText(/^Each booking gets its own/)).toBeVisible();
  await page.getByRole("button", { name: "Create event type" }).click();
  await page.waitForURL("**/dashboard/event-types");
  const bookingPage = `/${host.username}/${slug}`;

  // A meeting added at the provider (not through Kairos) takes its time off the public page.
  let before: number[] = [];
  await expect.poll(async () => (before = await offeredSlots(page.request, host.username, slug)).length, { timeout: SYNC_TIMEOUT }).toBeGreaterThan(0);
  const busyStart = pickBusySlot(before);
  const neighbour = before.find((start) => start === busyStart + 30 * MINUTE);
  const changedAt = Date.now();
  await journey.account.addBusyEvent(busyStart, busyStart + 30 * MINUTE, "Dentist");
  if (!journey.push) {
    // No push for CalDAV: the host asks for a sync from Settings → Calendars (the poller would get there too, later).
    await open(page, "/dashboard/settings/calendars");
    await page.getByRole("button", { name: "Sync now" }).click();
  }
  await expect.poll(async () => (await offeredSlots(page.request, host.username, slug)).includes(busyStart), { timeout: SYNC_TIMEOUT }).toBe(false);
  console.log(`[${journey.name}] provider change reached the slots in ${Date.now() - changedAt} ms (${journey.push ? "push" : "sync now"})`);
  const slotsNow = await offeredSlots(page.request, host.username, slug);
  if (neighbour !== undefined) expect(slotsNow, "only the busy time goes").toContain(neighbour);

  const guest = await (await guestContext(browser, GUEST_ZONE)).newPage();
  await open(guest, bookingPage);
  const busyDay = dayName(busyStart);
  const busyLabel = timeIn(new Date(busyStart).toISOString(), GUEST_ZONE);
  await openDay(guest, busyDay);
  await expect(timesOf(guest, busyDay).getByRole("button").first()).toBeVisible();
  await expect(timesOf(guest, busyDay).getByRole("button", { name: busyLabel, exact: true })).toHaveCount(0);
  if (neighbour !== undefined) {
    await expect(timesOf(guest, busyDay).getByRole("button", { name: timeIn(new Date(neighbour).toISOString(), GUEST_ZONE), exact: true })).toBeVisible();
  }
  await shot(guest, "02-booking-page-busy-time-gone");

  // The guest books another time.
  await open(guest, bookingPage);
  const first = await pickUnhurriedTime(guest, [busyLabel]);
  await timesOf(guest, first.day).getByRole("button", { name: first.time, exact: true }).click();
  const { uid, token } = await confirmAs(guest, { name: "Robin Guest", email: "robin@example.test" });
  const booked = await bookingOf(guest.request, uid, token);
  expect(timeIn(booked.start, GUEST_ZONE)).toBe(first.time);

  // It lands in the provider's calendar, with the link the confirmation shows.
  const link = await shownMeetingLink(guest, journey);
  await shot(guest, "03-confirmation-with-link");
  const written = await eventuallyAt(journey.account, uid, Date.parse(booked.start));
  expect(written.end).toBe(Date.parse(booked.end));
  expect(written.link).toBe(link);
  const hostView = await (await page.request.get(`/api/v1/bookings/${uid}`)).json();
  expect(hostView.writeBack).toMatchObject({ status: "synced", error: null });
  if (!("link" in journey.location)) expect(hostView.conferenceUrl).toBe(link);

  // Rescheduling moves that same event.
  const rescheduleUrl = (await guest.getByRole("link", { name: "Reschedule" }).getAttribute("href"))!;
  await open(guest, rescheduleUrl);
  await expect(guest.getByRole("main")).toContainText("Rescheduling your booking");
  const second = await pickUnhurriedTime(guest, [first.time, busyLabel]);
  await timesOf(guest, second.day).getByRole("button", { name: second.time, exact: true }).click();
  await guest.getByRole("button", { name: "Confirm new time" }).click();
  await guest.waitForURL((url) => url.pathname === `/booking/${uid}` && !url.searchParams.has("rescheduleUid"));
  const moved = await bookingOf(guest.request, uid, token);
  expect(moved.start).not.toBe(booked.start);
  expect(timeIn(moved.start, GUEST_ZONE)).toBe(second.time);
  const movedEvent = await eventuallyAt(journey.account, uid, Date.parse(moved.start));
  expect(movedEvent.id, "the same provider event, moved").toBe(written.id);
  expect(movedEvent.end).toBe(Date.parse(moved.end));
  expect(movedEvent.link, "the meeting keeps its link").toBe(link);
  expect(await shownMeetingLink(guest, journey)).toBe(link);
  await shot(guest, "04-rescheduled");

  // Cancelling removes it.
  const cancelUrl = (await guest.getByRole("link", { name: "Cancel" }).getAttribute("href"))!;
  await open(guest, cancelUrl);
  await guest.getByLabel("Reason").fill("Plans changed.");
  await guest.getByRole("button", { name: "Cancel booking" }).click();
  await expect.poll(async () => (await bookingOf(guest.request, uid, token)).status).toBe("cancelled");
  await expect(guest.getByRole("heading", { level: 1 })).toHaveText("Your booking was cancelled");
  await expect(guest.getByRole("link", { name: /^Join / }), "no join link for a cancelled meeting").toHaveCount(0);
  await shot(guest, "05-cancelled");
  await expect.poll(() => journey.account.bookingEvent(uid), { timeout: WRITE_BACK_TIMEOUT, message: "the provider event is deleted" }).toBeUndefined();
}

interface BookingView {
  uid: string;
  status: string;
  start: string;
  end: string;
  conferenceUrl: string | null;
}

async function bookingOf(request: APIRequestContext, uid: string, token: string): Promise<BookingView> {
  const response = await request.get(`/api/v1/bookings/${uid}?token=${token}`);
  expect(response.status()).toBe(200);
  return response.json();
}

/** The link the booking page shows: "Join Google Meet" / "Join Microsoft Teams" once made, or the fixed location. */
async function shownMeetingLink(page: Page, journey: CalendarJourney): Promise<string> {
  if ("link" in journey.location) {
    const fixed = page.getByRole("main").getByRole("link", { name: journey.location.link });
    await expect(fixed).toBeVisible();
    return (await fixed.getAttribute("href"))!;
  }
  // The page says "being created…" and refreshes itself until the write-back made the link.
  const join = page.getByRole("link", { name: `Join ${journey.location.option}` });
  await expect(join).toBeVisible({ timeout: WRITE_BACK_TIMEOUT });
  return (await join.getAttribute("href"))!;
}

/** Waits until the provider holds the booking's event at `start`. */
async function eventuallyAt(account: CalendarAccount, uid: string, start: number): Promise<ProviderEvent> {
  let found: ProviderEvent | undefined;
  await expect
    .poll(
      async () => {
        found = await account.bookingEvent(uid);
        return found ? new Date(found.start).toISOString() : "no event";
      },
      { timeout: WRITE_BACK_TIMEOUT, message: `the provider's event of booking ${uid}` },
    )
    .toBe(new Date(start).toISOString());
  return found!;
}

/** Every start (epoch ms) the public slots API offers over the next three weeks, in the guest's zone. */
async function offeredSlots(request: APIRequestContext, username: string, slug: string): Promise<number[]> {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("en-CA", { timeZone: GUEST_ZONE });
  const response = await request.get("/api/v1/slots", { params: { username, eventSlug: slug, start: day(0), end: day(21), timeZone: GUEST_ZONE } });
  expect(response.status()).toBe(200);
  const body: { slots: Record<string, { start: string }[]> } = await response.json();
  return Object.values(body.slots)
    .flatMap((slots) => slots.map((slot) => Date.parse(slot.start)))
    .sort((a, b) => a - b);
}

/** A time well clear of the minimum-notice edge: the second start of the second day with free times. */
function pickBusySlot(starts: number[]): number {
  const days = [...new Set(starts.map(dayName))];
  const onDay = starts.filter((start) => dayName(start) === (days[1] ?? days[0]));
  return onDay[1] ?? onDay[0];
}

/** "Monday, November 23" in the guest's zone: the booking page's name for that day. */
function dayName(instant: number): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: GUEST_ZONE, weekday: "long", month: "long", day: "numeric" }).format(new Date(instant));
}

/** Selects a day on the booking page's calendar, moving to the next month when needed. */
async function openDay(page: Page, day: string): Promise<void> {
  const button = page.getByRole("button", { name: new RegExp(`^${escapeRegExp(day)}, `) });
  await expect(page.getByRole("grid")).toBeVisible();
  for (let month = 0; month < 2; month++) {
    try {
      await button.waitFor({ timeout: 5_000 });
      break;
    } catch {
      await page.getByRole("button", { name: "Next month" }).click();
    }
  }
  await button.click();
  await expect(page.getByRole("heading", { level: 3, name: day })).toBeVisible();
}
