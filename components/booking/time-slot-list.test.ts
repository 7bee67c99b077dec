/**
 * A group event's times say how many spots are left, on the button and in its
 * accessible name; ordinary times stay named by the time alone.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { spotsLeftPhrase, TimeSlotList, type Slot } from "./time-slot-list";

function render(slots: Slot[]): string {
  return renderToStaticMarkup(createElement(TimeSlotList, { slots, zone: "UTC", hourCycle: "h12", onPick: () => {}, labelledBy: "day" }));
}

describe("TimeSlotList", () => {
  it("names a seated time by its time and the spots it has left", () => {
    const html = render([
      { start: "2026-12-07T10:00:00.000Z", end: "2026-12-07T10:30:00.000Z", seatsRemaining: 3 },
      { start: "2026-12-07T11:00:00.000Z", end: "2026-12-07T11:30:00.000Z", seatsRemaining: 1 },
    ]);
    expect(html).toContain('aria-label="10:00 AM, 3 spots left"');
    expect(html).toContain('aria-label="11:00 AM, 1 spot left"');
    expect(html).toContain(">3 spots left</span>");
    expect(html).toContain(">1 spot left</span>");
  });

  it("leaves ordinary times named by their text, the time", () => {
    const html = render([{ start: "2026-12-07T10:00:00.000Z", end: "2026-12-07T10:30:00.000Z" }]);
    expect(html).not.toContain(" aria-label=");
    expect(html).not.toContain("left");
    expect(html).toMatch(/>10:00 AM<\/button>/);
  });
});

describe("spotsLeftPhrase", () => {
  it("counts spots in the singular and plural", () => {
    expect(spotsLeftPhrase(1)).toBe("1 spot left");
    expect(spotsLeftPhrase(2)).toBe("2 spots left");
  });
});
