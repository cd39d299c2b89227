import {
  condition,
  defineSignal,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { trivialActivities } from './trivial.activities';

// The baselines' workflows: no timer, and no activity but a no-op one. The benchmark's own worker
// registers them on a task queue of its own, so they measure the server's bare rates.

/** One workflow task: the bare start rate. */
export function trivialWorkflow(): Promise<number> {
  return Promise.resolve(1);
}

/** Answers at once, with no activity: the bare update round trip. */
export const bumpUpdate = defineUpdate<number, [number]>('bump');
/** Answers after one no-op activity (as a sheet's action runs one activity): the floor of that shape. */
export const stepUpdate = defineUpdate<number, [number]>('step');
/** The same through a local activity (one workflow task, the activity run by the worker in it). */
export const localStepUpdate = defineUpdate<number, [number]>('localStep');
/** Lets a trivialUpdateWorkflow end. */
export const finishSignal = defineSignal('finish');

const acts = proxyActivities<typeof trivialActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<typeof trivialActivities>({ startToCloseTimeout: '30 seconds' });

/** Stays open (as a sheet does) and answers every update sent to it. */
export async function trivialUpdateWorkflow(): Promise<number> {
  let bumps = 0;
  let finished = false;
  setHandler(bumpUpdate, (by) => (bumps += by));
  setHandler(stepUpdate, async (by) => (bumps += await acts.noop(by)));
  setHandler(localStepUpdate, async (by) => (bumps += await local.noop(by)));
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return bumps;
}
