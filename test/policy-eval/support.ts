import { DomUtils, parseDocument } from 'htmlparser2';
import type { DataSource } from 'typeorm';

/**
 * 施策評価: a policy programme whose template aggregates the fixture's three project sheets
 * (cost table `cost.table`, indicators `indicators.table`, directions `decision.direction`).
 */
export const POLICY_TEMPLATE = {
  schemaVersion: 1,
  key: 'test/policy-sheet',
  version: 1,
  title: { ja: '施策評価シート', en: 'Policy evaluation sheet' },
  subject: 'policy',
  blocks: [
    {
      key: 'projects',
      title: { ja: '構成事業の状況', en: 'Projects under the policy' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'cost',
          type: 'aggregate',
          label: { ja: '構成事業の総コスト', en: 'Total cost' },
          of: 'cost_total',
          source: 'cost.table',
          offset: -1,
          valueKind: 'settled',
        },
        {
          key: 'outcomes',
          type: 'aggregate',
          label: { ja: '成果指標の達成状況', en: 'Outcomes' },
          of: 'outcome_judgements',
          source: 'indicators.table',
          offset: -1,
        },
        {
          key: 'directions',
          type: 'aggregate',
          label: { ja: '事業の方向性', en: 'Directions' },
          of: 'directions',
          source: 'decision.direction',
        },
        {
          key: 'table',
          type: 'aggregate',
          label: { ja: '構成事業一覧', en: 'Projects' },
          of: 'project_table',
          columns: [
            { of: 'cost_total', source: 'cost.table', offset: -1, valueKind: 'settled' },
            { of: 'outcome_judgements', source: 'indicators.table', offset: -1 },
            { of: 'directions', source: 'decision.direction' },
          ],
        },
      ],
    },
    {
      key: 'evaluation',
      title: { ja: '施策の評価', en: 'Evaluation' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'summary',
          type: 'long_text',
          label: { ja: '総括', en: 'Summary' },
          required: true,
        },
      ],
    },
  ],
};

/**
 * The policy tree of the tests: 政策 1 → 施策 1-1 (led by `sectionId`) holding every project of
 * the government, and 施策 1-2 with no lead section. Returns the id of 施策 1-1.
 */
export async function createPolicyTree(
  ds: DataSource,
  governmentId: string,
  sectionId: string,
): Promise<string> {
  const [policy] = await ds.query<{ id: string }[]>(
    `INSERT INTO policy_node (government_id, kind, code, name_ja) VALUES ($1, 'policy', '1', '安心して暮らせるまち') RETURNING id`,
    [governmentId],
  );
  const [measure] = await ds.query<{ id: string }[]>(
    `INSERT INTO policy_node (government_id, kind, code, name_ja, name_en, parent_id, lead_section_id)
     VALUES ($1, 'measure', '1-1', '地域福祉の推進', 'Community welfare', $2, $3) RETURNING id`,
    [governmentId, policy!.id, sectionId],
  );
  await ds.query(
    `INSERT INTO policy_node (government_id, kind, code, name_ja, parent_id) VALUES ($1, 'measure', '1-2', '防災', $2)`,
    [governmentId, policy!.id],
  );
  await ds.query(`UPDATE project SET policy_node_id = $2 WHERE government_id = $1`, [
    governmentId,
    measure!.id,
  ]);
  return measure!.id;
}

/** An element of a parsed page. */
type Element = ReturnType<typeof DomUtils.findAll>[number];

/** A link of a portal page: its address and its text, as a browser reads them. */
export interface PageLink {
  readonly href: string;
  readonly text: string;
}

/**
 * The links of a page (parsed with htmlparser2, entities decoded) inside the elements `within`
 * accepts (every link of the page when omitted).
 */
export function linksOf(html: string, within?: (el: Element) => boolean): PageLink[] {
  const doc = parseDocument(html);
  const roots = within ? DomUtils.findAll(within, doc.children) : [doc];
  return roots.flatMap((root) =>
    DomUtils.findAll((el) => el.name === 'a', [root]).map((a) => ({
      href: a.attribs.href ?? '',
      text: DomUtils.textContent(a).trim(),
    })),
  );
}

/** The section of a page titled by the heading with this id. */
export const sectionOf = (headingId: string) => (el: Element) =>
  el.name === 'section' && el.attribs['aria-labelledby'] === headingId;
