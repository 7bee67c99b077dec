/**
 * The shared slot cache store (REDIS_URL): every app instance reads, writes
 * and invalidates one cache in Redis, so a booking made through one instance
 * is never answered from a stale entry by another. The contract and the
 * invalidation clock are in slot-cache-store.ts; here they map to keys under
 * one prefix (default "kairos:slots:"):
 *   clock         the invalidation clock; ticket() = GET
 *   gen:{host}    the host's generation (clock value of its latest invalidation)
 *   keys:{host}   the entry keys of the host, so invalidation touches only its own
 *   entry:{key}   "{ticket}\n{hostId}\n{json}", with PX = the entry TTL
 *   floor         no entry older than this is served or stored (see "Flush")
 * get, set and invalidateHost are Lua scripts: each check-and-write is atomic.
 *
 * No in-process copy (L1). With one, instance A would serve from its memory
 * until B's invalidation reached it over pub/sub — a window in which a guest
 * who just booked through B sees the slot still free through A. Every read goes
 * to Redis instead (a GET and a JSON parse: ~1 ms for a week of 5-minute slots,
 * ~3 ms for 62 days, measured on a loaded 2-core machine — well inside the
 * 15 ms budget of a slots request), so the moment invalidateHost resolves no
 * instance can serve the old answer, and there is nothing to notify: no
 * pub/sub. (Were an L1 ever added: drop entries on an invalidation message
 * carrying the generation, never insert one older than a generation seen, and
 * clear it whenever the subscription drops.)
 *
 * Redis unreachable or failing: reads are misses, stores are refused, so slots
 * are computed without the cache and requests never wait on Redis (no offline
 * queue, a short command timeout); the outage is logged once, and once more
 * when it is over. Invalidations attempted meanwhile cannot reach Redis, and
 * Redis may come back with old data (a restart from a snapshot), so the store
 * serves nothing until it has run a flush after every (re)connection and after
 * any failed command:
 *   Flush: clock = max(clock + 1, Redis TIME in µs); floor = clock. Every entry
 *   stored before is hidden (get compares its ticket with the floor), and every
 *   computation that took its ticket before is refused (set does too). Seeding
 *   the clock from TIME also keeps it above all tickets handed out before a
 *   restart that lost it.
 * Flushing on every connection, not only when something was missed, is the
 * simple rule that is always right; the cost is refilling the cache after a
 * deploy or a network blip.
 *
 * Limits, on purpose: generations expire after GENERATION_TTL_MS (an hour; a
 * computation lasts milliseconds, and only one begun before an invalidation and
 * stored over an hour later could slip through), and the store assumes one Redis
 * primary (the scripts touch keys they are not given, which a cluster would
 * refuse). Memory is bounded by expiry: entries live the TTL, generations an
 * hour. Keep Redis's default maxmemory-policy, noeviction: a store that is
 * refused writes just stops caching, while one whose clock or floor were
 * evicted could serve old entries.
 */
import Redis from "ioredis";
import { freezeSlotsResponse } from "./freeze-slots-response";
import type { SlotsResponse } from "./get-slots";
import type { CachedSlots, SlotCacheStore, SlotCacheTicket } from "./slot-cache-store";

export interface RedisSlotCacheOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: string;
  /** How long an entry lives at most (ms). Default 60 s. */
  ttlMs?: number;
  /** Namespace of every key; tests give each store its own. Default "kairos:slots:". */
  keyPrefix?: string;
  /** How long a command may take before Redis counts as failing (ms). Default 500. */
  commandTimeoutMs?: number;
}

/** The ticket handed out while Redis is unusable: every store refuses it. */
const NO_TICKET: SlotCacheTicket = -1;
const GENERATION_TTL_MS = 60 * 60_000;
const FLUSH_RETRY_MS = 1000;

/** Lua: the next clock value; a missing clock starts from Redis's TIME in µs, above any ticket of before. */
const NEXT_CLOCK = `
local function next_clock(clock_key)
  if redis.call('EXISTS', clock_key) == 0 then
    local t = redis.call('TIME')
    redis.call('SET', clock_key, string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2])))
  end
  return redis.call('INCR', clock_key)
end
`;

