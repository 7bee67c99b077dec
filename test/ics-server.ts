/**
 * A tiny local HTTP server that serves an iCalendar feed the way real feed
 * hosts do: ETag and Last-Modified, 304 for conditional requests that match,
 * and a log of what each request asked for. Tests change the feed, the status
 * or the headers between calls.
 *
 *   const feed = await startIcsServer({ body: ics });
 *   feed.url            // http://127.0.0.1:PORT/calendar.ics
 *   feed.setBody(other) // new ETag and Last-Modified
 *   feed.requests       // [{ method, path, headers, status }]
 *   await feed.stop();
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";

export interface IcsServerOptions {
  body: string;
  /** Path of the feed (default /calendar.ics). */
  path?: string;
  contentType?: string;
  /** Send an ETag (default true). */
  etag?: boolean;
  /** Send Last-Modified (default true). */
  lastModified?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface IcsServer {
  url: string;
  /** Base URL without the feed path, e.g. http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  readonly requestCount: number;
  /** Replaces the feed; ETag and Last-Modified change with it. */
  setBody(body: string, options?: { contentType?: string }): void;
  /** Answers every request with this status (and headers) until cleared with null. */
  setFailure(failure: { status: number; headers?: Record<string, string>; body?: string } | null): void;
  /** Delays every answer (for timeouts). */
  setDelay(ms: number): void;
  /** Serves `to` as a redirect at `from` (a path). */
  addRedirect(from: string, to: string, status?: number): void;
  stop(): Promise<void>;
}

export async function startIcsServer(options: IcsServerOptions): Promise<IcsServer> {
  const feedPath = options.path ?? "/calendar.ics";
  let body = options.body;
  let contentType = options.contentType ?? "text/calendar; charset=utf-8";
  let modifiedAt = secondsNow();
  let failure: { status: number; headers?: Record<string, string>; body?: string } | null = null;
  let delay = 0;
  const redirects = new Map<string, { to: string; status: number }>();
  const requests: RecordedRequest[] = [];

  const etagOf = (text: string) => `"${createHash("sha256").update(text).digest("hex").slice(0, 20)}"`;

  const server = createServer((request, response) => {
    const record = (status: number) => requests.push({ method: request.method ?? "GET", path: request.url ?? "/", headers: request.headers, status });
    const answer = () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      const redirect = redirects.get(url.pathname);
      if (redirect) {
        record(redirect.status);
        response.writeHead(redirect.status, { Location: redirect.to }).end();
        return;
      }
      if (failure) {
        record(failure.status);
        response.writeHead(failure.status, { "Content-Type": "text/plain", ...failure.headers }).end(failure.body ?? "");
        return;
      }
      if (url.pathname !== feedPath) {
        record(404);
        response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found");
        return;
      }
      const etag = etagOf(body);
      const lastModified = new Date(modifiedAt * 1000).toUTCString();
      const headers: Record<string, string> = { "Content-Type": contentType, "Cache-Control": "no-cache" };
      if (options.etag !== false) headers.ETag = etag;
      if (options.lastModified !== false) headers["Last-Modified"] = lastModified;

      const ifNoneMatch = request.headers["if-none-match"];
      const ifModifiedSince = request.headers["if-modified-since"];
      const notModified =
        options.etag !== false && ifNoneMatch !== undefined
          ? ifNoneMatch.split(",").map((tag) => tag.trim()).includes(etag)
          : options.lastModified !== false && ifModifiedSince !== undefined && Date.parse(ifModifiedSince) / 1000 >= modifiedAt;
      if (notModified) {
        record(304);
        response.writeHead(304, headers).end();
        return;
      }
      record(200);
      response.writeHead(200, headers).end(request.method === "HEAD" ? undefined : body);
    };
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}${feedPath}`,
    origin,
    requests,
    get requestCount() {
      return requests.length;
    },
    setBody(next, change) {
      body = next;
      if (change?.contentType) contentType = change.contentType;
      // Last-Modified has one-second resolution: make sure it moves.
      modifiedAt = Math.max(secondsNow(), modifiedAt + 1);
    },
    setFailure(next) {
      failure = next;
    },
    setDelay(ms) {
      delay = ms;
    },
    addRedirect(from, to, status = 302) {
      redirects.set(from, { to, status });
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function secondsNow(): number {
  return Math.floor(Date.now() / 1000);
}
