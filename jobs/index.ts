/**
 * The queued sync: BullMQ queues, the run flow, its processors, the nightly scheduler, and the worker process.
 * Design (single writer, spool, publishing) in docs/jobs.md.
 */
export { enqueueRun, type RunRequest, runDeduplicationId } from './enqueue.ts';
export { followRun, type RunEnd } from './follow.ts';
export { describeRedisUrl, probeRedis, redisAnswers, withTimeout } from './redis.ts';
export { type RunSummary, runSummarySchema } from './run.ts';
export { extractQueueName, flowJobIds, QueueRuntime, queueNames, syncQueueName } from './runtime.ts';
export {
  listSchedules,
  removeSchedule,
  type ScheduleInfo,
  schedulerId,
  scheduleSchema,
  setSchedule,
} from './schedule.ts';
export { type QueueStatus, queueStatus } from './status.ts';
export { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './worker.ts';
