import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../time";
import { planSync } from "./plan-sync";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const WINDOW = { start: Date.parse("2026-03-09T00:00:00Z"), end: NOW + 365 * DAY_MS };

describe("planSync", () => {
  it("covers the start of yesterday (UTC) to now + the horizon", () => {
    expect(planSync({ now: NOW, horizonDays: 365, state: null }).window).toEqual(WINDOW);
    // Just after midnight UTC, "yesterday" is the day that just ended.
    expect(planSync({ now: Date.parse("2026-03-10T00:00:01Z"), horizonDays: 30, state: null }).window.start).toBe(Date.parse("2026-03-09T00:00:00Z"));
  });

  it("lists in full without a cursor, or when asked", () => {
    expect(planSync({ now: NOW, horizonDays: 365, state: null })).toEqual({ window: WINDOW, cursor: null, fullBecause: "no_cursor" });
    expect(planSync({ now: NOW, horizonDays: 365, state: { cursor: null, syncedTo: null } }).fullBecause).toBe("no_cursor");
    const state = { cursor: "token", syncedTo: new Date(WINDOW.end) };
    expect(planSync({ now: NOW, horizonDays: 365, state, full: true })).toEqual({ window: WINDOW, cursor: null, fullBecause: "requested" });
  });

  it("continues from the cursor while the stored horizon is within a day of the wanted one", () => {
    const state = { cursor: "token", syncedTo: new Date(NOW - 12 * HOUR_MS + 365 * DAY_MS) };
    expect(planSync({ now: NOW, horizonDays: 365, state })).toEqual({ window: WINDOW, cursor: "token" });
    // A shorter horizon than stored (the setting was lowered) needs nothing new.
    expect(planSync({ now: NOW, horizonDays: 90, state }).cursor).toBe("token");
  });

  it("lists in full again once the horizon rolled more than a day (series must be expanded further)", () => {
    const state = { cursor: "token", syncedTo: new Date(NOW - 25 * HOUR_MS + 365 * DAY_MS) };
    expect(planSync({ now: NOW, horizonDays: 365, state })).toMatchObject({ cursor: null, fullBecause: "horizon" });
    // A longer horizon configured.
    expect(planSync({ now: NOW, horizonDays: 400, state: { cursor: "token", syncedTo: new Date(WINDOW.end) } }).fullBecause).toBe("horizon");
    expect(planSync({ now: NOW, horizonDays: 365, state: { cursor: "token", syncedTo: null } }).fullBecause).toBe("horizon");
  });
});
