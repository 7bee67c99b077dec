/**
 * Runs both provider emulators standalone and prints how to point Kairos at them.
 *
 *   npx tsx e2e/emulators/run.ts [--google-port 4100] [--microsoft-port 4101] [--host 127.0.0.1]
 *       [--cert-dir DIR] [--time-zone Europe/Berlin] [--tenant-id GUID]
 *       [--google-account ada@example.com …] [--microsoft-user grace@contoso.test …] [--no-seed] [--json]
 *
 * Port 0 picks a free port. The Microsoft certificate is kept in --cert-dir (default
 * $TMPDIR/kairos-emulators) and reused across restarts, so a dev server started with
 * NODE_EXTRA_CA_CERTS pointing at it keeps trusting the emulator.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startGoogleEmulator } from "./google/index";
import { startMicrosoftEmulator } from "./microsoft/index";

const { values } = parseArgs({
  options: {
    "google-port": { type: "string", default: "4100" },
    "microsoft-port": { type: "string", default: "4101" },
    host: { type: "string", default: "127.0.0.1" },
    "cert-dir": { type: "string", default: path.join(os.tmpdir(), "kairos-emulators") },
    "time-zone": { type: "string", default: "UTC" },
    // Stable, so MICROSOFT_TENANT_ID in .env.local stays right across restarts.
    "tenant-id": { type: "string", default: "b5a1c0de-7e57-4a1e-9c0d-000000000001" },
    "google-account": { type: "string", multiple: true },
    "microsoft-user": { type: "string", multiple: true },
    "no-seed": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(readFileSync(__filename, "utf8").split("*/")[0]);
  process.exit(0);
}

const port = (value: string, name: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`--${name} must be a port number`);
  return n;
};
const timeZone = values["time-zone"];
const googleAccounts = values["no-seed"] ? [] : (values["google-account"] ?? ["alex@example.com"]);
const microsoftUsers = values["no-seed"] ? [] : (values["microsoft-user"] ?? ["alex@contoso.test"]);

async function main() {
  const google = await startGoogleEmulator({
    port: port(values["google-port"], "google-port"),
    host: values.host,
    accounts: googleAccounts.map((email) => ({ email, timeZone })),
  });
  const microsoft = await startMicrosoftEmulator({
    port: port(values["microsoft-port"], "microsoft-port"),
    host: values.host,
    certDir: values["cert-dir"],
    reuseCertificate: true,
    tenantId: values["tenant-id"],
    users: microsoftUsers.map((email) => ({ email, timeZone })),
  });
  const env = { ...google.env, ...microsoft.env };

  if (values.json) {
    console.log(JSON.stringify({ google: { url: google.url, env: google.env }, microsoft: { url: microsoft.url, env: microsoft.env, certPath: microsoft.certPath }, env }));
  } else {
    console.log(`Kairos provider emulators running
  Google    ${google.url}   OAuth 2.0 + Calendar v3      control API: ${google.url}/_emulator/
  Microsoft ${microsoft.url}  Entra ID v2.0 + Graph v1.0   control API: ${microsoft.url}/_emulator/
  Accounts: Google ${googleAccounts.join(", ") || "(none)"}; Microsoft ${microsoftUsers.join(", ") || "(none)"} (${timeZone})

Point Kairos at them (e.g. in .env.local, then restart the dev server —
NODE_EXTRA_CA_CERTS is only read when a Node process starts):

${Object.entries(env)
  .map(([k, v]) => `${k}=${v}`)
  .join("\n")}

Sign-in needs no screen: authorize redirects straight back as the first account (or login_hint,
or POST ${google.url}/_emulator/next-sign-in {"email": …}). Ctrl+C stops both.`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([google.stop(), microsoft.stop()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
