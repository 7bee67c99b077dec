/**
 * Case 1's host as rows: user, default schedule, event type and one booking
 * per busy block (createMany; the blocks are disjoint, as the exclusion
 * constraint requires), plus an API key for writes through the API.
 */
import { createApiKey } from "../../lib/auth/api-keys";
import type { Db } from "../../lib/db/client";
import { guestWindow, singleHost } from "./fixtures";

export const BENCH_USERNAME = "bench-host";
export const BENCH_SLUG = "slots";

export async function seedSingleHost(db: Db, now: number) {
  const { startDate, endDate, range } = guestWindow(singleHost.guestZone, singleHost.days, now);
  const user = await db.user.create({
    data: { email: "bench@example.com", name: "Bench Host", username: BENCH_USERNAME, timeZone: singleHost.hostZone },
  });
  const rules = singleHost.rules();
  await db.schedule.create({
    data: { userId: user.id, name: "Bench hours", timeZone: rules.timeZone, isDefault: true, weekly: rules.weekly, overrides: [] },
  });
  const p = singleHost.policy;
  const eventType = await db.eventType.create({
    data: {
      userId: user.id,
      slug: BENCH_SLUG,
      title: "Bench",
      durationMinutes: p.durationMinutes,
      locationType: "link",
      locationValue: "https://meet.example.com/bench",
      minimumNoticeMinutes: p.minimumNoticeMinutes,
      bufferBeforeMinutes: p.bufferBeforeMinutes,
      bufferAfterMinutes: p.bufferAfterMinutes,
      bookingWindowDays: p.bookingWindow.days,
    },
  });
  const busy = singleHost.busy(range);
  // Each busy block is one booking's blocked range (made when its event type had no buffers).
  const { count } = await db.booking.createMany({
    data: busy.map((b, i) => ({
      uid: `bench-${i}`,
      hostId: user.id,
      eventTypeId: eventType.id,
      title: `Bench booking ${i}`,
      startAt: new Date(b.start),
      endAt: new Date(b.end),
      blockedStartAt: new Date(b.start),
      blockedEndAt: new Date(b.end),
      status: "confirmed" as const,
      attendeeName: `Guest ${i}`,
      attendeeEmail: `guest${i}@example.com`,
      attendeeTimeZone: singleHost.guestZone,
      locationType: "link" as const,
      guestTokenHash: `bench-token-hash-${i}`,
    })),
  });
  if (count !== busy.length) throw new Error(`Seeded ${count} of ${busy.length} bookings.`);
  const apiKey = await createApiKey(db, user.id, "bench");
  return { startDate, endDate, range, busy, eventTypeId: eventType.id, apiKey: apiKey.key };
}
