/**
 * The cycle screens (list and set-up, one cycle, progress) and the mail log: what the planning
 * office and administrators open from the header's 管理 link, loaded as one chunk.
 */
export { AdminCyclesScreen } from './cycles';
export { AdminCycleScreen } from './cycle';
export { AdminProgressScreen } from './progress';
export { AdminMailScreen } from './mail-log';
export { AdminCycleImportScreen } from './cycle-import';
