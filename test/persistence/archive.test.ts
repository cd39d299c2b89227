import { PassThrough, Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import * as tar from 'tar-stream';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { csvRecords } from '../../apps/api/src/common/csv';
import { installDemoIfEmpty } from '@hyoka/demo';
import {
  ARCHIVE_EXCLUDED_TABLES,
  ARCHIVE_TABLES,
  ArchiveError,
  ArchiveRepository,
  exportGovernment,
  importGovernment,
  type ArchiveManifest,
} from '@hyoka/persistence';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { startTestSystem, type TestSystem } from '../support/system';
import { setPassword, signIn } from '../api/helpers';

const CODE = '999999';

async function exportToBuffer(
  db: TestDatabase,
): Promise<{ bytes: Buffer; manifest: ArchiveManifest }> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const manifest = await exportGovernment(new ArchiveRepository(db.dataSource), CODE, sink, {
    csvRecords,
  });
  return { bytes: Buffer.concat(chunks), manifest };
}

async function untar(bytes: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = pipeline(Readable.from([bytes]), createGunzip(), extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    files.set(entry.header.name, Buffer.concat(chunks));
  }
  await done;
  return files;
}

const counts = (db: TestDatabase) =>
  db.dataSource.query<{ g: string; s: string; v: string }[]>(
    `SELECT (SELECT count(*) FROM government) g, (SELECT count(*) FROM sheet) s, (SELECT count(*) FROM sheet_version) v`,
  );

