import { memo } from 'react';
import type { BulkResult, InboxItem } from '../api';
import { dateText, dueState, stageText } from '../format';
import type { Translate } from '../i18n';
import { linkClick, paths } from '../router';

/** One task of the inbox: its sheet, stage, due date and state, and what the person can do. */
export const InboxRow = memo(function InboxRow(props: {
  item: InboxItem;
  selectable: boolean;
  /** The person has tasks of several evaluation programmes: each row names its own. */
  showProgramme: boolean;
  selected: boolean;
  result: BulkResult | undefined;
  onToggle: (taskId: string, on: boolean) => void;
  onClaim: (item: InboxItem) => Promise<void>;
  t: Translate;
  locale: 'ja' | 'en';
}) {
  const { item, t, locale, result } = props;
  const due = dueState(item.dueDate, item.overdue);
  // Approved here (bulk): the task is no longer the caller's; the row says where the sheet went.
  const approved = result?.ok === true;
  return (
    <tr
      className={
        result ? (result.ok ? 'row-ok' : 'row-failed') : item.returned ? 'row-returned' : undefined
      }
    >
      <td>
        {props.selectable && !approved && (
          <input
            type="checkbox"
            aria-label={`${t('select')}: ${item.projectCode} ${item.projectName}`}
            checked={props.selected}
            onChange={(e) => props.onToggle(item.taskId, e.target.checked)}
          />
        )}
      </td>
      <td className="code">{item.projectCode}</td>
      <td>
        <a href={paths.sheet(item.sheetId)} onClick={linkClick}>
          {item.projectName}
        </a>
        {props.showProgramme && (
          <span className="badge badge-programme">{item.programme.name[locale]}</span>
        )}
      </td>
      <td>{item.sectionName}</td>
      <td>
        {approved && result.stage ? (
          <>
            <del className="muted">{stageText(item.stage, locale)}</del> →{' '}
            {stageText(result.stage, locale)}
          </>
        ) : (
          stageText(item.stage, locale)
        )}
        {item.round > 1 && <span className="muted"> ({t('roundN', { n: item.round })})</span>}
      </td>
      <td className="date">{dateText(item.dueDate, locale)}</td>
      <td>
        {item.returned && !approved && (
          <span className="badge badge-returned">{t('returnedBadge')}</span>
        )}
        {due === 'overdue' && <span className="badge badge-overdue">{t('overdue')}</span>}
        {due === 'soon' && <span className="badge badge-soon">{t('dueSoon')}</span>}
        {!approved && (
          <span
            className={`badge badge-${item.kind === 'mine' || !item.shared ? 'mine' : 'group'}`}
          >
            {item.kind === 'mine' || !item.shared ? t('mine') : t('group')}
          </span>
        )}
        {result && (
          <span className={result.ok ? 'result-ok' : 'result-failed'}>
            {result.ok ? `✓ ${t('approved')}` : `✗ ${t('failed')}: ${result.error ?? ''}`}
          </span>
        )}
        {item.returned && item.returnComment && !approved && (
          <span className="return-comment">
            <span className="visually-hidden">{t('returnReason')}: </span>
            {item.returnComment}
          </span>
        )}
      </td>
      <td>
        {item.kind === 'group' && item.shared && item.claimedBy === null && !approved && (
          <button
            type="button"
            aria-label={`${t('claim')}: ${item.projectCode}`}
            onClick={() => void props.onClaim(item)}
          >
            {t('claim')}
          </button>
        )}
      </td>
    </tr>
  );
});
