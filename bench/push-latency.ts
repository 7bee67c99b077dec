/**
 * Case "push": webhook → fresh slots latency, the real-time sync issue's
 * target (p95 ≤ 1 s), once through Google and once through Microsoft Graph.
 *
 * In one process, as in lib/sync/push/push-to-slots.test.ts:
 * 1. the provider emulators (e2e/emulators), a fresh migrated database
 *    (PGlite, or a scratch database at BENCH_DATABASE_URL), and the app's
 *    route handlers (webhooks + GET /api/v1/slots) behind a real local HTTP
 *    server (test/route-server.ts) that PUBLIC_URL points at — not `next
 *    start`: the webhook path needs the emulators' notifications to reach a
 *    server whose job worker runs the real handlers, and building the app
 *    for it would add nothing the handlers do not already run;
 * 2. a host open 09–17 UTC with the account connected the way a host
 *    connects (OAuth against the emulator): first sync done, push channel
 *    live, the job worker running with the app's handlers;
 * 3. each timed run moves one event between 10:00 and 14:00 at the emulator
 *    (its control API = a person editing their calendar) and polls
 *    GET /api/v1/slots over HTTP every 10 ms until the answer shows the move.
 *    The time covers the emulator's notification POST, verification and
 *    enqueue, the worker claiming the job, the incremental sync, the slot
 *    cache invalidation and the next slots request.
 */
import * as slotsRoute from "../app/api/v1/slots/route";
import * as googleWebhook from "../app/api/webhooks/google/route";
import * as microsoftWebhook from "../app/api/webhooks/microsoft/route";
import { startGoogleEmulator } from "../e2e/emulators/google";
import { startMicrosoftEmulator } from "../e2e/emulators/microsoft";
import { jobHandlers } from "../lib/background/job-handlers";
import { createTestEventType, createTestHost } from "../lib/booking/test-fixtures";
import { createPrismaClient, setDb, type Db } from "../lib/db/client";
import { startJobWorker, type JobWorker } from "../lib/jobs";
import { addDays, todayIn } from "../lib/time";
import { connectOAuthAccount } from "../test/calendar-connections";
import { trustForAllFetches, useCalendarTestEnv } from "../test/calendar-test-env";
import { startRouteServer, type RouteServer } from "../test/route-server";
import { createFreshDatabase, type FreshDatabase } from "../test/test-database";
import { summarize } from "./lib/measure";
import type { Row } from "./lib/table";

const GOOGLE_ACCOUNT = "bench@example.com";
const MICROSOFT_ACCOUNT = "bench@contoso.test";
const POLL_MS = 10;
const GIVE_UP_MS = 15_000;

