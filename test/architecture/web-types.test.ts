import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { z } from 'zod';

/**
 * The web app takes the API's answer types from the API's own response schemas
 * (apps/web/src/api-types.ts): a changed answer breaks `npm run typecheck`, not a user. This keeps
 * it so: no interface or object type in apps/web/src has property names that are all names of one
 * object of an answer (a hand-written copy of it, or of a part of it), and no screen file grows
 * past 500 lines (one screen a file, the shared parts in admin-kit/ and editor/).
 */

const root = path.resolve(__dirname, '..', '..');
const webSrc = path.join(root, 'apps', 'web', 'src');

function filesUnder(dir: string, test: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file, test);
    return test(file) ? [file] : [];
  });
}

/** An object of an answer: where it is declared, and its property names. */
interface AnswerObject {
  readonly where: string;
  readonly keys: ReadonlySet<string>;
}

/** Every object schema reachable from a schema (through arrays, unions, records, wrappers). */
function objectsOf(schema: z.ZodType, where: string, out: AnswerObject[], seen: Set<unknown>) {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const visit = (child: unknown, at: string) => {
    if (child instanceof z.ZodType) objectsOf(child, at, out, seen);
  };
  switch (def.type) {
    case 'object': {
      const shape = (schema as z.ZodObject).shape;
      out.push({ where, keys: new Set(Object.keys(shape)) });
      for (const [key, child] of Object.entries(shape)) visit(child, `${where}.${key}`);
      return;
    }
    case 'array':
      return visit(def['element'], `${where}[]`);
    case 'union':
      return (def['options'] as unknown[]).forEach((o, i) => visit(o, `${where}|${i}`));
    case 'intersection':
      visit(def['left'], where);
      return visit(def['right'], where);
    case 'record':
      return visit(def['valueType'], `${where}{}`);
    case 'tuple':
      return (def['items'] as unknown[]).forEach((o, i) => visit(o, `${where}[${i}]`));
    case 'pipe':
      visit(def['in'], where);
      return visit(def['out'], where);
    case 'lazy':
      return visit((def['getter'] as () => unknown)(), where);
    default:
      // optional, nullable, default, readonly, catch, …: one inner schema.
      return visit(def['innerType'], where);
  }
}

/** The objects of every schema exported by apps/api/src/**\/*.schemas.ts. */
async function answerObjects(): Promise<AnswerObject[]> {
  const out: AnswerObject[] = [];
  const seen = new Set<unknown>();
  const files = filesUnder(path.join(root, 'apps', 'api', 'src'), (f) => f.endsWith('.schemas.ts'));
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module))
      if (value instanceof z.ZodType)
        objectsOf(value, `${path.relative(root, file)}: ${name}`, out, seen);
  }
  return out;
}

/** An object type written in the web app: an interface or a type literal. */
interface WrittenType {
  readonly where: string;
  readonly keys: readonly string[];
}

function writtenTypes(fileName: string, text: string): WrittenType[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: WrittenType[] = [];
  const names = (members: ts.NodeArray<ts.TypeElement>) =>
    members
      .filter(ts.isPropertySignature)
      .map((m) => m.name)
      .filter((n) => ts.isIdentifier(n) || ts.isStringLiteral(n))
      .map((n) => n.text);
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) || ts.isTypeLiteralNode(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const label = ts.isInterfaceDeclaration(node) ? ` interface ${node.name.text}` : '';
      found.push({ where: `${fileName}:${line}${label}`, keys: names(node.members) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Written types whose property names (three or more: two, such as `{ ja, en }` or `{ from, to }`,
 * say too little) are all names of one answer object.
 */
function mirrors(written: readonly WrittenType[], answers: readonly AnswerObject[]): string[] {
  return written.flatMap((w) => {
    if (w.keys.length < 3) return [];
    const answer = answers.find((a) => w.keys.every((k) => a.keys.has(k)));
    return answer ? [`${w.where} {${w.keys.join(', ')}} mirrors ${answer.where}`] : [];
  });
}

describe('the web app and the API answers', () => {
  let answers: AnswerObject[] = [];
  beforeAll(async () => {
    answers = await answerObjects();
  });

  it('finds a hand-written copy of an answer, whole or in part', () => {
    const copy = writtenTypes(
      'example.ts',
      `interface InboxRow { readonly taskId: string; readonly projectCode: string; dueDate: string }
       type Page = { items: unknown[]; nextCursor: string | null; counts: object };
       const f = (x: { selected: number; changed: number; warnings: [] }) => x;
       interface Props { me: unknown; cycleId: string; warnings: [] }
       type Text = { ja: string; en: string };`,
    );
    expect(mirrors(copy, answers)).toEqual([
      expect.stringMatching(
        /^example\.ts:1 interface InboxRow \{taskId, projectCode, dueDate\} mirrors /,
      ),
      expect.stringMatching(/^example\.ts:2 \{items, nextCursor, counts\} mirrors /),
      expect.stringMatching(/^example\.ts:3 \{selected, changed, warnings\} mirrors /),
    ]);
  });

  it('declares no answer type by hand: it takes them from the schemas (api-types.ts)', () => {
    const files = filesUnder(webSrc, (f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(30);
    const written = files.flatMap((f) =>
      writtenTypes(path.relative(root, f), fs.readFileSync(f, 'utf8')),
    );
    expect(mirrors(written, answers)).toEqual([]);
  });

  it('keeps every screen file under 500 lines', () => {
    const long = filesUnder(path.join(webSrc, 'screens'), (f) => /\.tsx?$/.test(f))
      .map((f) => ({
        f: path.relative(root, f),
        lines: fs.readFileSync(f, 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > 500);
    expect(long).toEqual([]);
  });
});
