import { adminApi, type Me } from '../../api';
import { ErrorBox, useLoad, useTitle } from '../../admin-kit/page';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { fiscalYearText } from '../../format';
import { useI18n } from '../../i18n';
import { isAdministrator } from '../../roles';
import { linkClick, paths } from '../../router';
import { fiscalYearLabel, statusText, templateLabel } from './cycle-common';
import { CycleSetupForm } from './cycle-setup-form';

/** The cycles of every fiscal year, and (for administrators) the set-up of a new one. */
export function AdminCyclesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('adminCycles'));
  const { data: cycles, error } = useLoad(adminApi.cycles);
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('adminCycles')}</h1>
      <ErrorBox error={error} />
      {cycles === null && !error ? (
        <p>{t('loading')}</p>
      ) : cycles && cycles.length === 0 ? (
        <p>{t('noCycles')}</p>
      ) : (
        cycles && (
          <ListTable
            columns={[
              t('fiscalYear'),
              t('programme'),
              t('status'),
              t('template'),
              t('sheets'),
              t('progress'),
            ]}
          >
            {cycles.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <a href={paths.adminCycle(c.id)} onClick={linkClick}>
                    {fiscalYearLabel(c.fiscalYear, locale)}
                  </a>
                </th>
                <td>{locale === 'ja' ? c.programme.name.ja : c.programme.name.en}</td>
                <td>{statusText(c.status, t)}</td>
                <td>{templateLabel(c, locale)}</td>
                <td className="num">{c.sheetCount}</td>
                <td>
                  {c.status !== 'draft' && (
                    <a href={paths.adminProgress(c.id)} onClick={linkClick}>
                      {t('progress')}
                      <span className="visually-hidden">
                        {' '}
                        {fiscalYearText(c.fiscalYear, locale)}{' '}
                        {locale === 'ja' ? c.programme.name.ja : c.programme.name.en}
                      </span>
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </ListTable>
        )
      )}
      {isAdministrator(me) && <CycleSetupForm existing={cycles ?? []} />}
    </section>
  );
}
