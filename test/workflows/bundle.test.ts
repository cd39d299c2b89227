import * as fs from 'node:fs';
import { testEnvironment } from '../support/environment';

/**
 * The worker evaluates the workflow bundle's modules once per workflow run it keeps in memory
 * (the SDK's reusable V8 context gives every run its own module cache), so whatever a module
 * builds when it loads is paid per cached sheet. Keep the bundle to the SDK, the workflow code
 * and the few pure helpers it needs; a new import must be added here on purpose.
 */
describe('workflow bundle', () => {
  const code = fs.readFileSync(testEnvironment().workflowBundlePath, 'utf8');
  const modules = [...code.matchAll(/^\/\*\*\*\/ "(\.\/[^"]+)"$/gm)].map((m) => m[1]!);

  it('holds only the SDK, the workflow code, the pipeline rules and the business-day helpers', () => {
    expect(modules.length).toBeGreaterThan(10);
    const packages = new Set(
      modules
        .filter((m) => m.startsWith('./node_modules/'))
        .map((m) => /^\.\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m)![1]),
    );
    expect([...packages].sort()).toEqual([
      '@temporalio/common',
      '@temporalio/workflow',
      'long',
      'ms',
      'nexus-rpc',
    ]);
    const own = modules.filter((m) => !m.startsWith('./node_modules/'));
    expect(own.filter((m) => !m.startsWith('./workflows/src/')).sort()).toEqual([
      './libs/calendar/src/business-days.ts',
      './libs/calendar/src/holiday-dates.generated.ts',
      './libs/calendar/src/holiday-dates.ts',
      './libs/calendar/src/iso-date.ts',
      './libs/domain/src/pipeline/limits.ts',
      './libs/domain/src/pipeline/rules.ts',
    ]);
  });

  it('leaves out the typed clients the API and activities call workflows with', () => {
    const own = modules.filter((m) => m.startsWith('./workflows/src/'));
    expect(own).toContain('./workflows/src/sheet/sheet.workflow.ts');
    expect(own.filter((m) => /\/client\.ts$|workflow-types\.ts$/.test(m))).toEqual([]);
  });
});
