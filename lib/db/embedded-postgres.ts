/**
 * The embedded default database: PGlite (PostgreSQL compiled to WASM) persisted
 * to a data directory and served on a loopback port through the Postgres wire
 * protocol, so the app reaches it with the same adapter, SQL and migrations as a
 * real server. Set DATABASE_URL to use a real server instead.
 */
import fs from "node:fs";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** A directory to persist to, or "memory://" for a throwaway database. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir !== "memory://") fs.mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, { extensions: { btree_gist } });
  const port = options.port || (await findFreePort());
  // PGlite runs one query at a time; the socket server queues connections, so
  // allow a small pool (Prisma opens several) rather than the default of one.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 16 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
