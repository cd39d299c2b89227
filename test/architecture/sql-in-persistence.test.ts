import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * Every SQL statement of the product lives in a repository of libs/persistence: nothing under
 * apps/ or activities/ issues one. A source file there may not call `.query(…)` (a function of
 * its own named `query`, such as the web app's URL builder, is fine),
 * `queryPrepared(…)`, `createQueryBuilder(…)` or `getRepository(…)`, nor hold a statement in a
 * string or template literal (SELECT …, INSERT INTO, UPDATE … SET, DELETE FROM).
 */

const root = path.resolve(__dirname, '..', '..');

/** Methods of a DataSource, EntityManager or QueryRunner that reach the database. */
const FORBIDDEN_METHODS = new Set(['query', 'createQueryBuilder', 'getRepository']);
/** Functions of @hyoka/persistence that run a statement given to them. */
const FORBIDDEN_FUNCTIONS = new Set(['queryPrepared']);

/** A statement in a literal: upper-case keywords only, so prose ("Update the sheet") passes. */
const STATEMENT = /\bSELECT\s|\bINSERT\s+INTO\b|\bUPDATE\s+"?\w+"?\s+SET\b|\bDELETE\s+FROM\b/;

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** The SQL a TypeScript source issues or holds, by line. */
function sqlIn(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push({
      file,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
      what,
    });
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      const fn = ts.isIdentifier(callee) ? callee.text : method;
      if (method !== undefined && FORBIDDEN_METHODS.has(method)) at(node, `${method}(…)`);
      else if (fn !== undefined && FORBIDDEN_FUNCTIONS.has(fn)) at(node, `${fn}(…)`);
    }
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    else if (ts.isTemplateExpression(node))
      literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    const statement = literal === undefined ? null : STATEMENT.exec(literal);
    if (statement) at(node, `SQL in a literal: "${statement[0].trim()}…"`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function sourcesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(file);
    return /\.tsx?$/.test(entry.name) && !/\.(spec|test)\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('SQL lives only in libs/persistence', () => {
  it('finds statements, queries and TypeORM repositories (the check can fail)', () => {
    const sample = [
      'async function f(db: DataSource) {',
      '  await db.query(`SELECT id FROM sheet WHERE id = $1`, [id]);',
      "  const sql = 'DELETE FROM session WHERE user_id = $1';",
      '  db.getRepository(SheetEntity);',
      '  return queryPrepared(db, "x", `UPDATE task SET status = ${s}`, []);',
      '}',
      "const label = 'Update the sheet, then select a reviewer';",
      'const url = `/admin/projects${query(filter)}`;',
    ].join('\n');
    expect(sqlIn('sample.ts', sample).map((f) => `${f.line} ${f.what}`)).toEqual([
      '2 query(…)',
      '2 SQL in a literal: "SELECT…"',
      '3 SQL in a literal: "DELETE FROM…"',
      '4 getRepository(…)',
      '5 queryPrepared(…)',
      '5 SQL in a literal: "UPDATE task SET…"',
    ]);
  });

  it('no source file under apps/ or activities/ issues or holds SQL', () => {
    const files = [
      ...fs
        .readdirSync(path.join(root, 'apps'))
        .flatMap((app) => sourcesUnder(path.join(root, 'apps', app, 'src'))),
      ...sourcesUnder(path.join(root, 'activities', 'src')),
    ];
    expect(files.length).toBeGreaterThan(50);
    const findings = files
      .map((file) => path.relative(root, file).split(path.sep).join('/'))
      .flatMap((file) => sqlIn(file, fs.readFileSync(path.join(root, file), 'utf8')))
      .map((f) => `${f.file}:${f.line} ${f.what}`);
    expect(findings).toEqual([]);
  });
});
