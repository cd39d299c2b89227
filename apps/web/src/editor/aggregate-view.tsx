import { memo } from 'react';
import { aggregateDisplay, type AggregateFieldDefinition } from '@hyoka/domain';
import { useI18n } from '../i18n';
import { linkClick, paths } from '../router';

/**
 * An aggregate of a policy sheet (施策評価): read-only, computed by the server from the project
 * sheets under the policy and sent with the sheet; a project table links to each project's sheet.
 */
export const AggregateView = memo(function AggregateView(props: {
  field: AggregateFieldDefinition;
  value: unknown;
}) {
  const { t, l, locale } = useI18n();
  const shown = aggregateDisplay(props.value, locale);
  return (
    <div className={shown.kind === 'table' ? 'field field-wide' : 'field'}>
      <span className="field-label">
        {l(props.field.label)} <span className="tag">{t('aggregateTag')}</span>
      </span>
      <p className="help">{props.field.help ? l(props.field.help) : t('aggregateHelp')}</p>
      {shown.kind === 'text' ? (
        <output className="computed-value">{shown.text}</output>
      ) : (
        <table className="aggregate-table">
          <thead>
            <tr>
              {shown.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.rows.map((row) => (
              <tr key={row.sheetId}>
                <th scope="row">{row.header}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>
                    {i === 0 ? (
                      <a href={paths.sheet(row.sheetId)} onClick={linkClick}>
                        {cell}
                      </a>
                    ) : (
                      cell
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
});
