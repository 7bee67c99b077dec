/**
 * Settings → Calendars tells the host when live updates (push) could not be
 * set up, in words: Google refuses the watch (the emulator answers as Google
 * does for an http webhook address), the "calendar.watch" job records why, the
 * sync status carries it as pushError, and the calendar's sync line — the
 * element its checkbox names with aria-describedby — says so, and how often
 * the calendar is checked instead.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { updateCalendarSelection } from "@/lib/calendars/update-calendar-selection";
import { watchCalendarJob } from "@/lib/sync/push";
import { drainJobs } from "@/lib/jobs";
import { getSyncStatus, type CalendarSyncStatus } from "@/lib/sync/get-sync-status";
import { useCalendarEmulators } from "@/test/calendar-emulators";
import { connectPrimaryCalendar } from "@/test/calendar-sync";
import { refuseWatchAsNotHttps } from "@/test/google-faults";
import { CalendarSyncLine } from "./calendar-sync-line";

const ADA = "ada@example.com";
const env = useCalendarEmulators({ google: [{ email: ADA }], microsoft: [], env: { PUBLIC_URL: "http://kairos.example.com" } });

/** The sync line as the browser gets it, and its text. */
function render(status: CalendarSyncStatus, now = Date.now()) {
  const html = renderToStaticMarkup(createElement(CalendarSyncLine, { status, now, id: "calendar-x-sync" }));
  const text = html
    .replace(/<br\/?>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'");
  return { html, text };
}

async function refusedCalendar() {
  const { user, connection, calendarId } = await connectPrimaryCalendar(env.t.db, "google", ADA);
  await refuseWatchAsNotHttps(env.google);
  await drainJobs(env.t.db, { "calendar.watch": watchCalendarJob });
  return { user, connection, calendarId };
}

describe("calendar sync line: live updates unavailable", () => {
  it("says why push is off and how often the calendar is checked instead", async () => {
    const { user, connection, calendarId } = await refusedCalendar();
    const status = await getSyncStatus(env.t.db, user.id, connection.id, { pollIntervalMs: 300_000 });
    const calendar = status.calendars.find((c) => c.calendarId === calendarId)!;
    expect(calendar).toMatchObject({ push: "polling", pushError: "Google: WebHook callback must be HTTPS", pollIntervalSeconds: 300 });

    const { html, text } = render(calendar);
    // Inside the element the checkbox's aria-describedby points at, so screen readers read it with the checkbox.
    expect(html).toMatch(/^<p id="calendar-x-sync"/);
    expect(text.split("\n")).toContain("Live updates unavailable: Google: WebHook callback must be HTTPS — checking every 5 min instead.");
  });

  it("names the interval in seconds or hours when it is configured so", async () => {
    const { user, connection, calendarId } = await refusedCalendar();
    for (const [pollIntervalMs, every] of [
      [30_000, "30 s"],
      [3_600_000, "1 h"],
    ] as const) {
      const status = await getSyncStatus(env.t.db, user.id, connection.id, { pollIntervalMs });
      const { text } = render(status.calendars.find((c) => c.calendarId === calendarId)!);
      expect(text).toContain(`— checking every ${every} instead.`);
    }
  });

  it("says nothing about push when live updates work", async () => {
    const { user, connection, calendarId } = await connectPrimaryCalendar(env.t.db, "google", ADA);
    await drainJobs(env.t.db, { "calendar.watch": watchCalendarJob });
    const status = await getSyncStatus(env.t.db, user.id, connection.id);
    const calendar = status.calendars.find((c) => c.calendarId === calendarId)!;
    expect(calendar).toMatchObject({ push: "active", pushError: null });
    expect(render(calendar).text).not.toContain("Live updates unavailable");
  });

  it("reports no push problem for a calendar the host unticked (it is not synced at all)", async () => {
    const { user, connection, calendarId } = await refusedCalendar();
    await updateCalendarSelection(env.t.db, user.id, calendarId, { selectedForConflicts: false });
    const status = await getSyncStatus(env.t.db, user.id, connection.id);
    expect(status.calendars.find((c) => c.calendarId === calendarId)).toMatchObject({ selected: false, push: null, pushError: null, pollIntervalSeconds: null });
  });

  it("leaves it out while the account needs reconnecting: reconnecting is what the host must do", async () => {
    const { user, connection, calendarId } = await refusedCalendar();
    await env.t.db.calendarConnection.update({ where: { id: connection.id }, data: { status: "needs_reconnect" } });
    const status = await getSyncStatus(env.t.db, user.id, connection.id);
    const { text } = render(status.calendars.find((c) => c.calendarId === calendarId)!);
    expect(text).not.toContain("Live updates unavailable");
  });
});
