/**
 * Redis for tests, like test/radicale.ts for CalDAV:
 * - TEST_REDIS_URL set: that server (shared — suites keep to key prefixes of
 *   their own and never flush it);
 * - else Debian's /usr/bin/redis-server: a throwaway server on a free port of
 *   127.0.0.1, without persistence, stopped afterwards;
 * - else none: suites skip with REDIS_MISSING_MESSAGE.
 *
 *   const redis = await startTestRedis();
 *   … redis.url …
 *   await redis.stop();
 *
 * Also a TCP proxy (startTcpProxy) that a test can cut and restore, to show
 * what one app instance does while its Redis is unreachable.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import Redis from "ioredis";
import { freePort, stopProcess } from "./radicale";

export const REDIS_SERVER_BIN = "/usr/bin/redis-server";

export const REDIS_MISSING_MESSAGE =
  "Redis is not available: the Redis slot cache tests are skipped. Install Debian's package (sudo apt-get install -y redis-server) " +
  "or point TEST_REDIS_URL at a server (e.g. redis://127.0.0.1:6379).";

export interface TestRedis {
  url: string;
  /** A key prefix of this suite's own; stop() deletes its keys from a shared server. */
  keyPrefix: string;
  /** Whether this is a throwaway server of this suite's own (false: TEST_REDIS_URL). */
  throwaway: boolean;
  /** Stops the throwaway server (a no-op for TEST_REDIS_URL). */
  stop(): Promise<void>;
  /**
   * Stops and starts the throwaway server on the same port, empty (as after a
   * restart without persistence); only for throwaway servers.
   */
  restart(): Promise<void>;
}

export function redisAvailable(): boolean {
  return Boolean(process.env.TEST_REDIS_URL) || existsSync(REDIS_SERVER_BIN);
}

export async function startTestRedis(): Promise<TestRedis> {
  const shared = process.env.TEST_REDIS_URL;
  const keyPrefix = `kairos:test:${process.pid}:${Math.random().toString(36).slice(2, 8)}:`;
  if (shared) {
    return {
      url: shared,
      keyPrefix,
      throwaway: false,
      async stop() {
        await deleteKeys(shared, `${keyPrefix}*`);
      },
      async restart() {
        throw new Error("restart() needs a throwaway redis-server, not TEST_REDIS_URL.");
      },
    };
  }
  if (!existsSync(REDIS_SERVER_BIN)) throw new Error(REDIS_MISSING_MESSAGE);

  let lastError: unknown;
  // The port is free when picked; another process may take it before Redis binds.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      let child = await startRedisServer(port);
      return {
        url: `redis://127.0.0.1:${port}`,
        keyPrefix,
        throwaway: true,
        async stop() {
          await stopProcess(child);
        },
        async restart() {
          await stopProcess(child);
          child = await startRedisServer(port);
        },
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const client = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
}

async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER_BIN, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}:\n${output}`);
    if (await answersPing(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopProcess(child);
  throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 10 s:\n${output}`);
}

/** One inline PING, no client library: is a Redis serving on the port? */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

export interface TcpProxy {
  /** The target's URL with the proxy's port, e.g. redis://127.0.0.1:40123 */
  url: string;
  /** Drops every open connection and refuses new ones: the target looks down. */
  cut(): Promise<void>;
  /** Accepts and forwards connections again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A loopback proxy in front of `targetUrl` (redis://host:port…), keeping its scheme, credentials and path. */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 6379);
  const sockets = new Set<net.Socket>();
  const port = await freePort();
  let server: net.Server | undefined;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(targetPort, target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream);
        upstream.pipe(client);
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        server = s;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      const s = server;
      server = undefined;
      s.close(() => resolve());
    });

  await listen();
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return { url: url.toString(), cut: stopListening, restore: listen, close: stopListening };
}
