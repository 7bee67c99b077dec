-- CreateEnum
CREATE TYPE "slot_alignment" AS ENUM ('interval', 'hour');

-- CreateEnum
CREATE TYPE "booking_window_type" AS ENUM ('rolling', 'calendar_days', 'range');

-- AlterTable
ALTER TABLE "event_types" ADD COLUMN     "align_starts_to" "slot_alignment" NOT NULL DEFAULT 'interval',
ADD COLUMN     "booking_window_end" DATE,
ADD COLUMN     "booking_window_start" DATE,
ADD COLUMN     "booking_window_type" "booking_window_type" NOT NULL DEFAULT 'rolling',
ADD COLUMN     "duration_options" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "limits" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "slot_interval_minutes" INTEGER;

-- CreateTable
CREATE TABLE "out_of_office" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "out_of_office_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "out_of_office_user_id_end_date_idx" ON "out_of_office"("user_id", "end_date");

-- AddForeignKey
ALTER TABLE "out_of_office" ADD CONSTRAINT "out_of_office_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema language cannot express.

-- A range window has both dates, in order, and the other kinds have neither.
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_booking_window_range" CHECK (
  ("booking_window_type" = 'range' AND "booking_window_start" IS NOT NULL AND "booking_window_end" IS NOT NULL AND "booking_window_start" <= "booking_window_end")
  OR ("booking_window_type" <> 'range' AND "booking_window_start" IS NULL AND "booking_window_end" IS NULL)
);
ALTER TABLE "event_types" ADD CONSTRAINT "event_types_slot_interval_positive"
  CHECK ("slot_interval_minutes" IS NULL OR "slot_interval_minutes" > 0);

-- Out-of-office ranges are inclusive date ranges: one day at least.
ALTER TABLE "out_of_office" ADD CONSTRAINT "out_of_office_date_order" CHECK ("start_date" <= "end_date");
