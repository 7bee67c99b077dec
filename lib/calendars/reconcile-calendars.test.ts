/**
 * A calendar the provider stops listing is removed by reconcileCalendars, and
 * its push channel rows go with it (ON DELETE CASCADE) — but the channels are
 * stopped at the provider first: the same transaction queues a
 * "calendar.unwatch" job carrying each channel, which then stops it through
 * the account. Against the Google emulator, with the app's webhook route as
 * PUBLIC_URL (test/webhook-test-env.ts); the emulator's channel list and
 * request log are the proof.
 */
import { google as googleapis } from "googleapis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { connectOAuthAccount } from "@/test/calendar-connections";
import { GOOGLE_ACCOUNT as ADA, startWebhookTestEnv, type WebhookTestEnv } from "@/test/webhook-test-env";
import { drainJobs, type JobHandlers } from "../jobs";
import { unwatchChannelJob, watchCalendarJob } from "../sync/push";
import { refreshCalendarList } from "./refresh-calendar-list";
import { updateCalendarSelection } from "./update-calendar-selection";

let env: WebhookTestEnv;
const handlers: JobHandlers = { "calendar.watch": watchCalendarJob, "calendar.unwatch": unwatchChannelJob };
const drain = () => drainJobs(env.t.db, handlers);

beforeAll(async () => {
  env = await startWebhookTestEnv();
});
afterAll(() => env?.close());
beforeEach(() => env.reset());

/** A host with Ada's Google account connected and a second calendar, "Team", ticked and watched (both channels live). */
async function watchedTeamCalendar() {
  const team = await env.google.control.createCalendar(ADA, { summary: "Team" });
  const { user } = await createHostWithKey(env.t.db);
  const dto = await connectOAuthAccount(env.t.db, user.id, "google", ADA);
  const teamRow = dto.calendars.find((c) => c.name === "Team")!;
  await updateCalendarSelection(env.t.db, user.id, teamRow.id, { selectedForConflicts: true });
  await drain();
  const channel = await env.t.db.pushChannel.findFirstOrThrow({ where: { calendarId: teamRow.id, status: "active" } });
  expect((await env.google.control.channels()).channels.map((c) => c.calendarId).sort()).toEqual([ADA, team.id].sort());
  return { user, connectionId: dto.id, team, teamRow, channel };
}

/** What Ada does in Google Calendar: takes "Team" off her calendar list (calendarList.delete). */
async function unsubscribe(calendarId: string) {
  const minted = await env.google.control.mintTokens({ email: ADA, scope: ["https://www.googleapis.com/auth/calendar"] });
  const auth = new googleapis.auth.OAuth2();
  auth.setCredentials({ access_token: minted.access_token });
  await googleapis.calendar({ version: "v3", auth, rootUrl: env.google.rootUrl }).calendarList.delete({ calendarId });
}

describe("a calendar the provider no longer lists", () => {
  it("is removed, and its channel is stopped at Google by an unwatch job queued with the delete", async () => {
    const { user, connectionId, team, teamRow, channel } = await watchedTeamCalendar();
    await unsubscribe(team.id);

    const dto = await refreshCalendarList(env.t.db, user.id, connectionId);
    expect(dto.calendars.map((c) => c.name)).toEqual([expect.not.stringMatching(/^Team$/)]);
    expect(await env.t.db.pushChannel.count({ where: { calendarId: teamRow.id } })).toBe(0);
    // Committed with the delete, carrying what stopping the channel takes.
    const [job] = await env.t.db.job.findMany({ where: { kind: "calendar.unwatch", state: "queued" } });
    expect(job.payload).toEqual({
      channelId: channel.id,
      removed: {
        connectionId,
        calendarId: teamRow.id,
        calendarExternalId: team.id,
        provider: "google",
        externalId: channel.externalId,
        expiresAt: channel.expiresAt.toISOString(),
      },
    });

    await drain();
    expect((await env.google.control.channels()).channels.map((c) => c.calendarId)).toEqual([ADA]);
    const stops = (await env.google.control.requests({ pathPrefix: "/calendar/v3/channels/stop" })).requests;
    expect(stops).toHaveLength(1);
    const runs = await env.t.db.jobRun.findMany({ where: { kind: "calendar.unwatch" } });
    expect(runs).toEqual([expect.objectContaining({ outcome: "succeeded", subjectId: teamRow.id, result: { action: "stopped", channelId: channel.id } })]);
  });

  it("a channel already retired but not yet stopped gets what it needs merged into its queued job", async () => {
    const { user, connectionId, team, teamRow, channel } = await watchedTeamCalendar();
    // Unticked: its watch job retires the channel and queues an unwatch job — which would find no row once the calendar is gone.
    await updateCalendarSelection(env.t.db, user.id, teamRow.id, { selectedForConflicts: false });
    await drainJobs(env.t.db, handlers, { kinds: ["calendar.watch"] });
    expect((await env.t.db.pushChannel.findUniqueOrThrow({ where: { id: channel.id } })).status).toBe("stopped");
    const retired = await env.t.db.job.findMany({ where: { kind: "calendar.unwatch", state: "queued" } });
    expect(retired.map((j) => j.payload)).toEqual([{ channelId: channel.id }]);

    await unsubscribe(team.id);
    await refreshCalendarList(env.t.db, user.id, connectionId);
    const merged = await env.t.db.job.findMany({ where: { kind: "calendar.unwatch", state: "queued" } });
    expect(merged).toEqual([expect.objectContaining({ id: retired[0].id, payload: expect.objectContaining({ channelId: channel.id, removed: expect.objectContaining({ calendarExternalId: team.id }) }) })]);

    await drain();
    expect((await env.google.control.channels()).channels.map((c) => c.calendarId)).toEqual([ADA]);
  });

  it("the account disconnected before the job ran: nothing is left to stop it with, and the job ends quietly", async () => {
    const { user, connectionId, team } = await watchedTeamCalendar();
    await unsubscribe(team.id);
    await refreshCalendarList(env.t.db, user.id, connectionId);
    await env.t.db.calendarConnection.delete({ where: { id: connectionId } });

    await drain();
    const runs = await env.t.db.jobRun.findMany({ where: { kind: "calendar.unwatch" } });
    expect(runs).toEqual([expect.objectContaining({ outcome: "succeeded", result: expect.objectContaining({ action: "none" }) })]);
  });
});
