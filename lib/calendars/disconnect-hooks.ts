/**
 * Work that must happen before a connection is deleted while its credentials
 * still exist — stopping push channels (Google watch channels, Graph
 * subscriptions) is the one known today; real-time sync registers it here:
 *
 *   registerDisconnectHook(async ({ connection, provider }) => { … (await provider()).stopWatch?.(…) });
 *
 * Hooks are best effort: the host asked to disconnect, so a provider that is
 * down or a revoked grant never keeps the account connected (channels then
 * expire on their own at the provider).
 */
import type { Db } from "../db/client";
import type { CalendarConnection } from "../db/generated/client";
import type { ConnectionProvider } from "./provider-for-connection";

export interface DisconnectHookContext {
  db: Db;
  connection: CalendarConnection;
  /** The connection's adapter, built on first use. */
  provider: () => ConnectionProvider;
}

export type DisconnectHook = (context: DisconnectHookContext) => Promise<void>;

const holder = globalThis as unknown as { kairosDisconnectHooks?: Set<DisconnectHook> };

/** The registered hooks. On globalThis: Next.js may bundle this module into several route chunks. */
export function disconnectHooks(): Set<DisconnectHook> {
  holder.kairosDisconnectHooks ??= new Set();
  return holder.kairosDisconnectHooks;
}

/** Registers a hook; returns a function that removes it again. */
export function registerDisconnectHook(hook: DisconnectHook): () => void {
  disconnectHooks().add(hook);
  return () => disconnectHooks().delete(hook);
}
