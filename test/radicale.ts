/**
 * A real Radicale CalDAV server for tests: its own config, user file and
 * storage in a temp dir, on a free port of 127.0.0.1. Uses Debian's package
 * (`apt-get install radicale python3-tz`): /usr/bin/radicale runs with
 * /usr/bin/python3, which has the radicale module — not a pyenv or venv
 * python3 first on PATH. pytz is only "recommended" by the package, yet
 * without it Radicale refuses every event that has a TZID.
 *
 *   const radicale = await startRadicale();
 *   … radicale.url, radicale.username, radicale.password …
 *   await radicale.stop();
 *
 * Suites skip with RADICALE_MISSING_MESSAGE when radicaleAvailable() is false.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const RADICALE_BIN = "/usr/bin/radicale";
const DEBIAN_PYTHON = "/usr/bin/python3";

export const RADICALE_MISSING_MESSAGE =
  "Radicale is not installed: CalDAV integration tests are skipped. Install Debian's packages: sudo apt-get install -y radicale python3-tz";

export interface RadicaleServer {
  /** Server root, e.g. http://127.0.0.1:40123/ */
  url: string;
  username: string;
  password: string;
  /** The user's calendar home, e.g. http://127.0.0.1:40123/alice/ */
  homeUrl: string;
  stop(): Promise<void>;
}

let available: boolean | undefined;

/** True when Debian's radicale, its python module and pytz are installed. */
export function radicaleAvailable(): boolean {
  if (available === undefined) {
    available =
      existsSync(RADICALE_BIN) &&
      existsSync(DEBIAN_PYTHON) &&
      spawnSync(DEBIAN_PYTHON, ["-c", "import radicale, pytz"], { env: debianEnv(), stdio: "ignore" }).status === 0;
  }
  return available;
}

/** `port`: a fixed port (e.g. the e2e run's); default a free one, retried if taken meanwhile. */
export async function startRadicale(options: { username?: string; password?: string; port?: number } = {}): Promise<RadicaleServer> {
  if (!radicaleAvailable()) throw new Error(RADICALE_MISSING_MESSAGE);
  const username = options.username ?? "alice";
  const password = options.password ?? "correct horse battery staple";

  const dir = mkdtempSync(path.join(tmpdir(), "kairos-radicale-"));
  writeFileSync(path.join(dir, "users"), `${username}:${password}\n`);

  let lastError: unknown;
  // The port is free when we pick it; another process may take it before
  // Radicale binds, so try a few.
  for (let attempt = 0; attempt < (options.port ? 1 : 3); attempt++) {
    const port = options.port ?? (await freePort());
    const configFile = path.join(dir, "config");
    writeFileSync(
      configFile,
      [
        "[server]",
        `hosts = 127.0.0.1:${port}`,
        "[auth]",
        "type = htpasswd",
        `htpasswd_filename = ${path.join(dir, "users")}`,
        "htpasswd_encryption = plain",
        // Radicale waits ~1 s after a failed login by default; tests try wrong passwords.
        "delay = 0",
        "[rights]",
        "type = owner_only",
        "[storage]",
        `filesystem_folder = ${path.join(dir, "collections")}`,
        "[web]",
        "type = none",
        "[logging]",
        "level = warning",
        "",
      ].join("\n"),
    );

    const child = spawn(RADICALE_BIN, ["--config", configFile], { env: debianEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));

    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitUntilServing(url, child, () => output);
      return {
        url,
        username,
        password,
        homeUrl: `${url}${encodeURIComponent(username)}/`,
        async stop() {
          await stopProcess(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      await stopProcess(child);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** PATH without pyenv shims, so nothing Radicale starts picks another python. */
function debianEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: "/usr/local/bin:/usr/bin:/bin" };
  for (const key of Object.keys(env)) if (key.startsWith("PYENV") || key === "PYTHONPATH" || key === "PYTHONHOME" || key === "VIRTUAL_ENV") delete env[key];
  return env;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Radicale exited with code ${child.exitCode}:\n${output()}`);
    try {
      // Any HTTP answer (401 without credentials) means it is serving.
      await fetch(url, { method: "OPTIONS", signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Radicale did not start serving ${url} within 15 s:\n${output()}`);
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
