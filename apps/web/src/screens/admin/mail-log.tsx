import { useId, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { adminApi, type MailLog, type Me } from '../../api';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { ErrorBox, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';
import { dateTimeText } from '../../format';
import { useI18n } from '../../i18n';
import { MAIL_STATUSES, MAIL_WORDS } from '../../mail-words';

/** The log of every mail sent or waiting, filtered by status and recipient (administrators). */
export function AdminMailScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const id = useId();
  useTitle(t('mailLog'));
  const [status, setStatus] = useState('');
  const [to, setTo] = useState('');
  const [applied, setApplied] = useState<Record<string, string>>({});
  const query = useQuery({
    queryKey: queryKeys.admin('mail', applied),
    queryFn: () => adminApi.mail({ limit: '100', ...applied }),
    // The last answer stays on screen while other filters are asked for.
    placeholderData: keepPreviousData,
  });
  const log: MailLog | null = query.data ?? null;
  const error = query.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = { ...(status ? { status } : {}), ...(to.trim() ? { to: to.trim() } : {}) };
    // The same filters again: read anew (mail keeps being sent).
    if (JSON.stringify(next) === JSON.stringify(applied)) void query.refetch();
    else setApplied(next);
  };
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('mailLog')}</h1>
      <form className="filters" onSubmit={submit} role="search" aria-label={t('filters')}>
        <label htmlFor={`${id}-s`}>{t('status')}</label>
        <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('allStatuses')}</option>
          {MAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {MAIL_WORDS[s]?.[locale] ?? s}
              {log?.counts[s] !== undefined ? ` (${log.counts[s]})` : ''}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-to`}>{t('recipient')}</label>
        <input id={`${id}-to`} type="search" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorBox error={error} />
      {log && log.items.length === 0 && <p role="status">{t('noMail')}</p>}
      {log && log.items.length > 0 && (
        <ListTable
          testId="mail-log"
          columns={[
            t('createdAt'),
            t('status'),
            t('kind'),
            t('recipient'),
            t('subject'),
            t('attempts'),
          ]}
        >
          {log.items.map((m) => (
            <tr key={m.id}>
              <td>{dateTimeText(m.createdAt, locale)}</td>
              <td>{MAIL_WORDS[m.status]?.[locale] ?? m.status}</td>
              <td>{MAIL_WORDS[m.kind]?.[locale] ?? m.kind}</td>
              <td>{m.to}</td>
              <td>{m.subject}</td>
              <td className="num">{m.attempts}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
