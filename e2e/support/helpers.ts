/** Small steps shared by the journeys; every selector is role- or label-based. */
import fs from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ARTIFACTS_DIR } from "./e2e-env";

export interface Host {
  name: string;
  email: string;
  username: string;
  password: string;
}

/** A host nobody else in this run uses (the database is shared by all specs). */
export function newHost(prefix: string): Host {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `${prefix[0].toUpperCase()}${prefix.slice(1)} Host ${id}`,
    email: `${prefix}-${id}@example.test`,
    username: `${prefix}-${id}`,
    password: "a long enough password",
  };
}

/** A full-page screenshot in e2e/.artifacts/<name>.png, for looking at later. */
export async function snap(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Picks a zone in the searchable time-zone combobox labelled `label`. */
export async function chooseTimeZone(page: Page, label: string, zone: string): Promise<void> {
  const box = page.getByRole("combobox", { name: label });
  await box.click();
  await box.fill(zone.replace(/_/g, " "));
  await page.getByRole("option", { name: new RegExp(`^${escapeRegExp(zone.replace(/_/g, " "))}\\b`) }).click();
  await expect(box).toHaveValue(zone);
}

/**
 * Opens a page and waits until its scripts have loaded (so React has hydrated
 * and what we type is not reset by hydration).
 */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

/** Signs up through /signup and waits for the dashboard. */
export async function signUp(page: Page, host: Host, timeZone: string): Promise<void> {
  await open(page, "/signup");
  await page.getByLabel("Your name").fill(host.name);
  await page.getByLabel("Email").fill(host.email);
  await page.getByLabel("Username").fill(host.username);
  await page.getByLabel("Password").fill(host.password);
  await chooseTimeZone(page, "Time zone", timeZone);
  await expect(page.getByLabel("Username")).toHaveValue(host.username);
  await page.getByRole("button", { name: "Create account" }).click();
  // Either the dashboard or an error (e.g. the sign-up rate limit) shown on the form.
  const formError = page.getByRole("main").getByRole("alert");
  await expect
    .poll(
      async () => {
        if (new URL(page.url()).pathname === "/dashboard") return "on the dashboard";
        if (await formError.count()) return `sign-up failed: ${await formError.first().innerText()}`;
        return "waiting";
      },
      { timeout: 30_000 },
    )
    .toBe("on the dashboard");
}

/** A browser context for a guest somewhere else in the world. */
export async function guestContext(browser: Browser, timezoneId: string): Promise<BrowserContext> {
  return browser.newContext({ timezoneId, locale: "en-US", acceptDownloads: true });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "9:00 AM" — how the pages write a time (en-US, 12-hour). */
export function timeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/**
 * On a booking page: selects the first day that has free times (moving to the
 * next month when this one has none) and returns that day's name, e.g.
 * "Monday, November 23" — which is also the accessible name of its time list.
 */
export async function pickFirstFreeDay(page: Page): Promise<string> {
  const freeDay = page.getByRole("button", { name: /, \d+ times? available$/ }).first();
  await expect(page.getByRole("grid")).toBeVisible();
  for (let month = 0; month < 3; month++) {
    try {
      await freeDay.waitFor({ timeout: 10_000 });
      break;
    } catch {
      await page.getByRole("button", { name: "Next month" }).click();
    }
  }
  const label = (await freeDay.getAttribute("aria-label")) ?? (await freeDay.innerText());
  await freeDay.click();
  return label.replace(/, \d+ times? available$/, "");
}

const FREE_DAY = /, \d+ times? available$/;

/**
 * Selects a start time that will still be bookable a minute from now: not the
 * earliest one offered (it sits at the minimum-notice edge and can drop out
 * while the test fills in the form) and none of `avoid`. Walks the free days
 * (and months) until one has such a time. Returns the day's name and the time
 * as the page shows it ("3:30 AM").
 */
export async function pickUnhurriedTime(page: Page, avoid: string[] = []): Promise<{ day: string; time: string }> {
  await pickFirstFreeDay(page);
  const freeDays = page.getByRole("button", { name: FREE_DAY });
  for (let month = 0; month < 3; month++) {
    const count = await freeDays.count();
    for (let i = 0; i < count; i++) {
      const dayButton = freeDays.nth(i);
      const day = ((await dayButton.getAttribute("aria-label")) ?? "").replace(FREE_DAY, "");
      await dayButton.click();
      const times = timesOf(page, day).getByRole("button");
      await expect(times.first()).toBeVisible();
      const labels = (await times.allInnerTexts()).map((t) => t.trim());
      const candidates = labels.filter((label, index) => !(month === 0 && i === 0 && index === 0) && !avoid.includes(label));
      const time = candidates.at(-1);
      if (time) return { day, time };
    }
    await page.getByRole("button", { name: "Next month" }).click();
    await freeDays.first().waitFor();
  }
  throw new Error("No free time found in three months");
}

/** The list of start times shown for a selected day. */
export function timesOf(page: Page, day: string) {
  return page.getByRole("list", { name: day });
}

/** Guest details + "Confirm booking"; resolves on the confirmation page. */
export async function confirmAs(page: Page, guest: { name: string; email: string }): Promise<{ uid: string; token: string }> {
  await page.getByLabel("Name").fill(guest.name);
  await page.getByLabel("Email").fill(guest.email);
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await page.waitForURL(/\/booking\/[^/?]+\?token=/);
  const url = new URL(page.url());
  return { uid: url.pathname.split("/")[2], token: url.searchParams.get("token")! };
}
