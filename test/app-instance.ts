/**
 * Several app instances for one test: each a separate Node process
 * (test/app-instance-server.ts run by tsx) with its own database pool, slot
 * cache store and Redis connections, serving the real slots and bookings
 * routes. What the tests of the shared slot cache need to show that a change
 * made through one instance reaches another.
 *
 *   const a = await startAppInstance({ DATABASE_URL: url, REDIS_URL: redis.url });
 *   const res = await fetch(`${a.url}/api/v1/slots?…`);
 *   await a.stop();
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { stopProcess } from "./radicale";

export interface AppInstance {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** What the instance wrote to stdout and stderr so far (its log lines). */
  output(): string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, "..");

/** Starts an instance with `env` on top of this process's environment. */
export async function startAppInstance(env: Record<string, string | undefined>): Promise<AppInstance> {
  const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["test/app-instance-server.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The app instance did not start within 3 minutes:\n${output}`)), 180_000);
    const check = () => {
      const match = /listening (http:\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The app instance exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      child.stdin.end();
      await stopProcess(child);
    },
  };
}
