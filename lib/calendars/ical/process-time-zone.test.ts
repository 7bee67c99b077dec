/**
 * The toolkit must answer the same whatever zone the server process runs in
 * (ical.js's toJSDate and ical-generator's Date formatting read the process
 * zone; we use neither). Runs the fixtures in child processes under several
 * TZ values and compares with this process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildIcalEvent } from "./build-ical-event";
import { expandIcalEvents } from "./expand-ical-events";

const run = promisify(execFile);
const here = import.meta.dirname;
const root = path.resolve(here, "../../..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const scratch = mkdtempSync(path.join(tmpdir(), "kairos-tz-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Everything the toolkit computes from the fixtures, as one JSON-able value. */
function snapshot(expand: typeof expandIcalEvents, build: typeof buildIcalEvent, read: (name: string) => string) {
  const range = { start: Date.UTC(2025, 11, 1), end: Date.UTC(2026, 11, 1) };
  const result: Record<string, unknown> = {};
  for (const [name, zone] of [
    ["google-export.ics", "Europe/Berlin"],
    ["outlook-export.ics", "America/New_York"],
    ["edge-cases.ics", "America/Chicago"],
  ]) {
    result[name] = expand(read(name), { range, defaultTimeZone: zone, selfEmails: ["alex@example.com"] });
  }
  result.built = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Tokyo", "UTC"].map((timeZone) =>
    build(
      { idempotencyKey: `k-${timeZone}`, title: "t", description: "d", start: Date.UTC(2026, 2, 29, 0, 30), end: Date.UTC(2026, 2, 29, 2), timeZone, attendees: [] },
      { now: Date.UTC(2026, 0, 1) },
    ),
  );
  return result;
}

const SCRIPT = `
import { readFileSync } from "node:fs";
import { expandIcalEvents } from ${JSON.stringify(path.join(here, "expand-ical-events.ts"))};
import { buildIcalEvent } from ${JSON.stringify(path.join(here, "build-ical-event.ts"))};
const snapshot = ${snapshot.toString()};
const read = (name) => readFileSync(${JSON.stringify(path.join(here, "fixtures"))} + "/" + name, "utf8");
process.stdout.write(JSON.stringify(snapshot(expandIcalEvents, buildIcalEvent, read)));
`;

describe("process time zone independence", () => {
  const expected = JSON.parse(JSON.stringify(snapshot(expandIcalEvents, buildIcalEvent, (name) => readFileSync(path.join(here, "fixtures", name), "utf8"))));
  const script = path.join(scratch, "snapshot.mts");
  writeFileSync(script, SCRIPT);

  it.each(["UTC", "America/Los_Angeles", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Kiritimati"])(
    "gives identical results under TZ=%s",
    async (tz) => {
      const { stdout } = await run(tsx, [script], { cwd: root, env: { ...process.env, TZ: tz }, maxBuffer: 32 * 1024 * 1024 });
      expect(JSON.parse(stdout)).toEqual(expected);
    },
    60_000,
  );
});
