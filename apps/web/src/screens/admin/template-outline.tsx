import {
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
  templatePipeline,
  type FieldDefinition,
  type LocalizedText,
  type TemplateDefinition,
} from '@hyoka/domain';
import { ListTable } from '../../admin-kit/list';
import { roleText, stageText } from '../../format';
import { useI18n, type Translate } from '../../i18n';

/** A template as a reader sees it: its stages, then each block with a table of its fields. */

const FIELD_TYPES: Readonly<Record<FieldDefinition['type'], LocalizedText>> = {
  text: { ja: '短文', en: 'Short text' },
  long_text: { ja: '長文', en: 'Long text' },
  integer: { ja: '整数', en: 'Integer' },
  decimal: { ja: '小数', en: 'Decimal' },
  money: { ja: '金額', en: 'Money' },
  percentage: { ja: '割合（%）', en: 'Percentage' },
  date: { ja: '日付', en: 'Date' },
  fiscal_year: { ja: '年度', en: 'Fiscal year' },
  single_choice: { ja: '単一選択', en: 'Single choice' },
  multiple_choice: { ja: '複数選択', en: 'Multiple choice' },
  choice_with_reason: { ja: '選択と理由', en: 'Choice with reason' },
  yes_no: { ja: 'はい／いいえ', en: 'Yes / no' },
  reference: { ja: '参照（課・職員）', en: 'Reference (section, person)' },
  choice_grid: { ja: '格子選択', en: 'Choice grid' },
  computed: { ja: '自動計算', en: 'Computed' },
  indicator_table: { ja: '指標表', en: 'Indicator table' },
  cost_table: { ja: 'コスト表', en: 'Cost table' },
  group: { ja: '繰り返し項目', en: 'Repeated group' },
  aggregate: { ja: '事業シートの集計', en: 'Aggregate of project sheets' },
};

function offsetText(offset: number, t: Translate): string {
  return offset === 0
    ? t('thisYear')
    : t(offset < 0 ? 'yearsBefore' : 'yearsAfter', { n: Math.abs(offset) });
}

/** The template as a reader sees it: its stages, then each block with its fields. */
export function TemplateOutline({ definition }: { definition: TemplateDefinition }) {
  const { t, l, locale } = useI18n();
  const pipeline = templatePipeline(definition);
  const stageName = (key: string) => stageText(key, locale, definition);
  return (
    <div className="outline" data-testid="template-outline">
      <h2>{t('pipeline')}</h2>
      <ol className="stage-list">
        {pipeline.map((s) => (
          <li key={s.key}>
            {l(s.label)}{' '}
            <span className="muted">
              （{roleText(s.role, locale)}
              {s.optional ? `・${t('optional')}` : ''}）
            </span>
          </li>
        ))}
      </ol>
      <h2>{t('blocks', { n: definition.blocks.length })}</h2>
      <ol className="block-list">
        {definition.blocks.map((b) => (
          <li key={b.key}>
            <h3>
              {l(b.title)} <span className="code muted">{b.key}</span>{' '}
              <span className={`tag${b.visibility === 'internal' ? ' tag-internal' : ''}`}>
                {b.visibility === 'internal' ? t('internalBlock') : t('publicBlock')}
              </span>
            </h3>
            {b.description && <p className="help">{l(b.description)}</p>}
            <p className="small">
              {t('editableAt')}: {b.editableAt.map(stageName).join('、')}
            </p>
            <ListTable
              className="grid fields"
              columns={[
                t('field'),
                t('fieldKey'),
                t('fieldType'),
                t('requiredColumn'),
                t('details'),
              ]}
            >
              {b.fields.map((f) => (
                <FieldRow key={f.key} field={f} depth={0} />
              ))}
            </ListTable>
          </li>
        ))}
      </ol>
    </div>
  );
}

function FieldRow({ field, depth }: { field: FieldDefinition; depth: number }) {
  const { t, l, locale } = useI18n();
  const isRequired = 'required' in field && field.required === true;
  const conditional = 'requiredWhen' in field && field.requiredWhen !== undefined;
  return (
    <>
      <tr>
        <th scope="row" className={depth > 0 ? 'nested' : undefined}>
          {depth > 0 && <span aria-hidden="true">└ </span>}
          {l(field.label)}
        </th>
        <td className="code">{field.key}</td>
        <td>{FIELD_TYPES[field.type][locale]}</td>
        <td>{isRequired ? t('requiredStage') : conditional ? t('conditional') : '—'}</td>
        <td>{fieldDetails(field, t, l)}</td>
      </tr>
      {field.type === 'group' &&
        field.fields.map((sub) => <FieldRow key={sub.key} field={sub} depth={depth + 1} />)}
    </>
  );
}

function fieldDetails(
  field: FieldDefinition,
  t: Translate,
  l: (text: LocalizedText | null | undefined) => string,
): string {
  switch (field.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'choice_with_reason':
      return field.options
        .map((o) => l(o.label) + (o.requiresReason ? `（${t('needsReason')}）` : ''))
        .join('、');
    case 'choice_grid':
      return `${field.rows.map((o) => l(o.label)).join('・')} × ${field.columns.map((o) => l(o.label)).join('・')}`;
    case 'indicator_table': {
      const rows =
        field.rows.mode === 'fixed'
          ? field.rows.items.map((r) => l(r.name)).join('、')
          : t('evaluatorRows');
      const columns = field.columns
        .map((c) =>
          c.label
            ? l(c.label)
            : `${offsetText(c.offset, t)}${l(INDICATOR_VALUE_KIND_LABELS[c.valueKind])}`,
        )
        .join('、');
      return `${field.kinds.map((k) => l(INDICATOR_KIND_LABELS[k])).join('・')} / ${t('rowsLabel')}: ${rows} / ${t('columnsLabel')}: ${columns}`;
    }
    case 'cost_table':
      return `${l(MONEY_UNIT_LABELS[field.moneyUnit])} / ${t('columnsLabel')}: ${field.columns
        .map((c) =>
          c.label
            ? l(c.label)
            : `${offsetText(c.offset, t)}${l(COST_VALUE_KIND_LABELS[c.valueKind])}`,
        )
        .join('、')} / ${field.fundingSources.map((s) => l(s.label)).join('、')}`;
    case 'group':
      return `${l(field.itemLabel)}${field.maxItems ? ` ≤ ${field.maxItems}` : ''}`;
    case 'aggregate':
      return `${field.of}${field.source ? ` ← ${field.source}` : ''}${(field.columns ?? []).map((c) => ` ${c.of} ← ${c.source}`).join('')}`;
    case 'computed':
      return field.formula.op;
    case 'money':
      return l(MONEY_UNIT_LABELS[field.unit]);
    case 'integer':
    case 'decimal':
      return field.unit ? l(field.unit) : '';
    case 'text':
    case 'long_text':
      return field.maxLength ? t('maxChars', { n: field.maxLength }) : '';
    case 'reference':
      return field.target;
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'yes_no':
      return '';
  }
}
