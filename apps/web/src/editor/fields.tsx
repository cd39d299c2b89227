import { memo } from 'react';
import {
  isRecord,
  type BlockDefinition,
  type ComputedValue,
  type FieldDefinition,
} from '@hyoka/domain';
import { useI18n } from '../i18n';
import { type ErrorMap, type FieldUpdate } from './common';
import { AggregateView } from './aggregate-view';
import { CostTable } from './cost-table';
import { GroupEditor } from './group-editor';
import { IndicatorTable } from './indicator-table';
import { ScalarEditor } from './scalar-editor';

/** One block of the template, its fields in order; read-only unless editable at this stage. */
export const Block = memo(function Block(props: {
  block: BlockDefinition;
  value: unknown;
  fiscalYear: number;
  editable: boolean;
  errors: ErrorMap;
  computedFields: Readonly<Record<string, ComputedValue>>;
  onChange: FieldUpdate;
}) {
  const { block, value, editable } = props;
  const { t, l } = useI18n();
  const blockValue = isRecord(value) ? value : {};
  return (
    <section
      className={`block ${editable ? 'block-editable' : 'block-readonly'}`}
      aria-labelledby={`block-${block.key}`}
      id={`b-${block.key}`}
    >
      <h2 id={`block-${block.key}`}>
        {l(block.title)}
        {!editable && <span className="tag">{t('readOnlyBlock')}</span>}
        {block.visibility === 'internal' && (
          <span className="tag tag-internal">{t('internalBlock')}</span>
        )}
      </h2>
      {block.description && <p className="help">{l(block.description)}</p>}
      {block.fields.map((field) => (
        <FieldEditor
          key={field.key}
          blockKey={block.key}
          field={field}
          value={blockValue[field.key]}
          fiscalYear={props.fiscalYear}
          readOnly={!editable}
          errors={props.errors}
          computed={props.computedFields[`${block.key}.${field.key}`]}
          onChange={props.onChange}
        />
      ))}
    </section>
  );
});

const FieldEditor = memo(function FieldEditor(props: {
  blockKey: string;
  field: FieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  computed: ComputedValue | undefined;
  onChange: FieldUpdate;
}) {
  const { field, blockKey, onChange } = props;
  const { l } = useI18n();
  switch (field.type) {
    case 'indicator_table':
      return (
        <div className="field field-wide">
          {field.help && <p className="help">{l(field.help)}</p>}
          <IndicatorTable {...props} field={field} />
        </div>
      );
    case 'cost_table':
      return (
        <div className="field field-wide">
          {field.help && <p className="help">{l(field.help)}</p>}
          <CostTable {...props} field={field} />
        </div>
      );
    case 'group':
      return (
        <GroupEditor
          path={[blockKey, field.key]}
          field={field}
          value={props.value}
          fiscalYear={props.fiscalYear}
          readOnly={props.readOnly}
          errors={props.errors}
          update={(next) => onChange(blockKey, field.key, next)}
        />
      );
    case 'aggregate':
      return <AggregateView field={field} value={props.value} />;
    case 'text':
    case 'long_text':
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'single_choice':
    case 'multiple_choice':
    case 'choice_with_reason':
    case 'yes_no':
    case 'reference':
    case 'choice_grid':
    case 'computed':
      return (
        <ScalarEditor
          path={[blockKey, field.key]}
          field={field}
          value={props.value}
          fiscalYear={props.fiscalYear}
          readOnly={props.readOnly}
          errors={props.errors}
          computed={props.computed}
          set={(next) => onChange(blockKey, field.key, () => next)}
        />
      );
  }
});
