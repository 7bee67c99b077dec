export { enqueueJob, type EnqueueOptions } from "./enqueue-job";
export { wakeJobWorkers } from "./wake-job-workers";
export { runDueJobs, drainJobs, backoffMs, type JobHandler, type JobHandlers, type JobContext, type JobOutcome } from "./run-due-jobs";
export { startJobWorker, type JobWorker, type PeriodicTask } from "./job-worker";
export { RetryJobLater, PermanentJobError } from "./job-errors";
export type { JobKind, JobPayloads, RemovedPushChannel, SyncReason } from "./job-kinds";
