-- Real-time sync (busy store, sync state, push channels), durable jobs and booking write-back state.

-- CreateEnum
CREATE TYPE "write_back_status" AS ENUM ('none', 'pending', 'synced', 'failed');

-- CreateEnum
CREATE TYPE "push_channel_status" AS ENUM ('active', 'stopped');

-- CreateEnum
CREATE TYPE "job_state" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN     "calendar_event_calendar_id" TEXT,
ADD COLUMN     "calendar_event_id" TEXT,
ADD COLUMN     "conference_url" TEXT,
ADD COLUMN     "write_back_error" TEXT,
ADD COLUMN     "write_back_status" "write_back_status" NOT NULL DEFAULT 'none',
ADD COLUMN     "write_back_updated_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "external_events" (
    "calendar_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "series_id" TEXT,
    "start_at" TIMESTAMPTZ(3) NOT NULL,
    "end_at" TIMESTAMPTZ(3) NOT NULL,
    "all_day" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "show_as" TEXT NOT NULL,
    "self_response" TEXT,
    "etag" TEXT,
    "provider_updated_at" TIMESTAMPTZ(3),
    "synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "external_events_pkey" PRIMARY KEY ("calendar_id","external_id")
);

-- CreateTable
CREATE TABLE "calendar_sync_states" (
    "calendar_id" TEXT NOT NULL,
    "cursor" TEXT,
    "synced_from" TIMESTAMPTZ(3),
    "synced_to" TIMESTAMPTZ(3),
    "last_synced_at" TIMESTAMPTZ(3),
    "last_full_sync_at" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "next_poll_at" TIMESTAMPTZ(3),
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_sync_states_pkey" PRIMARY KEY ("calendar_id")
);

-- CreateTable
CREATE TABLE "push_channels" (
    "id" TEXT NOT NULL,
    "calendar_id" TEXT NOT NULL,
    "provider" "calendar_provider" NOT NULL,
    "external_id" TEXT,
    "secret_hash" TEXT NOT NULL,
    "status" "push_channel_status" NOT NULL DEFAULT 'active',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_notification_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "push_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "state" "job_state" NOT NULL DEFAULT 'queued',
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 10,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL,
    "job_id" TEXT,
    "kind" TEXT NOT NULL,
    "subject_id" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "result" JSONB,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "external_events_series_id_idx" ON "external_events"("series_id");

-- CreateIndex
CREATE INDEX "calendar_sync_states_next_poll_at_idx" ON "calendar_sync_states"("next_poll_at");

-- CreateIndex
CREATE INDEX "push_channels_calendar_id_idx" ON "push_channels"("calendar_id");

-- CreateIndex
CREATE INDEX "push_channels_provider_external_id_idx" ON "push_channels"("provider", "external_id");

-- CreateIndex
CREATE INDEX "push_channels_status_expires_at_idx" ON "push_channels"("status", "expires_at");

-- CreateIndex
CREATE INDEX "jobs_state_run_at_idx" ON "jobs"("state", "run_at");

-- CreateIndex
CREATE INDEX "job_runs_subject_id_started_at_idx" ON "job_runs"("subject_id", "started_at");

-- CreateIndex
CREATE INDEX "job_runs_kind_started_at_idx" ON "job_runs"("kind", "started_at");

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_calendar_event_calendar_id_fkey" FOREIGN KEY ("calendar_event_calendar_id") REFERENCES "connected_calendars"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "external_events" ADD CONSTRAINT "external_events_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "connected_calendars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_sync_states" ADD CONSTRAINT "calendar_sync_states_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "connected_calendars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "push_channels" ADD CONSTRAINT "push_channels_calendar_id_fkey" FOREIGN KEY ("calendar_id") REFERENCES "connected_calendars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Range lookups of the busy store: which occurrences of these calendars overlap a window
-- (btree_gist is installed by 0001_init for the bookings exclusion constraint).
CREATE INDEX "external_events_calendar_range_idx" ON "external_events" USING gist ("calendar_id", tstzrange("start_at", "end_at"));

ALTER TABLE "external_events" ADD CONSTRAINT "external_events_range_check" CHECK ("end_at" >= "start_at");
ALTER TABLE "external_events" ADD CONSTRAINT "external_events_status_check" CHECK ("status" IN ('confirmed', 'tentative'));
ALTER TABLE "external_events" ADD CONSTRAINT "external_events_show_as_check" CHECK ("show_as" IN ('busy', 'free'));

-- One queued job per key: enqueueing the same key again merges into it (debounce and dedupe).
-- A running job with the key may coexist, so a change that arrives during a sync gets its own run.
CREATE UNIQUE INDEX "jobs_queued_key_key" ON "jobs"("key") WHERE "state" = 'queued';

ALTER TABLE "jobs" ADD CONSTRAINT "jobs_attempts_check" CHECK ("attempts" >= 0 AND "max_attempts" >= 1);
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_outcome_check" CHECK ("outcome" IN ('succeeded', 'retrying', 'failed'));
