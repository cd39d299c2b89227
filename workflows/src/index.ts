// The workflow bundle's entry: export workflow functions only. Nothing here may import Node
// built-ins, the database, mail or NestJS (enforced by lint).
export { wiringCheckWorkflow } from './wiring-check.workflow';
export { sheetWorkflow } from './sheet/sheet.workflow';
export { cycleWorkflow } from './cycle/cycle.workflow';
export { digestRunWorkflow, remindersWorkflow } from './reminders/reminders.workflow';
export type { WiringCheckInput, WiringCheckResult } from './wiring-check.workflow';
export type { CycleWorkflowInput } from './cycle/cycle.workflow';
export type {
  DigestRunInput,
  DigestRunResult,
  RemindersWorkflowInput,
} from './reminders/reminders.workflow';
