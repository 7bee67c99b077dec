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
  keepEachClientsQueriesTogether(server, db);
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** A protocol message waiting in pglite-socket's queue (its internals, 0.2.17). */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/** Parse, Bind, Describe, Execute, Close, Flush: an extended query goes on until the client's Sync. */
const EXTENDED_QUERY_MESSAGES = new Set([..."PBDECH"].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket 0.2.17 queues every protocol message of every connection on
 * its own and keeps one connection's messages together only inside a
 * transaction. Between one client's Parse and its Bind another connection's
 * messages run, replacing the unnamed statement: "bind message supplies 2
 * parameters, but prepared statement "" requires 4", a query run with another
 * client's statement, or a BEGIN executed for the wrong connection, after
 * which every other connection waits forever. Concurrent requests and the job
 * worker do exactly this. So the queue is made to serve one client's
 * extended query up to its Sync (and, as before, its whole transaction)
 * before anyone else's; a message that fails no longer stops the queue.
 */
function keepEachClientsQueriesTogether(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.clearTransactionIfNeeded !== "function") {
    throw new Error("@electric-sql/pglite-socket changed its query queue: review keepEachClientsQueriesTogether in lib/db/embedded-postgres.ts.");
  }
  let midQuery = false;
  queue.processQueue = async () => {
    if (queue.processing) return;
    queue.processing = true;
    try {
      while (queue.queue.length > 0) {
        const owner = queue.lastHandlerId;
        const index = owner !== null && (midQuery || db.isInTransaction()) ? queue.queue.findIndex((m) => m.handlerId === owner) : 0;
        // The owner's next message has not arrived yet: its enqueue runs the queue again.
        if (index === -1) break;
        const [item] = queue.queue.splice(index, 1);
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midQuery = false;
          item.reject(error);
          continue;
        }
        queue.lastHandlerId = item.handlerId;
        midQuery = EXTENDED_QUERY_MESSAGES.has(item.message[0]);
        item.resolve(bytes);
      }
    } finally {
      queue.processing = false;
    }
  };
  // A client that disconnects mid-query releases the queue (mid-transaction, it is rolled back as before).
  const clearTransactionIfNeeded = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async (handlerId) => {
    await clearTransactionIfNeeded(handlerId);
    if (queue.lastHandlerId === handlerId && !db.isInTransaction()) {
      queue.lastHandlerId = null;
      midQuery = false;
    }
    await queue.processQueue();
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