describe('government archive', () => {
  let source: TestDatabase;
  let archive: Buffer;
  let manifest: ArchiveManifest;

  beforeAll(async () => {
    source = await createTestDatabase();
    await installDemoIfEmpty(source.dataSource, new Date());
    ({ bytes: archive, manifest } = await exportToBuffer(source));
  });
  afterAll(async () => {
    await source?.drop();
  });

  it('exports or explicitly leaves out every table of the database', async () => {
    const tables = await new ArchiveRepository(source.dataSource).databaseTables();
    const declared = [
      ...ARCHIVE_TABLES.map((t) => t.name),
      ...Object.keys(ARCHIVE_EXCLUDED_TABLES),
    ];
    expect(tables.filter((t) => !declared.includes(t))).toEqual([]);
    expect(declared.filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('writes a manifest, JSONL and Excel-ready CSV for every table, without password hashes', async () => {
    const files = await untar(archive);
    expect([...files.keys()][0]).toBe('manifest.json');
    expect(manifest.schemaVersion).toMatch(/\d{13}$/);
    expect(manifest.tables.map((t) => t.name)).toEqual(ARCHIVE_TABLES.map((t) => t.name));
    const sheets = manifest.tables.find((t) => t.name === 'sheet');
    expect(sheets?.rows).toBe(120);
    const users = files.get('app_user.csv');
    expect(users?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse<Record<string, string>>(users!.toString('utf8'), {
      bom: true,
      columns: true,
    });
    expect(records).toHaveLength(57);
    expect(Object.keys(records[0]!)).not.toContain('password_hash');
    expect(records.map((r) => r['email'])).toContain('admin@sample-city.example');
    expect(files.get('app_user.jsonl')!.toString('utf8')).not.toContain('password_hash');
    expect(files.get('app_user.jsonl')!.toString('utf8')).not.toContain('$argon2');
    const versions = files.get('sheet_version.jsonl')!.toString('utf8').trim().split('\n');
    expect(versions).toHaveLength(manifest.tables.find((t) => t.name === 'sheet_version')!.rows);
    expect(manifest.tables.every((t) => files.has(t.csv.path) && files.has(t.jsonl.path))).toBe(
      true,
    );
  });

  describe('imported into a fresh database', () => {
    let target: TestDatabase;
    let a: TestSystem;
    let b: TestSystem;
    beforeAll(async () => {
      target = await createTestDatabase();
      await importGovernment(new ArchiveRepository(target.dataSource), Readable.from([archive]));
      a = await startTestSystem({ database: source, worker: false });
      b = await startTestSystem({ database: target, worker: false });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await target?.drop();
    });

    it('answers every read endpoint and portal page the same', async () => {
      const ids = async (sql: string) =>
        (await source.dataSource.query<{ id: string }[]>(sql)).map((r) => r.id);
      const admin = (
        await ids(`SELECT id FROM app_user WHERE email = 'admin@sample-city.example'`)
      )[0]!;
      for (const db of [source, target]) await setPassword(db.dataSource, admin);
      const tokenA = await signIn(a, CODE, 'admin@sample-city.example');
      const tokenB = await signIn(b, CODE, 'admin@sample-city.example');
      const cycles = await ids(`SELECT id FROM cycle ORDER BY fiscal_year`);
      // Sheets with versions, those with comments first, and draft sheets of this year's cycle.
      const sheets = await ids(
        `SELECT s.id FROM sheet s WHERE EXISTS (SELECT 1 FROM sheet_version v WHERE v.sheet_id = s.id)
          ORDER BY (SELECT count(*) FROM comment c WHERE c.sheet_id = s.id) DESC, s.id LIMIT 8`,
      );
      const drafts = await ids(
        `SELECT s.id FROM sheet s WHERE NOT EXISTS (SELECT 1 FROM sheet_version v WHERE v.sheet_id = s.id) ORDER BY s.id LIMIT 3`,
      );
      const paths = [
        '/admin/templates',
        ...(await ids(`SELECT id FROM template`)).map((id) => `/admin/templates/${id}`),
        '/admin/cycles',
        ...cycles.flatMap((id) => [
          `/admin/cycles/${id}`,
          `/admin/cycles/${id}/progress`,
          `/admin/cycles/${id}/progress.csv`,
          `/admin/cycles/${id}/overdue.csv`,
          `/admin/cycles/${id}/reminder-policy`,
        ]),
        '/admin/users',
        ...(await ids(`SELECT id FROM app_user ORDER BY id LIMIT 5`)).map(
          (id) => `/admin/users/${id}`,
        ),
        '/admin/csv-columns',
        '/admin/departments',
        ...(await ids(`SELECT id FROM department`)).map((id) => `/admin/departments/${id}`),
        '/admin/sections',
        ...(await ids(`SELECT id FROM section LIMIT 5`)).map((id) => `/admin/sections/${id}`),
        '/admin/projects',
        ...(await ids(`SELECT id FROM project LIMIT 5`)).map((id) => `/admin/projects/${id}`),
        '/admin/policy-nodes',
        '/admin/mail',
        '/tasks',
        ...sheets.flatMap((id) => [
          `/sheets/${id}`,
          `/sheets/${id}/versions`,
          `/sheets/${id}/versions/1`,
          `/sheets/${id}/comments`,
        ]),
        ...drafts.flatMap((id) => [`/sheets/${id}`, `/sheets/${id}/versions`]),
      ];
      const published = await source.dataSource.query<{ fy: number; code: string }[]>(
        `SELECT fiscal_year AS fy, project_code AS code FROM published_sheet ORDER BY project_code LIMIT 5`,
      );
      const fy = published[0]!.fy;
      const portal = [
        '/public',
        `/public/${CODE}`,
        `/public/${CODE}/${fy}`,
        `/public/${CODE}/${fy}/data`,
        ...published.flatMap((p) => [
          `/public/${CODE}/${p.fy}/${p.code}`,
          `/public/${CODE}/${p.fy}/${p.code}/v/1`,
        ]),
      ];
      const differences: string[] = [];
      const compare = async (path: string, tokens: [string, string] | null) => {
        const [ra, rb] = await Promise.all([
          a.fetch(path, tokens ? { headers: { authorization: `Bearer ${tokens[0]}` } } : {}),
          b.fetch(path, tokens ? { headers: { authorization: `Bearer ${tokens[1]}` } } : {}),
        ]);
        const [ta, tb] = [await ra.text(), await rb.text()];
        if (ra.status !== 200) differences.push(`${path}: ${ra.status} in the original`);
        if (ra.status !== rb.status || ta !== tb) {
          // Where the answers part: the text around the first character that differs.
          let at = 0;
          while (at < ta.length && ta[at] === tb[at]) at++;
          const from = Math.max(0, at - 120);
          differences.push(
            `${path}: ${ra.status}/${rb.status} from character ${at}\n  …${ta.slice(from, at + 180)}\n  …${tb.slice(from, at + 180)}`,
          );
        }
      };
      for (const p of paths) await compare(p, [tokenA, tokenB]);
      for (const p of portal) await compare(p, null);
      expect(differences).toEqual([]);
    });

    it("streams the archive to the government's administrator only", async () => {
      const chief = (
        await source.dataSource.query<{ id: string }[]>(
          `SELECT id FROM app_user WHERE email = 'chief.0101@sample-city.example'`,
        )
      )[0]!.id;
      await setPassword(b.db.dataSource, chief);
      const admin = await signIn(b, CODE, 'admin@sample-city.example');
      const res = await b.fetch('/admin/archive', {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('content-disposition')).toContain('hyoka-999999.tar.gz');
      const files = await untar(Buffer.from(await res.arrayBuffer()));
      const got = JSON.parse(files.get('manifest.json')!.toString('utf8')) as ArchiveManifest;
      expect(got.government.code).toBe(CODE);
      // The same rows as imported, and the audit log of this deployment's sign-ins on top.
      const rows = (m: ArchiveManifest) =>
        m.tables.filter((t) => t.name !== 'audit_log').map((t) => [t.name, t.rows]);
      expect(rows(got)).toEqual(rows(manifest));
      expect(got.tables.find((t) => t.name === 'audit_log')?.rows).toBeGreaterThan(0);
      const token = await signIn(b, CODE, 'chief.0101@sample-city.example');
      const refused = await b.fetch('/admin/archive', {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.status).toBe(403);
      expect((await b.fetch('/admin/archive')).status).toBe(401);
    });
  });

  describe('bad archives', () => {
    let target: TestDatabase;
    beforeAll(async () => {
      target = await createTestDatabase();
    });
    afterAll(async () => {
      await target?.drop();
    });
    const refusal = async (bytes: Buffer, asCode?: string): Promise<ArchiveError> => {
      try {
        await importGovernment(
          new ArchiveRepository(target.dataSource),
          Readable.from([bytes]),
          asCode ? { asCode } : {},
        );
      } catch (e) {
        if (e instanceof ArchiveError) return e;
        throw e;
      }
      throw new Error('imported');
    };

    it('refuses a truncated archive and leaves nothing behind', async () => {
      for (const cut of [0.9, 0.5, 0.1]) {
        const e = await refusal(archive.subarray(0, Math.floor(archive.length * cut)));
        expect(e.code).toBe('archive_truncated');
        expect(e.messageJa).toContain('途中で切れています');
        expect(e.messageEn).toContain('nothing was imported');
        expect(await counts(target)).toEqual([{ g: '0', s: '0', v: '0' }]);
      }
    });

    it('refuses an archive from a newer schema before reading any row', async () => {
      const files = await untar(archive);
      const pack = tar.pack();
      const newer = JSON.parse(files.get('manifest.json')!.toString('utf8')) as ArchiveManifest;
      const text = JSON.stringify({ ...newer, schemaVersion: 'Future1799999999999' });
      pack.entry({ name: 'manifest.json' }, text);
      for (const [name, content] of files)
        if (name !== 'manifest.json') pack.entry({ name }, content);
      pack.finalize();
      const { createGzip } = await import('node:zlib');
      const chunks: Buffer[] = [];
      await pipeline(pack, createGzip(), async function* (source) {
        for await (const c of source) chunks.push(c as Buffer);
        yield* [];
      });
      const e = await refusal(Buffer.concat(chunks));
      expect(e.code).toBe('archive_newer_schema');
      expect(e.messageEn).toContain('Future1799999999999');
      expect(await counts(target)).toEqual([{ g: '0', s: '0', v: '0' }]);
    });

    it('refuses a file that is not an archive, and a government that exists already', async () => {
      expect((await refusal(Buffer.from('not a tar.gz'))).code).toBe('archive_not_an_archive');
      await importGovernment(new ArchiveRepository(target.dataSource), Readable.from([archive]));
      expect((await refusal(archive)).code).toBe('archive_government_exists');
      // A training copy beside it: other ids, other code, the same rows.
      await importGovernment(new ArchiveRepository(target.dataSource), Readable.from([archive]), {
        asCode: '999998',
      });
      const rows = await target.dataSource.query<{ code: string; sheets: string }[]>(
        `SELECT g.code, (SELECT count(*) FROM sheet s WHERE s.government_id = g.id) AS sheets FROM government g ORDER BY g.code`,
      );
      expect(rows).toEqual([
        { code: '999998', sheets: '120' },
        { code: '999999', sheets: '120' },
      ]);
    });
  });
});
