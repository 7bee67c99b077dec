-- Conference locations: a Google Meet or Microsoft Teams link made by the host's
-- calendar provider when a booking is written back (lib/booking/write-back-booking.ts).
-- ADD VALUE inside a transaction needs PostgreSQL 12 or later, and the values are not used here.

-- AlterEnum
ALTER TYPE "location_type" ADD VALUE 'google_meet';
ALTER TYPE "location_type" ADD VALUE 'microsoft_teams';
