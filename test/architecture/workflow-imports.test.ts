import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import * as workflows from '@hyoka/workflows';
import { workflowTypes } from '@hyoka/workflows/workflow-types';

/**
 * Code outside workflows/ sees a workflow only through its public face: messages (update, signal
 * and query definitions), ids, typed clients and types. Never the workflow code itself (a
 * `*.workflow` module, a value of the bundle's entry) and never rules: those live in
 * libs/domain/src/pipeline.
 */

const root = path.resolve(__dirname, '..', '..');
const SCANNED = ['apps', 'activities', 'libs', 'test', 'bench', 'scripts'];
/** What other code may import from @hyoka/workflows/…, besides the entry's types. */
const PUBLIC_FACE =
  /^@hyoka\/workflows\/(?:ids|workflow-types|[\w-]+\.client|[\w-]+\/(?:messages|client|types))$/;

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : filesUnder(file);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** Every import of @hyoka/workflows in a source text that breaks the rule, as "specifier: why". */
export function workflowImportViolations(source: string, fileName = 'file.ts'): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const problems: string[] = [];
  for (const statement of sf.statements) {
    let specifier: string | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      typeOnly =
        clause === undefined
          ? false
          : clause.isTypeOnly ||
            (clause.name === undefined &&
              clause.namedBindings !== undefined &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.length > 0 &&
              clause.namedBindings.elements.every((e) => e.isTypeOnly));
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifier = statement.moduleSpecifier.text;
      typeOnly = statement.isTypeOnly;
    }
    if (specifier === undefined || !/^@hyoka\/workflows(\/|$)/.test(specifier)) continue;
    if (/(^|\/)rules$/.test(specifier)) problems.push(`${specifier}: rules live in @hyoka/domain`);
    else if (/\.workflow$/.test(specifier))
      problems.push(`${specifier}: workflow code; import its messages, client or types`);
    else if (specifier === '@hyoka/workflows') {
      if (!typeOnly) problems.push(`${specifier}: the bundle's entry, for types only`);
    } else if (!PUBLIC_FACE.test(specifier))
      problems.push(`${specifier}: not a workflow's public face (messages, ids, client, types)`);
  }
  return problems;
}

describe('imports of @hyoka/workflows from outside workflows/', () => {
  it('take only messages, ids, typed clients and types', () => {
    // This folder checks the workflows' exports themselves (see "workflow names" below).
    const files = SCANNED.flatMap((d) => filesUnder(path.join(root, d))).filter(
      (file) => !file.startsWith(path.join(root, 'test', 'architecture') + path.sep),
    );
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((file) =>
      workflowImportViolations(fs.readFileSync(file, 'utf8'), file).map(
        (v) => `${path.relative(root, file)}: ${v}`,
      ),
    );
    expect(violations).toEqual([]);
  });

  it('reports rules, workflow modules and values of the entry', () => {
    expect(
      workflowImportViolations(
        [
          "import { toPipelineStages } from '@hyoka/workflows/sheet/rules';",
          "import type { SheetState } from '@hyoka/workflows/sheet/sheet.workflow';",
          "import { sheetWorkflow } from '@hyoka/workflows';",
          "import { type sheetWorkflow, cycleWorkflow } from '@hyoka/workflows';",
          "export { workflowIds } from '@hyoka/workflows/internal/helpers';",
        ].join('\n'),
      ),
    ).toHaveLength(5);
    expect(
      workflowImportViolations(
        [
          "import type { CycleWorkflowInput } from '@hyoka/workflows';",
          "import { type digestRunWorkflow } from '@hyoka/workflows';",
          "import { submitUpdate } from '@hyoka/workflows/sheet/messages';",
          "import { sheetHandle } from '@hyoka/workflows/sheet/client';",
          "import { startWiringCheck } from '@hyoka/workflows/wiring-check.client';",
          "import type { SheetState } from '@hyoka/workflows/sheet/types';",
          "import { workflowIds } from '@hyoka/workflows/ids';",
          "import { toPipelineStages } from '@hyoka/domain';",
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

describe('workflow names', () => {
  it('are the names of the functions the bundle exports', () => {
    const exported = workflows as unknown as Record<string, unknown>;
    for (const name of Object.values(workflowTypes)) {
      const fn = exported[name];
      expect(typeof fn).toBe('function');
      expect((fn as { name: string }).name).toBe(name);
    }
    const workflowFunctions = Object.keys(exported).filter((k) => k.endsWith('Workflow'));
    expect([...workflowFunctions].sort()).toEqual(Object.values(workflowTypes).sort());
  });
});

/**
 * Calls that start a workflow (`start`, `execute`, `signalWithStart`) whose type is written as a
 * string literal: a misspelt name would only fail at run time. Starts name `workflowTypes.<kind>`
 * (typed by `WorkflowOf<kind>`) or go through a typed client.
 */
export function startsByString(source: string, fileName = 'file.ts'): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['start', 'execute', 'signalWithStart'].includes(node.expression.name.text) &&
      /\bworkflow$/.test(node.expression.expression.getText(sf)) &&
      node.arguments[0] !== undefined &&
      (ts.isStringLiteral(node.arguments[0]) ||
        ts.isNoSubstitutionTemplateLiteral(node.arguments[0]))
    ) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      found.push(`line ${line + 1}: ${node.arguments[0].getText(sf)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('workflow starts', () => {
  it('never name the workflow by a string literal', () => {
    const files = SCANNED.flatMap((d) => filesUnder(path.join(root, d))).filter(
      (file) => !file.startsWith(path.join(root, 'test', 'architecture') + path.sep),
    );
    const violations = files.flatMap((file) =>
      startsByString(fs.readFileSync(file, 'utf8'), file).map(
        (v) => `${path.relative(root, file)}: ${v}`,
      ),
    );
    expect(violations).toEqual([]);
  });

  it('finds a start by string and leaves typed starts alone', () => {
    expect(
      startsByString(
        [
          "await client.workflow.start('cycleWorkflow', { taskQueue: 'q', workflowId: 'w' });",
          "await system.temporal.workflow.execute(`sheetWorkflow`, { taskQueue: 'q', workflowId: 'w' });",
          "await client.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, { taskQueue: 'q', workflowId: 'w' });",
          "await queue.start('not a workflow');",
        ].join('\n'),
      ),
    ).toEqual(["line 1: 'cycleWorkflow'", 'line 2: `sheetWorkflow`']);
  });
});
