/**
 * The standalone runner, used the way a developer would: start `tsx e2e/emulators/run.ts`, then
 * run a separate Node process with NODE_EXTRA_CA_CERTS pointing at the printed certificate and
 * the real Graph client (no dispatcher tricks) against MICROSOFT_GRAPH_URL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { google } from "googleapis";
import { GoogleControl } from "./google/control";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

interface Started {
  google: { url: string; env: Record<string, string> };
  microsoft: { url: string; env: Record<string, string>; certPath: string };
  env: Record<string, string>;
}

let runner: ChildProcessWithoutNullStreams;
let started: Started;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(path.join(os.tmpdir(), "kairos-emulator-certs-"));
  runner = spawn(TSX, ["e2e/emulators/run.ts", "--google-port", "0", "--microsoft-port", "0", "--cert-dir", certDir, "--json"], {
    cwd: ROOT,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: "" },
  });
  let stderr = "";
  runner.stderr.on("data", (c) => (stderr += c));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: runner.stdout }).once("line", resolve);
    runner.once("exit", (code) => reject(new Error(`run.ts exited with ${code}: ${stderr}`)));
  });
  started = JSON.parse(firstLine) as Started;
}, 60_000);

afterAll(async () => {
  if (runner && runner.exitCode === null) {
    const exited = new Promise((r) => runner.once("exit", r));
    runner.kill("SIGTERM");
    await exited;
  }
  rmSync(certDir, { recursive: true, force: true });
});

/** Runs an ES module snippet in a fresh Node process and returns its stdout/exit code. */
function runNode(source: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const GRAPH_PROBE = `
const { Client } = (await import("@microsoft/microsoft-graph-client")).default;
const base = process.env.MICROSOFT_GRAPH_URL;
const minted = await (await fetch(new URL("_emulator/tokens", base), {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "alex@contoso.test" }),
})).json();
const client = Client.initWithMiddleware({
  baseUrl: base,
  customHosts: new Set([new URL(base).hostname]),
  authProvider: { getAccessToken: async () => minted.access_token },
});
const me = await client.api("/me").get();
const calendars = await client.api("/me/calendars").get();
console.log(JSON.stringify({ mail: me.mail, calendars: calendars.value.map((c) => c.name) }));
`;

describe("run.ts", () => {
  it("prints the environment that points Kairos at both emulators", () => {
    expect(Object.keys(started.env).sort()).toEqual(
      [
        "GOOGLE_API_ROOT_URL",
        "GOOGLE_CLIENT_ID",
        "GOOGLE_CLIENT_SECRET",
        "GOOGLE_OAUTH_AUTHORIZE_URL",
        "GOOGLE_OAUTH_JWKS_URL",
        "GOOGLE_OAUTH_REVOKE_URL",
        "GOOGLE_OAUTH_TOKEN_URL",
        "GOOGLE_OAUTH_USERINFO_URL",
        "MICROSOFT_CLIENT_ID",
        "MICROSOFT_CLIENT_SECRET",
        "MICROSOFT_GRAPH_URL",
        "MICROSOFT_LOGIN_URL",
        "MICROSOFT_TENANT_ID",
        "NODE_EXTRA_CA_CERTS",
      ].sort(),
    );
    expect(started.env.NODE_EXTRA_CA_CERTS).toBe(path.join(certDir, "microsoft-emulator-cert.pem"));
    expect(started.env.MICROSOFT_GRAPH_URL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(started.env.GOOGLE_API_ROOT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("serves Google to googleapis with the seeded account", async () => {
    const control = new GoogleControl(started.google.url);
    const tokens = await control.mintTokens({ email: "alex@example.com" });
    const auth = new google.auth.OAuth2();
    auth.setCredentials({ access_token: tokens.access_token });
    const list = await google.calendar({ version: "v3", auth, rootUrl: started.env.GOOGLE_API_ROOT_URL }).calendarList.list();
    expect(list.data.items?.map((c) => c.id)).toEqual(["alex@example.com"]);
  });

  it("is trusted by a separate Node process through NODE_EXTRA_CA_CERTS, and only then", async () => {
    const trusted = await runNode(GRAPH_PROBE, { MICROSOFT_GRAPH_URL: started.env.MICROSOFT_GRAPH_URL, NODE_EXTRA_CA_CERTS: started.env.NODE_EXTRA_CA_CERTS });
    expect(trusted.stderr).toBe("");
    expect(JSON.parse(trusted.stdout)).toEqual({ mail: "alex@contoso.test", calendars: ["Calendar"] });

    const untrusted = await runNode(GRAPH_PROBE, { MICROSOFT_GRAPH_URL: started.env.MICROSOFT_GRAPH_URL, NODE_EXTRA_CA_CERTS: "" });
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toMatch(/self[- ]signed|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT/i);
  });
});
