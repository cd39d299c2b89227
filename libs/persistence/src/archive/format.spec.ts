import {
  ARCHIVE_FORMAT,
  ArchiveError,
  checkGovernmentCode,
  checkManifest,
  csvCell,
  IdRenamer,
  schemaTimestamp,
} from './format';
import { ARCHIVE_TABLES, archiveFilePath } from './tables';

const SCHEMA = 'CommentAudience1765410000000';
const file = (path: string) => ({ path, sha256: 'a'.repeat(64), bytes: 1 });
const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: ARCHIVE_FORMAT,
    schemaVersion: SCHEMA,
    government: {
      code: '999999',
      id: '00000000-0000-4000-8000-000000000001',
      nameJa: 'サンプル市',
    },
    exportedAt: '2026-12-03T00:00:00.000Z',
    tables: ['a', 'b'].map((name) => ({
      name,
      rows: 1,
      columns: ['id'],
      jsonl: file(`${name}.jsonl`),
      csv: file(`${name}.csv`),
    })),
    files: [],
    notes: [],
    ...over,
  });
const refusal = (f: () => unknown): ArchiveError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ArchiveError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('archive manifest', () => {
  it('accepts an archive of the same schema with the expected tables', () => {
    expect(checkManifest(manifest(), SCHEMA, ['a', 'b']).government.code).toBe('999999');
  });

  it('refuses an archive from a newer schema, naming both versions in Japanese and English', () => {
    const e = refusal(() =>
      checkManifest(manifest({ schemaVersion: 'Later1766299999999' }), SCHEMA, ['a', 'b']),
    );
    expect(e.code).toBe('archive_newer_schema');
    expect(e.messageJa).toContain('新しい版');
    expect(e.messageJa).toContain('Later1766299999999');
    expect(e.messageEn).toContain(`upgrade this deployment (schema ${SCHEMA})`);
  });

  it('refuses an older schema, another format, broken JSON and a different table list', () => {
    expect(
      refusal(() =>
        checkManifest(manifest({ schemaVersion: 'Old1763800000000' }), SCHEMA, ['a', 'b']),
      ).code,
    ).toBe('archive_older_schema');
    expect(refusal(() => checkManifest(manifest({ format: 'zip' }), SCHEMA, ['a', 'b'])).code).toBe(
      'archive_not_an_archive',
    );
    expect(refusal(() => checkManifest('{"format":', SCHEMA, ['a'])).code).toBe('archive_corrupt');
    const e = refusal(() => checkManifest(manifest(), SCHEMA, ['a', 'b', 'c']));
    expect(e.code).toBe('archive_corrupt');
    expect(e.messageEn).toContain('expected a, b, c');
    expect(refusal(() => checkManifest(manifest({ tables: [{}] }), SCHEMA, ['a'])).code).toBe(
      'archive_corrupt',
    );
  });

  it('reads the timestamp of a migration name', () => {
    expect(schemaTimestamp(SCHEMA)).toBe(1765410000000);
    expect(() => schemaTimestamp('NoDigits')).toThrow('not a migration name');
  });
});

describe('archive CSV cells', () => {
  it('writes NULL empty, JSON as JSON text, numbers and booleans as written', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('評価')).toBe('評価');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(false)).toBe('false');
    expect(csvCell({ a: [1, '二'] })).toBe('{"a":[1,"二"]}');
  });
});

describe('training-copy ids', () => {
  const a = '0b5f2d4e-1c2a-4b7e-9f00-123456789abc';
  const b = '7e0c1a2b-3d4e-4f50-8a61-b2c3d4e5f607';

  it('renames every UUID the same way wherever it appears, and leaves other text alone', () => {
    const r = new IdRenamer('131016');
    const renamed = r.value({
      id: a,
      sheet_id: b,
      key: `task_arrived:${a}:${b}`,
      content: { ref: [a], n: 3, t: true, none: null },
      text: '評価 1-2-3',
    }) as Record<string, unknown>;
    expect(renamed['id']).toBe(r.id(a));
    expect(renamed['id']).not.toBe(a);
    expect(renamed['id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(renamed['key']).toBe(`task_arrived:${r.id(a)}:${r.id(b)}`);
    expect(renamed['content']).toEqual({ ref: [r.id(a)], n: 3, t: true, none: null });
    expect(renamed['text']).toBe('評価 1-2-3');
    // Another code gives other ids; the same code the same ones.
    expect(new IdRenamer('131017').id(a)).not.toBe(r.id(a));
    expect(new IdRenamer('131016').id(a.toUpperCase())).toBe(r.id(a));
  });

  it('keeps ids when importing as is, except the fixed ones', () => {
    const r = new IdRenamer(null);
    expect(r.active).toBe(false);
    r.fix(a, b);
    expect(r.active).toBe(true);
    expect(r.value({ template_id: a, other: b })).toEqual({ template_id: b, other: b });
  });

  it('accepts letters and digits as a new government code, and nothing else', () => {
    expect(checkGovernmentCode('131016')).toBe('131016');
    expect(refusal(() => checkGovernmentCode("1'; DROP")).code).toBe('archive_bad_code');
    expect(refusal(() => checkGovernmentCode('')).messageJa).toContain('英数字');
  });
});

describe('archive table declaration', () => {
  it('lists each table once and puts a file of a binary column under files/<table>/', () => {
    const names = ARCHIVE_TABLES.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    const pdf = ARCHIVE_TABLES.find((t) => t.fileColumn);
    expect(pdf?.name).toBe('published_pdf');
    expect(archiveFilePath(pdf!, { published_sheet_id: 'abc', locale: 'ja' })).toBe(
      'files/published_pdf/abc.ja.pdf',
    );
  });
});
