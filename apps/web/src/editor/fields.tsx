import { memo, useMemo } from 'react';
import {
  computeGroupItems,
  isRecord,
  type BlockDefinition,
  type ComputedValue,
  type FieldDefinition,
  type GroupFieldDefinition,
} from '@hyoka/domain';
import { useI18n } from '../i18n';
import {
  errorAt,
  InlineError,
  inputId,
  NO_ERRORS,
  type ErrorMap,
  type FieldUpdate,
} from './common';
import { AggregateView } from './aggregate-view';
import { CostTable } from './cost-table';
import { IndicatorTable } from './indicator-table';
import { useJudgement } from './judgement-context';
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
      return <GroupEditor {...props} field={field} />;
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

const GroupEditor = memo(function GroupEditor(props: {
  blockKey: string;
  field: GroupFieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  onChange: FieldUpdate;
}) {
  const { field, blockKey, readOnly, onChange } = props;
  const { t, l } = useI18n();
  const items = Array.isArray(props.value)
    ? (props.value.filter(isRecord) as { id: string; values?: Record<string, unknown> }[])
    : [];
  const judgement = useJudgement();
  const computed = useMemo(
    () => computeGroupItems(field, props.value, judgement),
    [field, props.value, judgement],
  );
  const setItem = (itemId: string, key: string, v: unknown) =>
    onChange(blockKey, field.key, (prev) =>
      (Array.isArray(prev) ? (prev as unknown[]) : []).map((it: unknown) =>
        isRecord(it) && it.id === itemId
          ? { ...it, values: { ...(isRecord(it.values) ? it.values : {}), [key]: v } }
          : it,
      ),
    );
  const add = () =>
    onChange(blockKey, field.key, (prev) => [
      ...(Array.isArray(prev) ? (prev as unknown[]) : []),
      { id: `i${Date.now().toString(36)}`, values: {} },
    ]);
  const remove = (itemId: string) =>
    onChange(blockKey, field.key, (prev) =>
      (Array.isArray(prev) ? (prev as unknown[]) : []).filter(
        (it: unknown) => !(isRecord(it) && it.id === itemId),
      ),
    );
  const path = [blockKey, field.key];
  const canAdd = !readOnly && (field.maxItems === undefined || items.length < field.maxItems);
  return (
    <fieldset className="field group" id={inputId(path)}>
      <legend className="field-label">{l(field.label)}</legend>
      {field.help && <p className="help">{l(field.help)}</p>}
      {items.map((item, index) => (
        <fieldset key={item.id} className="group-item">
          <legend>
            {l(field.itemLabel)} {index + 1}
          </legend>
          {field.fields.map((sub) => (
            <ScalarEditor
              key={sub.key}
              path={[...path, item.id, sub.key]}
              field={sub}
              value={item.values?.[sub.key]}
              fiscalYear={props.fiscalYear}
              readOnly={readOnly}
              errors={props.errors ?? NO_ERRORS}
              computed={computed[item.id]?.[sub.key]}
              set={(v) => setItem(item.id, sub.key, v)}
            />
          ))}
          {!readOnly && (
            <button type="button" onClick={() => remove(item.id)}>
              {t('removeItem')}: {l(field.itemLabel)} {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      {canAdd && (
        <button type="button" onClick={add}>
          ＋ {t('addItem')}: {l(field.itemLabel)}
        </button>
      )}
      <InlineError path={path} message={errorAt(props.errors, path)} />
    </fieldset>
  );
});
