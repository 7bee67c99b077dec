/**
 * The embedded database under concurrent clients, as the app uses it: several
 * pooled connections running parameterized queries and transactions at once
 * (requests and the job worker). Before keepEachClientsQueriesTogether this
 * failed with "bind message supplies …" errors or stalled for good.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPrismaClient, type Db } from "./client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

let pg: EmbeddedPostgres;
const clients: Db[] = [];
beforeAll(async () => {
  pg = await startEmbeddedPostgres({ dataDir: "memory://" });
  clients.push(createPrismaClient(pg.url), createPrismaClient(pg.url));
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  await pg?.stop();
});

it("answers every query of concurrent connections and transactions correctly, without stalling", async () => {
  let wrong = 0;
  const errors: string[] = [];
  const lanes = Array.from({ length: 8 }, async (_, lane) => {
    const db = clients[lane % 2];
    for (let i = 0; i < 40; i++) {
      try {
        if (lane % 4 < 2) {
          await db.$transaction(async (tx) => {
            const [row] = await tx.$queryRaw<{ v: number }[]>`SELECT ${i}::int + ${lane}::int + ${1}::int + ${0}::int AS v`;
            if (row.v !== i + lane + 1) wrong++;
          });
        } else {
          const [row] = await db.$queryRaw<{ v: string }[]>`SELECT ${String(lane)}::text || '-' || ${String(i)}::text AS v`;
          if (row.v !== `${lane}-${i}`) wrong++;
        }
      } catch (error) {
        errors.push(String((error as Error).message).trim().split("\n").at(-1) ?? "");
      }
    }
  });
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the embedded database stopped answering")), 25_000);
  });
  try {
    await Promise.race([Promise.all(lanes), stalled]);
  } finally {
    clearTimeout(timer);
  }
  expect(errors).toEqual([]);
  expect(wrong).toBe(0);
});
