-- Seats: several guests share one meeting of a seated event type.

-- AlterTable
ALTER TABLE "event_types" ADD COLUMN     "seats_per_slot" INTEGER;

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN     "seat_group_id" TEXT;

-- CreateIndex
CREATE INDEX "bookings_seat_group_id_idx" ON "bookings"("seat_group_id");


-- Hand-written: what Prisma's schema language cannot express.

-- One guest per meeting is spelled NULL, never 1, so "seated" has one test.
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_seats_per_slot_range"
  CHECK ("seats_per_slot" IS NULL OR "seats_per_slot" BETWEEN 2 AND 1000);

-- Double booking stays impossible by construction, now with seats: two live
-- bookings of one host may overlap only when they are seats of the same
-- meeting (same seat group). An ordinary booking is a group of its own (its
-- id), so for it nothing changes. That seats of one meeting share its exact
-- start and end, and that a meeting holds no more guests than its seats, is
-- checked under the host's booking lock (lib/booking/create-booking.ts).
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_no_overlap";
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist (
    "host_id" WITH =,
    tstzrange("blocked_start_at", "blocked_end_at") WITH &&,
    (COALESCE("seat_group_id", "id")) WITH <>
  )
  WHERE ("status" <> 'cancelled');
