/**
 * Case 2: case 1's host through GET /api/v1/slots on a real production server.
 *
 * Starts everything it needs and stops it again:
 * 1. a fresh, migrated database — in-memory PGlite (the embedded default), or
 *    a scratch database on the PostgreSQL server at BENCH_DATABASE_URL,
 *    dropped afterwards;
 * 2. seeds case 1's host: schedule, event type and 2 000 bookings (createMany,
 *    disjoint blocked ranges as the exclusion constraint requires);
 * 3. `next build` into .next-bench if that build is missing or older than the
 *    sources, then `next start` on a free loopback port;
 * 4. times sequential requests after a warm-up: answered from the slot cache,
 *    recomputed after an invalidation before each request (a real write:
 *    PATCH of the event type), and bypassing the cache (rescheduleUid).
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { computeSlots } from "../lib/availability/compute-slots";
import { createPrismaClient, type Db } from "../lib/db/client";
import { ensureProductionBuild, NEXT_BIN } from "../scripts/next-production-build";
import { createFreshDatabase, type FreshDatabase } from "../test/test-database";
import { singleHost } from "./lib/fixtures";
import { measure } from "./lib/measure";
import { BENCH_SLUG as SLUG, BENCH_USERNAME as USERNAME, seedSingleHost } from "./lib/seed";
import type { Row } from "./lib/table";

const root = path.resolve(__dirname, "..");
const DIST_DIR = ".next-bench";

function log(message: string) {
  console.error(`[bench] ${message}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
    try {
      const response = await fetch(url);
      await response.text();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not answer ${url} within ${timeoutMs / 1000} s.`);
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null || !server.pid) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  // Its own process group (detached): this reaches the server and its children only.
  process.kill(-server.pid, "SIGTERM");
  const timer = setTimeout(() => server.pid && process.kill(-server.pid, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function benchHttpSlots(iterations: number): Promise<Row[]> {
  const serverUrl = process.env.BENCH_DATABASE_URL || "";
  let database: FreshDatabase | undefined;
  let db: Db | undefined;
  let server: ChildProcess | undefined;
  const serverLog: string[] = [];
  const cleanup = async () => {
    if (server) await stopServer(server).catch((e) => log(`could not stop the server: ${e}`));
    await db?.$disconnect().catch(() => {});
    await database?.dispose().catch((e) => log(`could not dispose of the database: ${e}`));
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    database = await createFreshDatabase("kairos_bench", serverUrl);
    const dbKind = database.isPostgres ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (embedded, in memory)";
    log(`database: ${dbKind}, migrated`);
    db = createPrismaClient(database.url);
    const now = Date.now();
    const seeded = await seedSingleHost(db, now);
    log(`seeded 1 host, 1 event type, ${seeded.busy.length} bookings`);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TSCONFIG_PATH: "tsconfig.bench.json",
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: "bench-only-secret-not-for-production-use-0123456789",
      NEXTAUTH_URL: baseUrl,
      PUBLIC_URL: baseUrl,
    };
    await ensureProductionBuild({ distDir: DIST_DIR, env, log });

    server = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk: Buffer) => {
      serverLog.push(chunk.toString());
      if (serverLog.length > 200) serverLog.shift();
    };
    server.stdout!.on("data", keep);
    server.stderr!.on("data", keep);
    const query = `username=${USERNAME}&eventSlug=${SLUG}&start=${seeded.startDate}&end=${seeded.endDate}&timeZone=${encodeURIComponent(singleHost.guestZone)}`;
    const slotsUrl = `${baseUrl}/api/v1/slots?${query}`;
    await waitUntilReady(slotsUrl, server, 120_000);
    log(`next start is answering on ${baseUrl}`);

    const get = async (url: string) => {
      const response = await fetch(url);
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${url} → ${response.status}: ${body.slice(0, 300)}`);
      return body;
    };
    // The server's answer is the in-process one: same slots.
    const answer = JSON.parse(await get(slotsUrl)) as { slots: Record<string, unknown[]> };
    const served = Object.values(answer.slots).reduce((n, day) => n + day.length, 0);
    const expected = computeSlots({ rules: singleHost.rules(), policy: singleHost.policy, busy: seeded.busy, range: seeded.range, now: Date.now() }).length;
    if (Math.abs(served - expected) > 1) throw new Error(`The server offers ${served} slots; in-process ${expected}.`);
    const bytes = (await get(slotsUrl)).length;

    let edits = 0;
    const invalidate = async () => {
      // A real write through the API: updateEventType calls invalidateHost.
      const response = await fetch(`${baseUrl}/api/v1/event-types/${seeded.eventTypeId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${seeded.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ description: `Benchmark edit ${++edits}` }),
      });
      await response.text();
      if (!response.ok) throw new Error(`PATCH event type → ${response.status}`);
    };
    const rescheduleUrl = `${slotsUrl}&rescheduleUid=bench-0`;
    // The same route answering 400 from query validation: no database, no
    // engine — what Next.js and the HTTP round trip cost on their own.
    const floorUrl = `${baseUrl}/api/v1/slots?username=${USERNAME}&eventSlug=${SLUG}&start=${seeded.startDate}&end=not-a-date&timeZone=UTC`;
    const floor = async () => {
      const response = await fetch(floorUrl);
      await response.text();
      if (response.status !== 400) throw new Error(`GET ${floorUrl} → ${response.status}, expected 400`);
    };
    const note = `${served} slots on ${Object.keys(answer.slots).length} days, ${Math.round(bytes / 1024)} KiB JSON; ${dbKind}`;
    const few = Math.max(1, Math.floor(iterations / 2));
    const rows: Row[] = [
      {
        case: "GET /api/v1/slots (same case, warm server): slot cache hit",
        timing: await measure(() => get(slotsUrl), { warmup: 50, iterations }),
        target: { ms: 15, on: "p50" },
        note,
      },
      {
        case: "  computed: cache invalidated before each request (PATCH event type, untimed)",
        timing: await measure(() => get(slotsUrl), { warmup: 20, iterations: few, before: invalidate }),
        target: { ms: 15, on: "p50" },
      },
      {
        case: "  computed: cache bypassed (rescheduleUid)",
        timing: await measure(() => get(rescheduleUrl), { warmup: 20, iterations: few }),
        target: { ms: 15, on: "p50" },
      },
      {
        case: "  floor: same route, 400 from query validation (no DB, no engine)",
        timing: await measure(floor, { warmup: 20, iterations: few }),
      },
    ];
    return rows;
  } catch (error) {
    if (serverLog.length > 0) log(`server output (last lines):\n${serverLog.join("").split("\n").slice(-40).join("\n")}`);
    throw error;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await cleanup();
    log("server stopped, database disposed");
  }
}
