import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, PASSWORD, setPassword, signIn } from './helpers';
import { openTaskOf } from './people';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'test-output/openapi-client');
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);
/** Redocly CLI sends usage data and checks for updates unless told not to. */
const QUIET = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

interface Problem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

interface OperationObject {
  readonly summary?: string;
  readonly security?: readonly unknown[];
  readonly responses: Readonly<Record<string, { content?: Record<string, { schema?: unknown }> }>>;
}

/**
 * The API document as a client sees it: the standard linter finds no error in it, a client
 * generated from it type-checks against a small script (test/api/openapi-client/script.ts), and
 * that script, run as its own process against this server, signs in, reads the inbox and
 * approves a sheet.
 */
describe('the OpenAPI document, as a client sees it', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let documentFile: string;

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    documentFile = path.join(OUT, 'openapi.json');
    await writeFile(documentFile, await (await system.fetch('/api/docs-json')).text());
  });
  afterAll(async () => {
    await system?.close();
  });

  it('passes Redocly’s recommended rules (redocly.yaml) with no error', async () => {
    // Exits non-zero on an error: the report is read either way.
    const { stdout } = await run(
      bin('redocly'),
      ['lint', documentFile, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json'],
      { cwd: ROOT, env: QUIET, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: Problem[];
    };
    const describe = (p: Problem) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`;
    console.log(
      `redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings` +
        report.problems
          .filter((p) => p.severity === 'warn')
          .map((p) => `\n  warning ${describe(p)}`)
          .join(''),
    );
    expect(report.problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });

  it('sums up every operation in Japanese and English, says who may call it and documents its errors', async () => {
    const doc = (await system.contract.doc()) as unknown as {
      paths: Record<string, Record<string, OperationObject>>;
    };
    const problems: string[] = [];
    for (const [route, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${route}`;
        const [ja, en] = (op.summary ?? '').split(' / ');
        if (!ja || !/[\u3040-\u30ff\u4e00-\u9fff]/.test(ja) || !en || !/^[A-Z][a-z]/.test(en))
          problems.push(`${where}: summary ${JSON.stringify(op.summary)}`);
        if (!op.security) problems.push(`${where}: no security`);
        const signedIn = (op.security ?? []).length > 0;
        for (const status of [
          ...(signedIn ? ['401', '403'] : []),
          ...(route.includes('{') ? ['404'] : []),
        ]) {
          const schema = op.responses[status]?.content?.['application/json']?.schema;
          if (JSON.stringify(schema) !== JSON.stringify({ $ref: '#/components/schemas/Error' }))
            problems.push(`${where}: ${status} is not documented with the Error shape`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The public routes say so; the others take the bearer token or the session cookie.
    expect(doc.paths['/auth/sign-in']?.['post']?.security).toEqual([]);
    expect(doc.paths['/health']?.['get']?.security).toEqual([]);
    expect(doc.paths['/public/{gov}/{programme}/{fy}/data']?.['get']?.security).toEqual([]);
    expect(doc.paths['/tasks']?.['get']?.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(Object.keys(doc.paths['/auth/sign-in']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '415', '429', '503']),
    );
    expect(Object.keys(doc.paths['/sheets/{id}/draft']?.['put']?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '422', '428']),
    );
  });

  it('generates a client that a script signing in, reading the inbox and approving a sheet type-checks against, and the script works', async () => {
    await run(bin('openapi-typescript'), [documentFile, '-o', path.join(OUT, 'api.d.ts')], {
      cwd: ROOT,
    });
    // Type-checks the script against the generated client and compiles it.
    const tsc = await run(bin('tsc'), ['-p', 'test/api/openapi-client'], { cwd: ROOT }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? 'tsc failed' }),
    );
    expect(tsc.stdout).toBe('');

    // A sheet at the section chief's stage: its task is the only one in the chief's inbox.
    const ds = system.db.dataSource;
    const sheetId = f.sheets[0]!.sheetId;
    await setPassword(ds, f.evaluatorId);
    await setPassword(ds, f.chiefId);
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(() => openTaskOf(ds, sheetId));
    const staff = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    expect((await staff.send('POST', `/sheets/${sheetId}/submit`, {})).status).toBe(200);
    const atChief = await eventually(async () => {
      const task = await openTaskOf(ds, sheetId);
      return task?.stage === 'section_chief' ? task : undefined;
    });

    const { stdout } = await run(
      process.execPath,
      [
        path.join(OUT, 'out/script.js'),
        system.baseUrl,
        f.governmentCode,
        emailOf(f, 'chief'),
        PASSWORD,
      ],
      { cwd: ROOT },
    );
    const approved = JSON.parse(stdout) as {
      taskId: string;
      sheetId: string;
      stage: string;
      state: { stage: string };
    };
    expect(approved).toMatchObject({ taskId: atChief.id, sheetId, stage: 'section_chief' });
    expect(approved.state.stage).not.toBe('section_chief');
    const next = await eventually(async () => {
      const task = await openTaskOf(ds, sheetId);
      return task && task.id !== atChief.id ? task : undefined;
    });
    expect(next.stage).toBe(approved.state.stage);
  }, 300_000);
});
