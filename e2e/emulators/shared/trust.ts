/**
 * Trusting the Microsoft emulator's self-signed certificate inside an already running Node
 * process. NODE_EXTRA_CA_CERTS is read once at process start, so in-process tests instead hand
 * fetch a dispatcher (an undici Agent) whose TLS options carry the emulator's PEM as `ca`.
 *
 * Node 20 bundles undici but does not expose it as an importable module (and the project does
 * not install the `undici` package), so the Agent class is taken from Node's own global
 * dispatcher, which is an undici Agent unless someone replaced it.
 */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

type AgentConstructor = new (options: { connect: { ca: string | string[] } }) => object;

async function undiciAgentClass(): Promise<AgentConstructor> {
  let dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  if (!dispatcher) {
    // The global dispatcher is created lazily by the first fetch; a data: URL needs no network.
    await (await fetch("data:text/plain,init")).text();
    dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  }
  const ctor = (dispatcher as { constructor?: { name?: string } } | undefined)?.constructor;
  if (!ctor || ctor.name !== "Agent") {
    throw new Error(
      "Node's global fetch dispatcher is not an undici Agent; start the process with NODE_EXTRA_CA_CERTS=<emulator cert> instead",
    );
  }
  return ctor as unknown as AgentConstructor;
}

/**
 * A fetch `dispatcher` that trusts `caPem` (in addition to nothing else: it is meant for the
 * emulator's origin only). Use as `fetch(url, { dispatcher })`, or with the Graph client as
 * `Client.initWithMiddleware({ …, fetchOptions: { dispatcher } })`.
 */
export async function createTrustingDispatcher(caPem: string): Promise<object> {
  const Agent = await undiciAgentClass();
  return new Agent({ connect: { ca: caPem } });
}

/** Closes a dispatcher made by createTrustingDispatcher (lets the process exit promptly). */
export async function closeDispatcher(dispatcher: object): Promise<void> {
  const close = (dispatcher as { close?: () => Promise<void> }).close;
  if (typeof close === "function") await close.call(dispatcher);
}
