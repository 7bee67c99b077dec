/**
 * App Router route handlers behind a real local HTTP server, for tests where
 * a third party calls Kairos over the network (provider webhooks: the
 * emulators POST real-format notifications to it). A small node:http
 * adapter turns each request into a web Request and calls the route's
 * exported handler, as Next.js does — the handlers are the app's own
 * modules, unchanged. Chosen over starting the Next dev server: the same
 * code runs, in the test process (so the job worker, database client and
 * config are the test's), in milliseconds instead of a compile per route on
 * a two-core machine. Not covered: Next's own routing and bundling.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RouteServer {
  /** Origin, e.g. "http://127.0.0.1:34567" — what PUBLIC_URL is set to. */
  url: string;
  /** Requests answered so far, newest last. */
  log: { method: string; path: string; status: number; durationMs: number }[];
  close(): Promise<void>;
}

/** `routes`: path → module exports, e.g. { "/api/webhooks/google": await import("@/app/api/webhooks/google/route") }. */
export async function startRouteServer(routes: Record<string, Partial<Record<string, RouteHandler>>>): Promise<RouteServer> {
  const log: RouteServer["log"] = [];
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", origin);
        const handler = routes[url.pathname]?.[req.method ?? "GET"];
        let response: Response;
        if (!handler) {
          response = new Response(null, { status: routes[url.pathname] ? 405 : 404 });
        } else {
          const headers = new Headers();
          for (const [name, value] of Object.entries(req.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
          }
          const body = chunks.length > 0 && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
          response = await handler(new Request(url, { method: req.method, headers, body }), { params: Promise.resolve({}) });
        }
        const payload = Buffer.from(await response.arrayBuffer());
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(payload);
        log.push({ method: req.method ?? "GET", path: url.pathname, status: response.status, durationMs: performance.now() - started });
      })().catch((error: unknown) => {
        console.error("[route-server]", error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
