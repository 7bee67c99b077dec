import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import ICAL from "ical.js";
import { afterAll, describe, expect, it } from "vitest";
import { occurrenceMatchesRule, unsafeRecurrenceReason } from "./recurrence-rule-guard";

const rule = (text: string) => ICAL.Recur.fromString(text);

describe("unsafeRecurrenceReason", () => {
  it.each([
    ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "BYMONTH and BYMONTHDAY never meet (no such date)"],
    ["FREQ=HOURLY;BYMONTH=4,6;BYMONTHDAY=31", "BYMONTH and BYMONTHDAY never meet (no such date)"],
    ["FREQ=DAILY;BYMONTHDAY=-17", "negative BYMONTHDAY is not supported with FREQ=DAILY"],
    ["FREQ=DAILY;BYDAY=1MO", "numbered BYDAY (like 1MO) is not allowed with FREQ=DAILY"],
    ["FREQ=DAILY;BYWEEKNO=20;BYMONTH=1", "BYWEEKNO is not allowed with FREQ=DAILY"],
    ["FREQ=DAILY;BYYEARDAY=100", "BYYEARDAY is not allowed with FREQ=DAILY"],
    ["FREQ=SECONDLY;BYMONTH=3", "FREQ=SECONDLY is not supported"],
    ["FREQ=MINUTELY;BYMONTHDAY=4", "FREQ=MINUTELY limited to certain days is not supported"],
  ])("refuses %s", (text, reason) => {
    expect(unsafeRecurrenceReason(rule(text), false)).toBe(reason);
  });

  it("refuses sub-daily rules for all-day series", () => {
    expect(unsafeRecurrenceReason(rule("FREQ=MINUTELY;INTERVAL=3"), true)).toBe("FREQ=MINUTELY needs a DTSTART with a time");
    expect(unsafeRecurrenceReason(rule("FREQ=DAILY;BYHOUR=9"), true)).toBe("BYHOUR/BYMINUTE/BYSECOND need a DTSTART with a time");
  });

  it.each(["FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO"])(
    "allows %s",
    (text) => {
      expect(unsafeRecurrenceReason(rule(text), false)).toBeNull();
    },
  );
});

describe("occurrenceMatchesRule", () => {
  it("rejects dates rolled over from an impossible day", () => {
    const leap = rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29");
    expect(occurrenceMatchesRule(leap, ICAL.Time.fromDateString("2028-02-29"))).toBe(true);
    expect(occurrenceMatchesRule(leap, ICAL.Time.fromDateString("2027-03-01"))).toBe(false);
    expect(occurrenceMatchesRule(rule("FREQ=MONTHLY;BYMONTHDAY=-1"), ICAL.Time.fromDateString("2026-02-28"))).toBe(true);
    expect(occurrenceMatchesRule(rule("FREQ=MONTHLY;BYMONTHDAY=-1"), ICAL.Time.fromDateString("2026-02-27"))).toBe(false);
  });
});

/**
 * Random rules, expanded in a child process with a deadline: a rule that made
 * ical.js loop forever would hang the process, and only a deadline outside it
 * can tell. Seeds are fixed, so a failure reproduces.
 */
describe("expandIcalEvents terminates for arbitrary rules", () => {
  const here = import.meta.dirname;
  const root = path.resolve(here, "../../..");
  const scratch = mkdtempSync(path.join(tmpdir(), "kairos-rrule-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  const list = <T,>(name: string, item: fc.Arbitrary<T>, maxLength = 3) =>
    fc.option(fc.uniqueArray(item, { minLength: 1, maxLength }).map((values) => `${name}=${values.join(",")}`), { nil: undefined });
  const nonZero = (min: number, max: number) => fc.integer({ min, max }).filter((n) => n !== 0);
  const rules = fc
    .tuple(
      fc.constantFrom("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"),
      fc.option(fc.integer({ min: 1, max: 4 }).map((n) => `INTERVAL=${n}`), { nil: undefined }),
      fc.option(fc.oneof(fc.integer({ min: 1, max: 40 }).map((n) => `COUNT=${n}`), fc.constant("UNTIL=20260301T000000Z")), { nil: undefined }),
      list("BYMONTH", fc.integer({ min: 1, max: 12 })),
      list("BYMONTHDAY", nonZero(-31, 31)),
      list("BYDAY", fc.tuple(fc.option(nonZero(-5, 5), { nil: undefined }), fc.constantFrom(...days)).map(([n, day]) => `${n ?? ""}${day}`)),
      list("BYHOUR", fc.integer({ min: 0, max: 23 }), 2),
      list("BYMINUTE", fc.integer({ min: 0, max: 59 }), 2),
      list("BYSETPOS", nonZero(-3, 3), 2),
      list("BYYEARDAY", nonZero(-366, 366), 2),
      list("BYWEEKNO", nonZero(-53, 53), 2),
    )
    .map(([freq, ...parts]) => [`FREQ=${freq}`, ...parts.filter(Boolean)].join(";"));

  it.each([1, 2, 3])(
    "seed %i: 300 random rules, timed and all-day",
    async (seed) => {
      const sample = fc.sample(rules, { numRuns: 300, seed });
      const rulesFile = path.join(scratch, `rules-${seed}.json`);
      writeFileSync(rulesFile, JSON.stringify(sample));
      const script = path.join(scratch, `run-${seed}.mts`);
      writeFileSync(
        script,
        `
import { readFileSync } from "node:fs";
import { expandIcalEvents } from ${JSON.stringify(path.join(here, "expand-ical-events.ts"))};
const rules = JSON.parse(readFileSync(${JSON.stringify(rulesFile)}, "utf8"));
let done = 0;
for (const rule of rules) {
  for (const start of ["DTSTART;TZID=Europe/Berlin:20250915T093000\\r\\nDURATION:PT30M", "DTSTART;VALUE=DATE:20250915"]) {
    process.stderr.write(rule + " | " + start + "\\n");
    const ics = "BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nBEGIN:VEVENT\\r\\nUID:x\\r\\n" + start + "\\r\\nRRULE:" + rule + "\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n";
    expandIcalEvents(ics, { range: { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 2, 1) }, maxIterationsPerSeries: 20000 });
  }
  done++;
}
process.stdout.write("DONE " + done);
`,
      );
      const result = await promisify(execFile)(path.join(root, "node_modules", ".bin", "tsx"), [script], {
        cwd: root,
        timeout: 45_000,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: { stderr?: string; killed?: boolean }) => {
        const last = error.stderr?.trim().split("\n").at(-1);
        throw new Error(`${error.killed ? "Timed out" : "Failed"} on: ${last}`);
      });
      expect(result.stdout).toBe("DONE 300");
    },
    60_000,
  );
});
