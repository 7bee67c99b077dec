-- CreateEnum
CREATE TYPE "calendar_provider" AS ENUM ('google', 'microsoft', 'caldav', 'ics');

-- CreateEnum
CREATE TYPE "calendar_connection_status" AS ENUM ('active', 'needs_reconnect', 'error');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "all_day_events_block" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "event_types" ADD COLUMN     "destination_calendar_id" TEXT;

-- CreateTable
CREATE TABLE "calendar_connections" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "provider" "calendar_provider" NOT NULL,
    "account_email" TEXT,
    "label" TEXT NOT NULL,
    "external_account_id" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "status" "calendar_connection_status" NOT NULL DEFAULT 'active',
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connected_calendars" (
    "id" TEXT NOT NULL,
    "connection_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_primary" BOOLEAN NOT NULL DEFAULT false,
    "can_write" BOOLEAN NOT NULL DEFAULT false,
    "time_zone" TEXT,
    "color" TEXT,
    "selected_for_conflicts" BOOLEAN NOT NULL DEFAULT false,
    "is_destination" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "connected_calendars_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_connections_user_id_provider_external_account_id_key" ON "calendar_connections"("user_id", "provider", "external_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_connections_id_user_id_key" ON "calendar_connections"("id", "user_id");

-- CreateIndex
CREATE INDEX "connected_calendars_user_id_idx" ON "connected_calendars"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "connected_calendars_connection_id_external_id_key" ON "connected_calendars"("connection_id", "external_id");

-- AddForeignKey
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_destination_calendar_id_fkey" FOREIGN KEY ("destination_calendar_id") REFERENCES "connected_calendars"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_connections" ADD CONSTRAINT "calendar_connections_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connected_calendars" ADD CONSTRAINT "connected_calendars_connection_id_user_id_fkey" FOREIGN KEY ("connection_id", "user_id") REFERENCES "calendar_connections"("id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema language cannot express.

-- One destination calendar per host at most: new bookings go to exactly one place.
CREATE UNIQUE INDEX "connected_calendars_one_destination_per_user" ON "connected_calendars"("user_id") WHERE "is_destination";

-- Bookings can only be written where the account may write (feeds, read-only shares cannot).
ALTER TABLE "connected_calendars" ADD CONSTRAINT "connected_calendars_destination_writable"
  CHECK (NOT "is_destination" OR "can_write");
