/**
 * Outgoing webhook calls (Google push notifications, Graph validation handshakes, change and
 * lifecycle notifications), each recorded so tests can inspect what was sent and how the
 * receiver answered. Failures are recorded, never retried, never thrown to the caller.
 */
import { randomUUID } from "node:crypto";

export interface Delivery {
  id: string;
  at: string;
  kind: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  status?: number;
  responseContentType?: string;
  responseBody?: string;
  error?: string;
  durationMs?: number;
}

export class Outbox {
  private deliveries: Delivery[] = [];
  private readonly pending = new Set<Promise<Delivery>>();

  /** POSTs and resolves with the recorded delivery (never rejects). */
  send(
    kind: string,
    url: string,
    options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
  ): Promise<Delivery> {
    const delivery: Delivery = {
      id: randomUUID(),
      at: new Date().toISOString(),
      kind,
      url,
      headers: options.headers ?? {},
      body: options.body ?? "",
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 5_000) this.deliveries.shift();
    const started = Date.now();
    const promise = (async () => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
          redirect: "manual",
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        delivery.status = response.status;
        delivery.responseContentType = response.headers.get("content-type") ?? undefined;
        delivery.responseBody = (await response.text()).slice(0, 10_000);
      } catch (error) {
        delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      delivery.durationMs = Date.now() - started;
      return delivery;
    })();
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
    return promise;
  }

  list(kind?: string): Delivery[] {
    return this.deliveries.filter((d) => !kind || d.kind === kind);
  }

  /** Resolves once every delivery started so far has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  clear(): void {
    this.deliveries = [];
  }
}
