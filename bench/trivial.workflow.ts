import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

// The baselines' workflows: no activity, no timer. The benchmark's own worker registers them on
// a task queue of its own, so they measure the server's bare rates.

/** One workflow task: the bare start rate. */
export function trivialWorkflow(): Promise<number> {
  return Promise.resolve(1);
}

/** Answers at once, with no activity: the bare update round trip. */
export const bumpUpdate = defineUpdate<number, [number]>('bump');
/** Lets a trivialUpdateWorkflow end. */
export const finishSignal = defineSignal('finish');

/** Stays open (as a sheet does) and answers every `bump` update in its own workflow task. */
export async function trivialUpdateWorkflow(): Promise<number> {
  let bumps = 0;
  let finished = false;
  setHandler(bumpUpdate, (by) => (bumps += by));
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return bumps;
}
