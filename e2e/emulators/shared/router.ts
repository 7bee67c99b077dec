/**
 * The tiny router both emulators use: method + path pattern → handler. Patterns are written the
 * way the provider documents them (`/calendar/v3/calendars/:calendarId/events/:eventId`); each
 * `:name` captures one URL-decoded segment. Handlers return a plain response description or
 * throw an `HttpError` carrying a provider-shaped error response.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface RouteRequest {
  method: string;
  url: URL;
  /** Path without query, still percent-encoded (as on the wire). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Per-request id, echoed in provider error bodies where the provider does. */
  requestId: string;
  /** The pattern that matched, e.g. "GET /calendar/v3/users/me/calendarList". */
  route: string;
}

export interface RouteResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as application/json unless `text` is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
}

export type Handler = (request: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** A thrown, ready-to-send response (the provider-specific error helpers build these). */
export class HttpError extends Error {
  constructor(readonly response: RouteResponse) {
    super(`HTTP ${response.status}`);
  }
}

export function json(status: number, body: unknown, headers?: Record<string, string>): RouteResponse {
  return { status, json: body, headers };
}

export function noContent(headers?: Record<string, string>): RouteResponse {
  return { status: 204, headers };
}

export function redirect(location: string): RouteResponse {
  return { status: 302, headers: { location }, text: "" };
}

export function header(request: RouteRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The body as JSON; `onInvalid` builds the provider's parse-error response. */
export function readJsonBody<T = Record<string, unknown>>(request: RouteRequest, onInvalid: () => HttpError): T {
  if (request.body.length === 0) return {} as T;
  try {
    return JSON.parse(request.body.toString("utf8")) as T;
  } catch {
    throw onInvalid();
  }
}

/** An application/x-www-form-urlencoded body (OAuth token endpoints). */
export function readFormBody(request: RouteRequest): URLSearchParams {
  return new URLSearchParams(request.body.toString("utf8"));
}

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string>; route: string }
  | { kind: "method-not-allowed"; route: string }
  | { kind: "not-found" };

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, segments: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler) {
    return this.add("GET", pattern, handler);
  }
  post(pattern: string, handler: Handler) {
    return this.add("POST", pattern, handler);
  }
  patch(pattern: string, handler: Handler) {
    return this.add("PATCH", pattern, handler);
  }
  put(pattern: string, handler: Handler) {
    return this.add("PUT", pattern, handler);
  }
  delete(pattern: string, handler: Handler) {
    return this.add("DELETE", pattern, handler);
  }

  /** First registered route wins, so specific literals go before captures. */
  match(method: string, path: string): RouteMatch {
    const segments = split(path);
    let pathMatched: Route | undefined;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) {
        return { kind: "found", handler: route.handler, params, route: `${route.method} ${route.pattern}` };
      }
      pathMatched ??= route;
    }
    return pathMatched ? { kind: "method-not-allowed", route: pathMatched.pattern } : { kind: "not-found" };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(":")) {
      try {
        params[p.slice(1)] = decodeURIComponent(actual[i]);
      } catch {
        return null;
      }
    } else if (p !== actual[i]) {
      return null;
    }
  }
  return params;
}