function log(message: string) {
  console.error(`[bench] ${message}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchPushLatency(iterations: number): Promise<Row[]> {
  const google = await startGoogleEmulator({ accounts: [{ email: GOOGLE_ACCOUNT, timeZone: "UTC" }] });
  const microsoft = await startMicrosoftEmulator({ users: [{ email: MICROSOFT_ACCOUNT, timeZone: "UTC" }] });
  let routes: RouteServer | undefined;
  let database: FreshDatabase | undefined;
  let db: Db | undefined;
  let worker: JobWorker | undefined;
  const untrust = trustForAllFetches(microsoft.dispatcher);
  try {
    routes = await startRouteServer({
      "/api/webhooks/google": googleWebhook,
      "/api/webhooks/microsoft": microsoftWebhook,
      "/api/v1/slots": slotsRoute,
    });
    database = await createFreshDatabase("kairos_bench_push", process.env.BENCH_DATABASE_URL || "");
    const dbKind = database.isPostgres ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (embedded, in memory)";
    // Before the first config() call, which reads the environment once.
    useCalendarTestEnv({ ...google.env, ...microsoft.env, PUBLIC_URL: routes.url, DATABASE_URL: database.url });
    // PGlite's socket server mixes up concurrent connections' statements (see test/test-database.ts): one connection there.
    db = createPrismaClient(database.url, database.isPostgres ? {} : { poolSize: 1 });
    setDb(db);
    worker = startJobWorker(db, jobHandlers, { pollIntervalMs: 1000 });
    log(`push case: database ${dbKind}, webhooks and slots on ${routes.url}`);

    const day = addDays(todayIn("UTC"), 3);
    const at = (time: string) => `${day}T${time}:00Z`;
    const OPEN = ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"];
    /** The day's 30-minute slots with the event's hour (`HH:00`) taken. */
    const slotsAround = (hour: string) => OPEN.filter((t) => t.slice(0, 2) !== hour.slice(0, 2)).join(" ");
    const runs = Math.min(100, Math.max(5, Math.floor(iterations / 20)));
    const rows: Row[] = [];

    for (const provider of ["google", "microsoft"] as const) {
      const host = await createTestHost(db, "Bench Host");
      const eventType = await createTestEventType(db, host.id, { durationMinutes: 30 });
      const connection = await connectOAuthAccount(db, host.id, provider, provider === "google" ? GOOGLE_ACCOUNT : MICROSOFT_ACCOUNT);
      const calendarId = connection.calendars.find((c) => c.isPrimary)!.id;
      const { externalId } = await db.connectedCalendar.findUniqueOrThrow({ where: { id: calendarId } });
      const ready = async () =>
        (await db!.calendarSyncState.count({ where: { calendarId, lastSyncedAt: { not: null } } })) > 0 &&
        (await db!.pushChannel.count({ where: { calendarId, status: "active", expiresAt: { gt: new Date() } } })) > 0;
      for (const deadline = Date.now() + 60_000; !(await ready()); await sleep(50)) {
        if (Date.now() > deadline) throw new Error(`${provider}: no first sync and push channel within 60 s.`);
      }

      const slotsUrl = `${routes.url}/api/v1/slots?eventTypeId=${eventType.id}&start=${day}&end=${day}&timeZone=UTC`;
      const slots = async () => {
        const response = await fetch(slotsUrl);
        const body = (await response.json()) as { slots: Record<string, { start: string }[]> };
        if (!response.ok) throw new Error(`GET slots → ${response.status}`);
        return (body.slots[day] ?? []).map((s) => s.start.slice(11, 16)).join(" ");
      };
      const event =
        provider === "google"
          ? await google.control.createEvent(externalId, { summary: "Bench", start: { dateTime: at("10:00") }, end: { dateTime: at("11:00") } })
          : await microsoft.control.createEvent(MICROSOFT_ACCOUNT, { subject: "Bench", start: { dateTime: `${day}T10:00:00`, timeZone: "UTC" }, end: { dateTime: `${day}T11:00:00`, timeZone: "UTC" } });
      const move = (time: string) => {
        const end = `${String(Number(time.slice(0, 2)) + 1).padStart(2, "0")}:00`;
        return provider === "google"
          ? google.control.updateEvent(externalId, event.id, { start: { dateTime: at(time) }, end: { dateTime: at(end) } })
          : microsoft.control.updateEvent(MICROSOFT_ACCOUNT, event.id, { start: { dateTime: `${day}T${time}:00`, timeZone: "UTC" }, end: { dateTime: `${day}T${end}:00`, timeZone: "UTC" } });
      };
      const waitFor = async (expected: string) => {
        const deadline = Date.now() + GIVE_UP_MS;
        while ((await slots()) !== expected) {
          if (Date.now() > deadline) throw new Error(`${provider}: slots did not change within ${GIVE_UP_MS / 1000} s.`);
          await sleep(POLL_MS);
        }
      };
      await waitFor(slotsAround("10:00"));

      const samples: number[] = [];
      const warmup = 3;
      for (let i = 0; i < warmup + runs; i++) {
        const time = i % 2 === 0 ? "14:00" : "10:00";
        const started = process.hrtime.bigint();
        await move(time);
        await waitFor(slotsAround(time));
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (i >= warmup) samples.push(elapsed);
        // Let the run's bookkeeping finish, so runs do not overlap.
        await sleep(50);
      }
      rows.push({
        case: `Webhook → fresh slots: ${provider === "google" ? "Google push" : "Graph notification"} → sync → GET /api/v1/slots`,
        timing: summarize(samples),
        target: { ms: 1000, on: "p95" },
        note: `event moved at the emulator, slots polled every ${POLL_MS} ms over HTTP; ${dbKind}`,
      });
    }
    return rows;
  } finally {
    await worker?.stop();
    untrust();
    await db?.$disconnect().catch(() => {});
    setDb(undefined);
    await database?.dispose().catch((e) => log(`could not dispose of the database: ${e}`));
    await routes?.close();
    await google.stop();
    await microsoft.stop();
  }
}
