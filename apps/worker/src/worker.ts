import {
  type ActivityInterceptorsFactory,
  type NativeConnection,
  Worker,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '@hyoka/activities';

export interface HyokaWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly deps: ActivityDeps;
  /** Path of the prebuilt workflow bundle (`dist/workflow-bundle.js`). */
  readonly workflowBundlePath: string;
  readonly identity?: string;
  /** Activity interceptors (the worker process logs each request's id with its activities). */
  readonly activityInterceptors?: ActivityInterceptorsFactory[];
  /** Workflows kept in memory between tasks (default 300). */
  readonly maxCachedWorkflows?: number;
  /**
   * After `shutdown()`, how long running activities may go on before they are asked to stop (an
   * attempt that stops is retried elsewhere); the worker gives up this much later still.
   */
  readonly shutdownGraceMs?: number;
}

/** After the grace period, how long the worker waits for activities that ignore cancellation. */
const SHUTDOWN_FORCE_AFTER_GRACE_MS = 10_000;

/** The worker: registers every workflow (from the prebuilt bundle) and every activity. */
export function createHyokaWorker(options: HyokaWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: options.workflowBundlePath },
    activities: createActivities(options.deps),
    // Sheets wait on people for days: keep a bounded set in memory and replay the rest on demand
    // (the SDK's default, sized from the heap, held ~1 GB at 10,000 open sheets).
    maxCachedWorkflows: options.maxCachedWorkflows ?? 300,
    // SIGTERM: stop polling, let running activities finish (or hand them back), then exit.
    ...(options.shutdownGraceMs !== undefined
      ? {
          shutdownGraceTime: options.shutdownGraceMs,
          shutdownForceTime: options.shutdownGraceMs + SHUTDOWN_FORCE_AFTER_GRACE_MS,
        }
      : {}),
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.activityInterceptors
      ? { interceptors: { activity: options.activityInterceptors } }
      : {}),
  });
}
