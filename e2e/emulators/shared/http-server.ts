/**
 * One HTTP(S) server per emulator: provider routes (logged, fault-injectable) and the control
 * API under /_emulator/ (neither logged nor faulted, so tests can always steer the emulator).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { FaultRule, FaultStore } from "./faults";
import type { RequestLog } from "./request-log";
import { HttpError, json, type RouteRequest, type RouteResponse, type Router } from "./router";

export const CONTROL_PREFIX = "/_emulator/";

export interface ProviderHooks {
  /** The provider's error response for an injected fault. */
  faultResponse(rule: FaultRule, request: RouteRequest): RouteResponse;
  notFound(request: RouteRequest): RouteResponse;
  methodNotAllowed(request: RouteRequest): RouteResponse;
  internalError(error: unknown, request: RouteRequest): RouteResponse;
  /** Adds provider headers to every API response (e.g. Graph's request-id). */
  decorate?(response: RouteResponse, request: RouteRequest): RouteResponse;
}

export interface EmulatorServerOptions {
  host?: string;
  port?: number;
  tls?: { key: string; cert: string };
  api: Router;
  control: Router;
  faults: FaultStore;
  log: RequestLog;
  hooks: ProviderHooks;
}

export interface RunningServer {
  /** Origin without trailing slash, e.g. "http://127.0.0.1:4100". */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Request-scoped facts handlers learn while answering (e.g. which account called). */
export interface RequestContext {
  account?: string;
}

const contexts = new WeakMap<RouteRequest, RequestContext>();

export function requestContext(request: RouteRequest): RequestContext {
  let context = contexts.get(request);
  if (!context) {
    context = {};
    contexts.set(request, context);
  }
  return context;
}

export async function startEmulatorServer(options: EmulatorServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handle(options, req, res).catch((error) => {
      console.error("[emulator] unhandled", error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hung fault connections and idle keep-alive sockets must not keep the process alive.
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(options: EmulatorServerOptions, req: http.IncomingMessage, res: http.ServerResponse) {
  const started = Date.now();
  const body = await readBody(req);
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  const isControl = url.pathname.startsWith(CONTROL_PREFIX);
  const router = isControl ? options.control : options.api;
  const match = router.match(method, url.pathname);
  const request: RouteRequest = {
    method,
    url,
    path: url.pathname,
    params: match.kind === "found" ? match.params : {},
    query: url.searchParams,
    headers: req.headers,
    body,
    requestId: randomUUID(),
    route: match.kind === "found" ? match.route : "",
  };

  if (isControl) {
    let response: RouteResponse;
    try {
      response =
        match.kind === "found"
          ? await match.handler(request)
          : json(match.kind === "not-found" ? 404 : 405, { error: `no control route ${method} ${url.pathname}` });
    } catch (error) {
      response =
        error instanceof HttpError
          ? error.response
          : json(400, { error: error instanceof Error ? error.message : String(error) });
    }
    send(res, response);
    return;
  }

  const finish = (response: RouteResponse, fault?: FaultRule) => {
    const decorated = options.hooks.decorate ? options.hooks.decorate(response, request) : response;
    send(res, decorated);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    options.log.record({
      at: new Date(started).toISOString(),
      method,
      path: url.pathname,
      query,
      route: match.kind === "found" ? match.route : null,
      status: decorated.status,
      durationMs: Date.now() - started,
      fault: fault?.id,
      account: requestContext(request).account,
    });
  };

  const runHandler = async (): Promise<RouteResponse> => {
    try {
      if (match.kind === "found") return await match.handler(request);
      return match.kind === "method-not-allowed"
        ? options.hooks.methodNotAllowed(request)
        : options.hooks.notFound(request);
    } catch (error) {
      if (error instanceof HttpError) return error.response;
      console.error(`[emulator] ${method} ${url.pathname} failed`, error);
      return options.hooks.internalError(error, request);
    }
  };

  const fault = options.faults.take(method, url.pathname);
  if (fault) {
    if (fault.hang) {
      // Record that the request arrived; the socket stays open until the client aborts.
      options.log.record({
        at: new Date(started).toISOString(),
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        route: match.kind === "found" ? match.route : null,
        status: 0,
        durationMs: 0,
        fault: fault.id,
      });
      return;
    }
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.status === undefined) {
      finish(await runHandler(), fault);
      return;
    }
    if (fault.applyFirst) await runHandler();
    const response = options.hooks.faultResponse(fault, request);
    if (fault.retryAfterSeconds !== undefined) {
      response.headers = { ...response.headers, "retry-after": String(fault.retryAfterSeconds) };
    }
    finish(response, fault);
    return;
  }
  finish(await runHandler());
}

function send(res: http.ServerResponse, response: RouteResponse) {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.text !== undefined) {
    payload = response.text;
    headers["content-type"] ??= response.contentType ?? "text/plain; charset=utf-8";
  } else if (response.json !== undefined) {
    payload = JSON.stringify(response.json);
    headers["content-type"] ??= response.contentType ?? "application/json; charset=UTF-8";
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}
