/**
 * @hyoka/demo — the fictional サンプル市 (code 999999) for demonstrations and tests:
 * `loadDemoData(dataSource, { fiscalYear })` and `isDatabaseEmpty(dataSource)`.
 */
export {
  isDatabaseEmpty,
  loadDemoData,
  type DemoCounts,
  type DemoDataSummary,
  type LoadDemoDataOptions,
} from './load';
export { DEMO_GOVERNMENT } from './catalog';
export { installDemoIfEmpty, type DemoInstallation } from './start';
export { DEMO_ACCOUNTS, DEMO_PASSWORD, demoSignInHint, setDemoPasswords } from './sign-in';
