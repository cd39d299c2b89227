// The baseline's workflow: one workflow task, no activity, no timer. The benchmark's own worker
// registers it on a task queue of its own, so starting it measures the server's bare start rate.
export function trivialWorkflow(): Promise<number> {
  return Promise.resolve(1);
}
