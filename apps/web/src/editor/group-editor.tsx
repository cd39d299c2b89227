import { memo, useMemo } from 'react';
import {
  computeGroupItems,
  groupItems,
  type GroupFieldDefinition,
  type GroupItem,
  type GroupMemberDefinition,
  type NestedGroupFieldDefinition,
  type Path,
  type ScalarFieldDefinition,
} from '@hyoka/domain';
import { useI18n } from '../i18n';
import { errorAt, InlineError, inputId, NO_ERRORS, type ErrorMap } from './common';
import { useJudgement } from './judgement-context';
import { ScalarEditor } from './scalar-editor';

/** A functional update of a group's value (the list of items). */
type GroupUpdate = (update: (prev: unknown) => unknown) => void;

const list = (prev: unknown): unknown[] => (Array.isArray(prev) ? (prev as unknown[]) : []);

/**
 * A repeated group: items added and removed by the evaluator. Shown as one fieldset per item
 * (`display: 'list'`) or as an editable table, a row per item and a column per field
 * (`display: 'table'`). A group nested in an item (細事業 → 活動) is edited inside its outer
 * item, below the table row for a table group.
 */
export const GroupEditor = memo(function GroupEditor(props: {
  path: Path;
  field: GroupFieldDefinition | NestedGroupFieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  update: GroupUpdate;
  /** Outer item's name for a nested group (「細事業 1」), so its buttons say whose items they add. */
  owner?: string;
}) {
  const { field, path, readOnly, update } = props;
  const { t, l } = useI18n();
  const items = groupItems(props.value);
  const judgement = useJudgement();
  const computed = useMemo(
    () => computeGroupItems(field, props.value, judgement),
    [field, props.value, judgement],
  );
  const members: readonly GroupMemberDefinition[] = field.fields;
  const scalars = members.filter((f): f is ScalarFieldDefinition => f.type !== 'group');
  const nestedGroups = members.filter((f): f is NestedGroupFieldDefinition => f.type === 'group');
  const setValue = (itemId: string, key: string, next: (prev: unknown) => unknown) =>
    update((prev) =>
      list(prev).map((it) => {
        const [item] = groupItems([it]);
        return item?.id === itemId
          ? { ...(it as object), values: { ...item.values, [key]: next(item.values[key]) } }
          : it;
      }),
    );
  const add = () =>
    update((prev) => [...list(prev), { id: `i${Date.now().toString(36)}`, values: {} }]);
  const remove = (itemId: string) =>
    update((prev) => list(prev).filter((it) => groupItems([it])[0]?.id !== itemId));
  const itemName = (index: number) => `${l(field.itemLabel)} ${index + 1}`;
  const canAdd = !readOnly && (field.maxItems === undefined || items.length < field.maxItems);

  const scalar = (sub: ScalarFieldDefinition, item: GroupItem) => (
    <ScalarEditor
      key={sub.key}
      path={[...path, item.id, sub.key]}
      field={sub}
      value={item.values[sub.key]}
      fiscalYear={props.fiscalYear}
      readOnly={readOnly}
      errors={props.errors ?? NO_ERRORS}
      computed={computed[item.id]?.[sub.key]}
      set={(v) => setValue(item.id, sub.key, () => v)}
    />
  );
  const nested = (sub: NestedGroupFieldDefinition, item: GroupItem, index: number) => (
    <GroupEditor
      key={sub.key}
      path={[...path, item.id, sub.key]}
      field={sub}
      value={item.values[sub.key]}
      fiscalYear={props.fiscalYear}
      readOnly={readOnly}
      errors={props.errors}
      update={(next) => setValue(item.id, sub.key, next)}
      owner={itemName(index)}
    />
  );
  const removeButton = (item: GroupItem, index: number, short = false) => {
    if (readOnly) return null;
    const name = `${t('removeItem')}: ${props.owner ? `${props.owner} ` : ''}${itemName(index)}`;
    // In a table row the row header already names the item: the button just says 削除.
    return (
      <button type="button" onClick={() => remove(item.id)} aria-label={short ? name : undefined}>
        {short ? t('removeItem') : name}
      </button>
    );
  };

  return (
    <fieldset className={`field group group-${field.display ?? 'list'}`} id={inputId(path)}>
      <legend className="field-label">{l(field.label)}</legend>
      {field.help && <p className="help">{l(field.help)}</p>}
      {field.display === 'table' ? (
        <>
          {items.length > 0 && scalars.length > 0 && (
            <div className="table-scroll">
              <table className="group-table">
                <thead>
                  <tr>
                    <th scope="col">{l(field.itemLabel)}</th>
                    {scalars.map((sub) => (
                      <th key={sub.key} scope="col">
                        {l(sub.label)}
                        {'required' in sub && sub.required && <span className="req"> *</span>}
                      </th>
                    ))}
                    {!readOnly && <th scope="col" aria-hidden="true" />}
                  </tr>
                </thead>
                <tbody>
                  {items.map((item, index) => (
                    <tr key={item.id}>
                      <th scope="row">{itemName(index)}</th>
                      {scalars.map((sub) => (
                        <td key={sub.key}>{scalar(sub, item)}</td>
                      ))}
                      {!readOnly && <td>{removeButton(item, index, true)}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {nestedGroups.length > 0 &&
            items.map((item, index) => (
              <fieldset key={item.id} className="group-item">
                <legend>{itemName(index)}</legend>
                {nestedGroups.map((sub) => nested(sub, item, index))}
                {scalars.length === 0 && removeButton(item, index)}
              </fieldset>
            ))}
        </>
      ) : (
        items.map((item, index) => (
          <fieldset key={item.id} className="group-item">
            <legend>{itemName(index)}</legend>
            {members.map((sub) =>
              sub.type === 'group' ? nested(sub, item, index) : scalar(sub, item),
            )}
            {removeButton(item, index)}
          </fieldset>
        ))
      )}
      {canAdd && (
        <button type="button" onClick={add}>
          ＋ {t('addItem')}: {props.owner ? `${props.owner} ` : ''}
          {l(field.itemLabel)}
        </button>
      )}
      <InlineError path={path} message={errorAt(props.errors, path)} />
    </fieldset>
  );
});
