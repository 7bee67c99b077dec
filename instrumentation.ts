/**
 * Next.js calls register() once when a server instance boots: start this
 * instance's background job worker (calendar sync, push channel renewals,
 * booking write-back). Node.js runtime only — the worker talks to PostgreSQL.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBackgroundWork } = await import("./lib/background/start-background-work");
  startBackgroundWork();
}
