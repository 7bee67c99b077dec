/**
 * Helpers shared by the Microsoft emulator's tests: a Graph client wired the way the app's
 * adapter will be (baseUrl + customHosts + authProvider), trusting the emulator certificate via
 * a fetch dispatcher, and a local webhook receiver that answers Graph's validation handshake.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@microsoft/microsoft-graph-client";
import type { MicrosoftEmulator } from "./index";

export function graphClient(emu: MicrosoftEmulator, getAccessToken: () => Promise<string>): Client {
  return Client.initWithMiddleware({
    baseUrl: emu.graphBaseUrl,
    customHosts: new Set([new URL(emu.url).hostname]),
    // FetchOptions is typed after the DOM RequestInit; Node's fetch also takes `dispatcher`.
    fetchOptions: { dispatcher: emu.dispatcher } as Record<string, unknown>,
    authProvider: { getAccessToken },
  });
}

export interface ReceivedWebhook {
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP endpoint like the app's Graph webhook: answers `?validationToken=` by echoing it as
 * text/plain (unless told to misbehave) and records every notification.
 */
export async function startWebhookReceiver(options: { validation?: "echo" | "wrong" | "status500" } = {}) {
  const received: ReceivedWebhook[] = [];
  let waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://receiver");
      const token = url.searchParams.get("validationToken");
      if (token !== null) {
        if (options.validation === "status500") res.writeHead(500).end();
        else res.writeHead(200, { "content-type": "text/plain" }).end(options.validation === "wrong" ? "nope" : token);
      } else {
        res.writeHead(202).end();
      }
      received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body });
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    /** Notifications (not validation requests) that arrived at `path`. */
    notifications: (path: string) =>
      received.filter((r) => r.path === path && !r.query.has("validationToken")).map((r) => JSON.parse(r.body) as { value: Array<Record<string, unknown>> }),
    async waitFor(predicate: () => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error("webhook did not arrive in time");
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
