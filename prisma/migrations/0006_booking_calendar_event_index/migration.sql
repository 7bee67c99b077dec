-- Availability skips the busy-store copies of the host's own bookings (events Kairos wrote back) by this pair.
-- CreateIndex
CREATE INDEX "bookings_calendar_event_calendar_id_calendar_event_id_idx" ON "bookings"("calendar_event_calendar_id", "calendar_event_id");

