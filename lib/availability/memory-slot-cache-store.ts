/**
 * The default slot cache store: one process's memory, bounded.
 * - LRU: a Map keeps insertion order; a hit re-inserts its key, so the first
 *   key is always the least recently used and eviction pops from the front.
 * - Bounded twice: by entry count and by the total number of slots held (an
 *   entry for 62 days of 5-minute slots weighs far more than one for a day),
 *   so memory stays bounded whatever the requests look like.
 * - TTL: a safety net only (see slot-cache-store.ts); invalidation is what
 *   keeps answers right.
 * - Generations: see slot-cache-store.ts. The per-host generations are kept
 *   for a bounded number of hosts; forgetting the oldest raises a floor that
 *   stands in for every forgotten host, so forgetting can only refuse a store,
 *   never let a stale one through.
 */
import type { CachedSlots, SlotCacheStore, SlotCacheTicket } from "./slot-cache-store";

export interface MemorySlotCacheOptions {
  /** How long an entry lives at most (ms). Default 60 s. */
  ttlMs?: number;
  /** Most entries kept. Default 1 000. */
  maxEntries?: number;
  /** Most slots kept across all entries. Default 250 000 (tens of MB). */
  maxSlots?: number;
  /** Hosts whose latest invalidation is remembered individually. Default 100 000. */
  maxTrackedHosts?: number;
  /** The clock for expiry; tests pass their own. */
  clock?: () => number;
}

interface StoredEntry {
  entry: CachedSlots;
  expiresAt: number;
  weight: number;
}

export class MemorySlotCacheStore implements SlotCacheStore {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly maxSlots: number;
  readonly maxTrackedHosts: number;
  private readonly clock: () => number;
  private readonly entries = new Map<string, StoredEntry>();
  /** hostId → its keys, so invalidating a host touches only its entries. */
  private readonly keysByHost = new Map<string, Set<string>>();
  private totalSlots = 0;
  /** The invalidation clock: advanced by every invalidateHost. */
  private clockValue: SlotCacheTicket = 0;
  /** hostId → clock value of its latest invalidation, oldest first. */
  private readonly generations = new Map<string, SlotCacheTicket>();
  /** No forgotten host was invalidated later than this. */
  private forgottenGeneration: SlotCacheTicket = 0;

  constructor(options: MemorySlotCacheOptions = {}) {
    this.ttlMs = positive(options.ttlMs ?? 60_000, "ttlMs");
    this.maxEntries = positive(options.maxEntries ?? 1_000, "maxEntries");
    this.maxSlots = positive(options.maxSlots ?? 250_000, "maxSlots");
    this.maxTrackedHosts = positive(options.maxTrackedHosts ?? 100_000, "maxTrackedHosts");
    this.clock = options.clock ?? Date.now;
  }

  async ticket(): Promise<SlotCacheTicket> {
    return this.clockValue;
  }

  async get(key: string): Promise<CachedSlots | undefined> {
    const stored = this.entries.get(key);
    if (!stored) return undefined;
    if (this.clock() >= stored.expiresAt) {
      this.remove(key, stored);
      return undefined;
    }
    // Most recently used goes to the back.
    this.entries.delete(key);
    this.entries.set(key, stored);
    return stored.entry;
  }

  async set(key: string, entry: CachedSlots, ticket: SlotCacheTicket): Promise<boolean> {
    // Invalidated since the computation began: what it read may be stale.
    if (this.generationOf(entry.hostId) > ticket) return false;
    const weight = slotCount(entry) + 1;
    // Larger than the whole budget: keeping it would evict everything else.
    if (weight > this.maxSlots) return false;
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, { entry, expiresAt: this.clock() + this.ttlMs, weight });
    this.totalSlots += weight;
    let keys = this.keysByHost.get(entry.hostId);
    if (!keys) this.keysByHost.set(entry.hostId, (keys = new Set()));
    keys.add(key);
    this.evict();
    return true;
  }

  async invalidateHost(hostId: string): Promise<void> {
    const generation = ++this.clockValue;
    // Re-insert so the map stays ordered by generation, oldest first.
    this.generations.delete(hostId);
    this.generations.set(hostId, generation);
    while (this.generations.size > this.maxTrackedHosts) {
      const [oldestHost, oldestGeneration] = this.generations.entries().next().value!;
      this.generations.delete(oldestHost);
      this.forgottenGeneration = oldestGeneration;
    }
    const keys = this.keysByHost.get(hostId);
    if (!keys) return;
    for (const key of [...keys]) {
      const stored = this.entries.get(key);
      if (stored) this.remove(key, stored);
    }
    this.keysByHost.delete(hostId);
  }

  /** Entries held now (expired ones included until they are next touched or evicted). */
  get size(): number {
    return this.entries.size;
  }

  /** Slots held across all entries. */
  get slotsHeld(): number {
    return this.totalSlots;
  }

  private generationOf(hostId: string): SlotCacheTicket {
    return this.generations.get(hostId) ?? this.forgottenGeneration;
  }

  private remove(key: string, stored: StoredEntry): void {
    this.entries.delete(key);
    this.totalSlots -= stored.weight;
    const keys = this.keysByHost.get(stored.entry.hostId);
    if (keys) {
      keys.delete(key);
      if (keys.size === 0) this.keysByHost.delete(stored.entry.hostId);
    }
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries || this.totalSlots > this.maxSlots) {
      const [key, stored] = this.entries.entries().next().value!;
      this.remove(key, stored);
    }
  }
}

function slotCount(entry: CachedSlots): number {
  let n = 0;
  for (const day in entry.response.slots) n += entry.response.slots[day].length;
  return n;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number (got ${value}).`);
  return value;
}