const SCRIPTS = {
  /**
   * KEYS: entry, floor. ARGV: prefix of gen:{host}. The entry unless it was
   * stored before the last flush or before its host's latest invalidation —
   * the second check makes invalidation hold even if the entry outlived its
   * deletion (say, its host's key set was evicted).
   */
  slotCacheGet: {
    numberOfKeys: 2,
    lua: `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local t, host = string.match(v, '^(%d+)\\n([^\\n]*)\\n')
t = tonumber(t)
if t == nil or t < tonumber(redis.call('GET', KEYS[2]) or '0') then return false end
if tonumber(redis.call('GET', ARGV[1] .. host) or '0') > t then return false end
return v`,
  },
  /**
   * KEYS: entry, keys:{host}, gen:{host}, floor. ARGV: ticket, value, ttl ms, host id, prefix of keys:{host}.
   * Stores unless the host was invalidated (or everything flushed) after the ticket.
   */
  slotCacheSet: {
    numberOfKeys: 4,
    lua: `
local ticket = tonumber(ARGV[1])
if tonumber(redis.call('GET', KEYS[3]) or '0') > ticket then return 0 end
if tonumber(redis.call('GET', KEYS[4]) or '0') > ticket then return 0 end
local old = redis.call('GET', KEYS[1])
if old then
  local old_host = string.match(old, '^%d+\\n([^\\n]*)\\n')
  if old_host and old_host ~= ARGV[4] then redis.call('SREM', ARGV[5] .. old_host, KEYS[1]) end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SADD', KEYS[2], KEYS[1])
-- Outlives every entry in it: each was stored no later than now, with the same TTL.
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`,
  },
  /** KEYS: clock, gen:{host}, keys:{host}. ARGV: generation TTL ms. Advances the clock, records it, drops the host's entries. */
  slotCacheInvalidate: {
    numberOfKeys: 3,
    lua: `${NEXT_CLOCK}
local c = next_clock(KEYS[1])
redis.call('SET', KEYS[2], string.format('%.0f', c), 'PX', ARGV[1])
local keys = redis.call('SMEMBERS', KEYS[3])
for i = 1, #keys, 1000 do
  redis.call('DEL', unpack(keys, i, math.min(i + 999, #keys)))
end
redis.call('DEL', KEYS[3])
return c`,
  },
  /** KEYS: clock, floor. See "Flush" above. */
  slotCacheFlush: {
    numberOfKeys: 2,
    lua: `${NEXT_CLOCK}
local c = next_clock(KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if c < now then
  c = now
  redis.call('SET', KEYS[1], string.format('%.0f', c))
end
redis.call('SET', KEYS[2], string.format('%.0f', c))
return string.format('%.0f', c)`,
  },
};

interface ScriptCommands {
  slotCacheGet(entry: string, floor: string, genPrefix: string): Promise<string | null>;
  slotCacheSet(entry: string, hostKeys: string, gen: string, floor: string, ticket: string, value: string, ttlMs: number, hostId: string, hostKeysPrefix: string): Promise<number>;
  slotCacheInvalidate(clock: string, gen: string, hostKeys: string, generationTtlMs: number): Promise<number>;
  slotCacheFlush(clock: string, floor: string): Promise<string>;
}

export class RedisSlotCacheStore implements SlotCacheStore {
  readonly ttlMs: number;
  readonly keyPrefix: string;
  private readonly redis: Redis;
  private readonly scripts: ScriptCommands;
  /** Where the server is, for log lines (never the password). */
  private readonly address: string;
  /** up: serving; flushing: connected, but the flush that must come first has not succeeded; down: not connected. */
  private state: "down" | "flushing" | "up" = "down";
  /** A flush is owed before serving again (set on every connection loss and failure). */
  private flushOwed = true;
  private flushRunning = false;
  /** Bumped on every connection loss, so a flush sent on an old connection cannot mark a new one up. */
  private connection = 0;
  private outageLogged = false;
  private closed = false;
  private upWaiters: (() => void)[] = [];

  constructor(options: RedisSlotCacheOptions) {
    this.ttlMs = positive(options.ttlMs ?? 60_000, "ttlMs");
    this.keyPrefix = options.keyPrefix ?? "kairos:slots:";
    const parsed = new URL(options.url);
    this.address = `${parsed.hostname}:${parsed.port || 6379}`;
    this.redis = new Redis(options.url, {
      connectionName: "kairos-slot-cache",
      // Never make a slots request wait for Redis: fail at once while it is
      // away, fail in-flight commands when the connection drops (rather than
      // resending them after reconnecting, before the flush), time out a hung one.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 1000),
      // RESP2: understood by every Redis version; nothing here needs RESP3.
      protocol: 2,
      scripts: SCRIPTS,
    });
    this.scripts = this.redis as unknown as ScriptCommands;
    this.redis.on("ready", () => void this.flushWhileOwed());
    this.redis.on("error", (error: Error) => this.failed(error));
    this.redis.on("close", () => {
      this.connection++;
      this.state = "down";
      this.flushOwed = true;
      if (!this.closed) this.logOutage(new Error("connection closed"));
    });
  }

