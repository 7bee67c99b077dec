/**
 * Calling App Router handlers directly, the way Next.js does: a web Request in,
 * a Response out, dynamic params as a promise. Tests then assert the HTTP
 * contract (status, JSON body, error codes) without a server.
 */
import { createApiKey } from "../lib/auth/api-keys";
import type { Db } from "../lib/db/client";
import { createUser } from "../lib/users/create-user";

type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;

export interface CallOptions {
  /** API key sent as `Authorization: Bearer …`. */
  key?: string;
  /** Sent as JSON (a string is sent as-is, for malformed-body tests). */
  body?: unknown;
  /** The `[id]` segment of a dynamic route. */
  id?: string;
  headers?: Record<string, string>;
  path?: string;
}

export interface CallResult<T = any> {
  status: number;
  /** Parsed JSON, or null for an empty body. */
  body: T;
  headers: Headers;
}

export async function call<T = any>(handler: Handler | ((request: Request) => Promise<Response>), method: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const request = new Request(`http://localhost${options.path ?? "/api/v1/test"}`, { method, headers, body });
  const response = await (handler as Handler)(request, { params: Promise.resolve({ id: options.id ?? "" }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

let counter = 0;

/** A signed-up host (with their default schedule) and an API key of theirs. */
export async function createHostWithKey(db: Db, overrides: { username?: string; timeZone?: string } = {}) {
  counter++;
  const username = overrides.username ?? `host-${counter}-${Math.random().toString(36).slice(2, 7)}`;
  const user = await createUser(db, {
    email: `${username}@example.com`,
    name: `Host ${counter}`,
    username,
    password: "a good password",
    timeZone: overrides.timeZone ?? "Europe/Berlin",
  });
  const { key } = await createApiKey(db, user.id, "tests");
  return { user, key };
}
