// The name each workflow is registered and started under: its exported function's name, written
// once. `satisfies` makes a misspelt name a compile error (it must be an export of the bundle's
// entry), and `WorkflowOf` pairs each name with its function's type, so starts are typed without
// importing workflow code into the API or activities.
import type * as workflows from './index';

type Workflows = typeof workflows;

export const workflowTypes = {
  sheet: 'sheetWorkflow',
  cycle: 'cycleWorkflow',
  reminders: 'remindersWorkflow',
  digestRun: 'digestRunWorkflow',
  wiringCheck: 'wiringCheckWorkflow',
} as const satisfies Record<string, keyof Workflows>;

export type WorkflowKind = keyof typeof workflowTypes;

/** The workflow function (its type) registered under a kind's name. */
export type WorkflowOf<K extends WorkflowKind> = Workflows[(typeof workflowTypes)[K]];