  async ticket(): Promise<SlotCacheTicket> {
    if (this.state !== "up") return NO_TICKET;
    try {
      return Number((await this.redis.get(this.key("clock"))) ?? 0);
    } catch (error) {
      this.failed(error);
      return NO_TICKET;
    }
  }

  async get(key: string): Promise<CachedSlots | undefined> {
    if (this.state !== "up") return undefined;
    let value: string | null;
    try {
      value = await this.scripts.slotCacheGet(this.entryKey(key), this.key("floor"), this.key("gen:"));
    } catch (error) {
      this.failed(error);
      return undefined;
    }
    return value === null ? undefined : decode(value);
  }

  async set(key: string, entry: CachedSlots, ticket: SlotCacheTicket): Promise<boolean> {
    if (this.state !== "up" || ticket === NO_TICKET) return false;
    const value = `${ticket}\n${entry.hostId}\n${JSON.stringify({ response: entry.response, computedAt: entry.computedAt, minimumNoticeMs: entry.minimumNoticeMs })}`;
    try {
      const stored = await this.scripts.slotCacheSet(
        this.entryKey(key),
        this.key(`keys:${entry.hostId}`),
        this.key(`gen:${entry.hostId}`),
        this.key("floor"),
        String(ticket),
        value,
        this.ttlMs,
        entry.hostId,
        this.key("keys:"),
      );
      return stored === 1;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  /**
   * Never throws: while Redis is unusable the invalidation cannot be recorded,
   * and the flush owed before the store serves again stands in for it.
   */
  async invalidateHost(hostId: string): Promise<void> {
    // Not connected: the flush on reconnecting comes after this call.
    if (this.redis.status !== "ready") return;
    try {
      // Sent even while a flush is pending: that flush may have been sent
      // before the change this follows had committed.
      await this.scripts.slotCacheInvalidate(this.key("clock"), this.key(`gen:${hostId}`), this.key(`keys:${hostId}`), GENERATION_TTL_MS);
    } catch (error) {
      this.failed(error);
    }
  }

  /** Resolves once the store serves (connected and flushed); for start-up checks and tests. */
  ready(timeoutMs = 30_000): Promise<void> {
    if (this.state === "up") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Slot cache: Redis at ${this.address} not ready within ${timeoutMs} ms.`)), timeoutMs);
      this.upWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Whether the store serves from Redis now (false: every request computes). */
  get serving(): boolean {
    return this.state === "up";
  }

  async close(): Promise<void> {
    this.closed = true;
    this.state = "down";
    if (this.redis.status === "ready") {
      await this.redis.quit().catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }

  /** A command or the connection failed: stop serving until a flush succeeds. */
  private failed(error: unknown): void {
    if (this.closed) return;
    this.logOutage(error);
    this.flushOwed = true;
    if (this.state === "up") this.state = "flushing";
    void this.flushWhileOwed();
  }

  /** Flushes until it succeeds on the current connection, then serves. */
  private async flushWhileOwed(): Promise<void> {
    if (this.flushRunning) return;
    this.flushRunning = true;
    try {
      while (this.flushOwed && !this.closed && this.redis.status === "ready") {
        const connection = this.connection;
        this.state = "flushing";
        this.flushOwed = false;
        try {
          await this.scripts.slotCacheFlush(this.key("clock"), this.key("floor"));
        } catch (error) {
          this.logOutage(error);
          this.flushOwed = true;
          await new Promise((resolve) => setTimeout(resolve, FLUSH_RETRY_MS).unref?.());
          continue;
        }
        if (connection !== this.connection) this.flushOwed = true;
      }
      if (!this.flushOwed && !this.closed && this.redis.status === "ready") this.up();
    } finally {
      this.flushRunning = false;
    }
  }

  private up(): void {
    this.state = "up";
    if (this.outageLogged) {
      this.outageLogged = false;
      console.error(`Slot cache: Redis at ${this.address} is back; slots cached before were dropped.`);
    }
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private logOutage(error: unknown): void {
    if (this.outageLogged || this.closed) return;
    this.outageLogged = true;
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Slot cache: Redis at ${this.address} is unavailable (${reason}); computing slots without the cache until it is back.`);
  }

  private key(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  private entryKey(key: string): string {
    return this.key(`entry:${key}`);
  }
}

function decode(value: string): CachedSlots {
  const first = value.indexOf("\n");
  const second = value.indexOf("\n", first + 1);
  const hostId = value.slice(first + 1, second);
  const { response, computedAt, minimumNoticeMs } = JSON.parse(value.slice(second + 1)) as {
    response: SlotsResponse;
    computedAt: number;
    minimumNoticeMs: number;
  };
  return { hostId, response: freezeSlotsResponse(response), computedAt, minimumNoticeMs };
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number (got ${value}).`);
  return value;
}
