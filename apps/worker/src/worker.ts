import { type NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '@hyoka/activities';

export interface HyokaWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly deps: ActivityDeps;
  /** Path of the prebuilt workflow bundle (`dist/workflow-bundle.js`). */
  readonly workflowBundlePath: string;
  readonly identity?: string;
}

/** The worker: registers every workflow (from the prebuilt bundle) and every activity. */
export function createHyokaWorker(options: HyokaWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: options.workflowBundlePath },
    activities: createActivities(options.deps),
    ...(options.identity ? { identity: options.identity } : {}),
  });
}
