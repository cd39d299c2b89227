import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseTemplate } from '@hyoka/domain';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { emailOf, PASSWORD } from '../api/helpers';
import type { CycleFixture } from '../support/cycle-fixture';

/**
 * A sheet layout defined only as data for the browser tests: an indicator table with the
 * template's own year columns, a cost table with computed totals, a choice that needs a reason,
 * and a block only the reviewers edit.
 */
export const BROWSER_TEMPLATE = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/browser-sheet',
    version: 1,
    title: { ja: 'ブラウザ試験シート', en: 'Browser test sheet' },
    blocks: [
      {
        key: 'summary',
        title: { ja: '評価の総括', en: 'Summary' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'text',
            type: 'long_text',
            label: { ja: '総括', en: 'Summary' },
            required: true,
            maxLength: 2000,
          },
          {
            key: 'effectiveness',
            type: 'choice_with_reason',
            label: { ja: '有効性（成果向上の余地）', en: 'Room to raise outcomes' },
            required: true,
            options: [
              {
                id: 'room',
                label: { ja: '向上余地がある', en: 'There is room' },
                requiresReason: true,
              },
              { id: 'none', label: { ja: '向上余地はない', en: 'No room' } },
            ],
          },
        ],
      },
      {
        key: 'indicators',
        title: { ja: '指標', en: 'Indicators' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'indicator_table',
            label: { ja: '活動指標・成果指標', en: 'Activity and outcome indicators' },
            kinds: ['activity', 'outcome'],
            rows: {
              mode: 'fixed',
              items: [
                {
                  id: 'a1',
                  kind: 'activity',
                  name: { ja: '講座の開催回数', en: 'Classes held' },
                  unit: { ja: '回', en: 'times' },
                  betterDirection: 'higher',
                },
                {
                  id: 'o1',
                  kind: 'outcome',
                  name: { ja: '参加者の満足度', en: 'Participant satisfaction' },
                  unit: { ja: '%', en: '%' },
                  betterDirection: 'higher',
                },
              ],
            },
            columns: [
              { offset: -1, valueKind: 'target' },
              { offset: -1, valueKind: 'actual' },
              { offset: 0, valueKind: 'target' },
              { offset: 0, valueKind: 'actual' },
            ],
          },
        ],
      },
      {
        key: 'cost',
        title: { ja: 'コスト', en: 'Cost' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'cost_table',
            label: { ja: '事業費と人件費', en: 'Project and labour cost' },
            moneyUnit: 'thousand_yen',
            columns: [
              { offset: -1, valueKind: 'settled' },
              { offset: 0, valueKind: 'budget' },
            ],
            fundingSources: [
              { id: 'national', label: { ja: '国庫支出金', en: 'National subsidy' } },
              { id: 'general', label: { ja: '一般財源', en: 'General revenue' } },
            ],
            staffCount: true,
            hours: true,
            laborCost: { mode: 'computed', rounding: 'half_up', defaultUnitCostYen: 4000 },
          },
        ],
      },
      {
        key: 'review',
        title: { ja: '所見', en: 'Reviewer notes' },
        editableAt: ['section_chief', 'planning_office'],
        visibility: 'internal',
        fields: [
          { key: 'note', type: 'long_text', label: { ja: '所見', en: 'Note' }, maxLength: 2000 },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`browser template is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
})();

/** Screenshots and measurements of the browser tests (ignored by git). */
export const OUTPUT_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'browser');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: false });
}

/** Every page of the browser tests and benchmarks: a laptop's screen, in Japanese, in Tokyo. */
export const PAGE_OPTIONS: BrowserContextOptions = {
  viewport: { width: 1366, height: 768 },
  locale: 'ja-JP',
  timezoneId: 'Asia/Tokyo',
};

/** What a person types into the sign-in form. */
export interface Credentials {
  readonly governmentCode: string;
  readonly email: string;
  readonly password: string;
}

/** A person of a cycle fixture (`staff`, `chief`, …) with the tests' password (setPassword). */
export function fixtureCredentials(f: CycleFixture, who: string): Credentials {
  return { governmentCode: f.governmentCode, email: emailOf(f, who), password: PASSWORD };
}

/** Signs in with the form at `${baseUrl}/app/`, as a person does, and waits for the inbox. */
export async function signInWithForm(page: Page, baseUrl: string, who: Credentials): Promise<void> {
  await page.goto(`${baseUrl}/app/`);
  await page.getByLabel('団体コード').fill(who.governmentCode);
  await page.getByLabel('メールアドレス').fill(who.email);
  await page.getByLabel('パスワード').fill(who.password);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page; answers the serious and critical violations (WCAG 2.x A/AA). The
 * source is evaluated through the DevTools protocol, which the page's CSP does not restrict.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(`axe
    .run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    })
    .then((result) => result.violations)`);
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}

/** 12 indicators × 8 year columns (4 years × target / actual): the editor's heaviest table. */
export const LARGE_TABLE_TEMPLATE = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/large-indicator-table',
    version: 1,
    title: { ja: '指標の多いシート', en: 'Sheet with many indicators' },
    blocks: [
      {
        key: 'indicators',
        title: { ja: '指標', en: 'Indicators' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'indicator_table',
            label: { ja: '指標', en: 'Indicators' },
            kinds: ['activity', 'outcome'],
            requireOutcomeTarget: false,
            rows: {
              mode: 'fixed',
              items: Array.from({ length: 12 }, (_, i) => ({
                id: `r${i + 1}`,
                kind: i < 6 ? 'activity' : 'outcome',
                name: { ja: `指標${i + 1}`, en: `Indicator ${i + 1}` },
                unit: { ja: '件', en: 'cases' },
                betterDirection: i % 3 === 0 ? 'lower' : 'higher',
              })),
            },
            columns: [-3, -2, -1, 0].flatMap((offset) => [
              { offset, valueKind: 'target' as const },
              { offset, valueKind: 'actual' as const },
            ]),
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(`large template is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
})();
