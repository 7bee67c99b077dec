/**
 * Control routes both emulators share: reset, faults, request log and outgoing
 * deliveries — one implementation, so a test steers Google and Microsoft alike.
 */
import type { FaultSpec, FaultStore } from "./faults";
import type { OAuthStore } from "./oauth-store";
import type { Outbox } from "./outbox";
import type { RequestLog } from "./request-log";
import { HttpError, json, noContent, readJsonBody, type RouteRequest, type Router } from "./router";

export function controlError(status: number, message: string): HttpError {
  return new HttpError(json(status, { error: message }));
}

export function controlBody<T = Record<string, unknown>>(request: RouteRequest): T {
  return readJsonBody<T>(request, () => controlError(400, "body is not valid JSON"));
}

/**
 * Runs a state change for a control route; a plain Error is how the emulator
 * states reject bad input (duplicate account, unknown calendar…), so it becomes
 * a 400 naming the problem instead of a 500.
 */
export function rejectAsBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Error && error.constructor === Error) throw controlError(400, error.message);
    throw error;
  }
}

export function registerSharedControlRoutes(
  router: Router,
  deps: {
    faults: FaultStore;
    log: RequestLog;
    outbox: Outbox;
    oauth: OAuthStore;
    /** Puts the emulator's own state back as it was started (its seed accounts); the shared stores are cleared here. */
    resetState: () => void;
  },
): void {
  router.post("/_emulator/reset", () => {
    deps.oauth.reset();
    deps.faults.clear();
    deps.log.clear();
    deps.outbox.clear();
    deps.resetState();
    return json(200, { ok: true });
  });

  router.post("/_emulator/faults", (request) => {
    try {
      return json(201, deps.faults.add(controlBody<FaultSpec>(request)));
    } catch (error) {
      throw controlError(400, error instanceof Error ? error.message : String(error));
    }
  });
  router.get("/_emulator/faults", () => json(200, { faults: deps.faults.list() }));
  router.delete("/_emulator/faults", () => {
    deps.faults.clear();
    return noContent();
  });
  router.delete("/_emulator/faults/:id", (request) => {
    if (!deps.faults.remove(request.params.id)) throw controlError(404, "no such fault");
    return noContent();
  });

  router.get("/_emulator/requests", (request) => {
    const q = request.query;
    const since = q.get("since");
    const filter = {
      method: q.get("method") ?? undefined,
      route: q.get("route") ?? undefined,
      pathPrefix: q.get("pathPrefix") ?? undefined,
      since: since === null ? undefined : Number(since),
    };
    return json(200, { requests: deps.log.list(filter), counts: deps.log.counts(filter), lastSeq: deps.log.lastSeq });
  });
  router.delete("/_emulator/requests", () => {
    deps.log.clear();
    return noContent();
  });

  router.get("/_emulator/deliveries", (request) => json(200, { deliveries: deps.outbox.list(request.query.get("kind") ?? undefined) }));
  router.post("/_emulator/deliveries/wait", async (request) => {
    await deps.outbox.idle();
    return json(200, { deliveries: deps.outbox.list(request.query.get("kind") ?? undefined) });
  });
  router.delete("/_emulator/deliveries", () => {
    deps.outbox.clear();
    return noContent();
  });
}
