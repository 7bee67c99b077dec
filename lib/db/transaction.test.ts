/**
 * withTransaction: the one transaction runner, with limits that outlast
 * Prisma's defaults (5 s to finish), on a real database. Storing a connection
 * (saveConnection) runs through it: held up behind another session's lock for
 * longer than Prisma's default timeout, it still commits.
 */
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHostWithKey } from "@/test/api-test-helpers";
import { useCalendarTestEnv } from "@/test/calendar-test-env";
import { createTestDatabase, type TestDatabase } from "@/test/test-database";
import { saveConnection } from "../calendars/save-connection";
import { parseDatabaseUrl } from "./database-url";
import { TRANSACTION_OPTIONS, withTransaction } from "./transaction";

/** Past Prisma's default interactive-transaction timeout (5 s). */
const LONGER_THAN_PRISMA_DEFAULT_MS = 6_000;

let t: TestDatabase;
beforeAll(async () => {
  useCalendarTestEnv();
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withTransaction", () => {
  it("lets a transaction run longer than Prisma's default 5 s, and commits it", { timeout: 30_000 }, async () => {
    expect(TRANSACTION_OPTIONS).toEqual({ maxWait: 15_000, timeout: 20_000 });
    const { user } = await createHostWithKey(t.db);
    await withTransaction(t.db, async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { name: "Renamed in a slow transaction" } });
      await sleep(LONGER_THAN_PRISMA_DEFAULT_MS);
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Renamed in a slow transaction");
  });

  it("joins the caller's transaction when given one: a rollback there undoes its work too", async () => {
    const { user } = await createHostWithKey(t.db);
    const failure = await t.db
      .$transaction(async (outer) => {
        await withTransaction(outer, (tx) => tx.user.update({ where: { id: user.id }, data: { name: "Never committed" } }));
        throw new Error("the caller gives up");
      })
      .catch((e: unknown) => e);
    expect(failure).toEqual(new Error("the caller gives up"));
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).name).not.toBe("Never committed");
  });
});

describe("saveConnection", () => {
  // On PostgreSQL the insert waits inside the transaction (Prisma's default: "expired transaction" after 5 s);
  // PGlite serves one connection at a time, so there the transaction cannot even start (default maxWait: 2 s).
  it("commits when another session holds up its transaction for longer than Prisma's default limits", { timeout: 60_000 }, async () => {
    const { user } = await createHostWithKey(t.db);
    const other = new Client(parseDatabaseUrl(t.url));
    await other.connect();
    try {
      // The new connection row references the user: its insert waits for this lock.
      await other.query("BEGIN");
      await other.query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", [user.id]);
      const started = Date.now();
      const saving = saveConnection(t.db, user.id, {
        credentials: { provider: "caldav", serverUrl: "https://dav.example.com/", username: "ada", password: "secret" },
        externalAccountId: "ada@dav.example.com",
        label: "ada · dav.example.com",
        accountEmail: null,
        calendars: [{ externalId: "/ada/work/", name: "Work", isPrimary: true, canWrite: true }],
      });
      await sleep(LONGER_THAN_PRISMA_DEFAULT_MS);
      await other.query("COMMIT");
      const saved = await saving;
      expect(Date.now() - started).toBeGreaterThanOrEqual(LONGER_THAN_PRISMA_DEFAULT_MS);
      expect(saved.calendars.map((c) => [c.name, c.selectedForConflicts, c.isDestination])).toEqual([["Work", true, true]]);
    } finally {
      await other.end();
    }
  });
});
