import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { installDemoIfEmpty } from '@hyoka/demo';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { runCli } from './cli';

/** `hyoka archive …` as an operator runs it: a child process against DATABASE_URL. */
describe('hyoka archive (the way out, from the command line)', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
    await installDemoIfEmpty(source.dataSource, new Date());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-archive-cli-'));
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const counts = (db: TestDatabase) =>
    db.dataSource.query<{ g: number; s: number; v: number; u: number }[]>(
      `SELECT (SELECT count(*)::int FROM government) g, (SELECT count(*)::int FROM sheet) s,
              (SELECT count(*)::int FROM sheet_version) v, (SELECT count(*)::int FROM app_user) u`,
    );

  it('exports a government to a file and imports it into an empty database, table by table', async () => {
    const file = path.join(dir, 'city.tar.gz');
    const exported = await runCli(['archive', 'export', '--government', '999999', '--out', file], {
      DATABASE_URL: source.url,
    });
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/sheet_version/);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    const imported = await runCli(['archive', 'import', '--in', file], {
      DATABASE_URL: target.url,
    });
    expect(imported.code).toBe(0);
    const [before] = await counts(source);
    const [after] = await counts(target);
    expect(after).toEqual(before);
    expect(after!.s).toBeGreaterThan(0);

    // The same archive again: the government exists, nothing is added.
    const again = await runCli(['archive', 'import', '--in', file], { DATABASE_URL: target.url });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/999999/);
    expect((await counts(target))[0]).toEqual(before);
  });

  it('says what is missing, in one line with the usage, and exits 2', async () => {
    const noGovernment = await runCli(['archive', 'export', '--out', path.join(dir, 'x.tar.gz')], {
      DATABASE_URL: source.url,
    });
    expect(noGovernment.code).toBe(2);
    expect(noGovernment.stderr).toMatch(/--government/);
    expect(noGovernment.stderr).toMatch(/hyoka archive export/);

    const noDatabase = await runCli(
      ['archive', 'export', '--government', '999999', '--out', path.join(dir, 'y.tar.gz')],
      {},
    );
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toMatch(/DATABASE_URL/);
    expect(fs.existsSync(path.join(dir, 'y.tar.gz'))).toBe(false);
  });
});
