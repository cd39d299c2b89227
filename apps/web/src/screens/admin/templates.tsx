import { useCallback, useEffect, useRef, useState } from 'react';
import type { Me } from '../../api';
import { templatesApi, type TemplateStatus } from '../../api-admin';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, Crumbs, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';
import { dateTimeText } from '../../format';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { linkClick, paths } from '../../router';
import { readableJson } from './template-json';
import { TemplateOutline } from './template-outline';

/**
 * Sheet layouts (様式): the list with every version, and one version as a readable outline plus
 * its raw JSON. New templates and versions are made in `template-editor.tsx`.
 */

const STATUS_WORDS: Readonly<Record<TemplateStatus, MessageKey>> = {
  draft: 'tplStatusDraft',
  active: 'tplStatusActive',
  retired: 'tplStatusRetired',
};

/** Notices carried to the next screen (a template was created). */
export const pendingNotice = new Map<string, MessageKey>();

function statusText(status: TemplateStatus, t: Translate): string {
  return t(STATUS_WORDS[status]);
}

// ---------------------------------------------------------------- list

export function AdminTemplatesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('templatesTitle'));
  const { data, error } = useAdminQuery(queryKeys.admin('templates'), templatesApi.list);
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('templatesTitle')}</h1>
      <ErrorBox error={error} />
      <p className="toolbar">
        <span>{t('templatesIntro')}</span>
        <a className="button-link" href={paths.adminTemplateNew()} onClick={linkClick}>
          {t('newTemplate')}
        </a>
      </p>
      {data === null && !error && <p>{t('loading')}</p>}
      {data && (
        <ListTable
          testId="templates"
          caption={t('templatesTitle')}
          columns={[
            t('templateName'),
            t('templateKey'),
            { label: t('latestVersion'), num: true },
            t('status'),
            t('templateOwner'),
            { label: t('cyclesUsing'), num: true },
            t('allVersions'),
          ]}
        >
          {data.map((f) => (
            <tr key={f.key}>
              <th scope="row">
                <a href={paths.adminTemplate(f.latest.id)} onClick={linkClick}>
                  {locale === 'ja' ? f.latest.nameJa : f.latest.nameEn}
                </a>
              </th>
              <td className="code">{f.key}</td>
              <td className="num">{f.latest.version}</td>
              <td>{statusText(f.latest.status, t)}</td>
              <td>{f.builtin ? t('builtinTemplate') : t('ownTemplate')}</td>
              <td className="num">{f.versions.reduce((n, v) => n + v.cycleCount, 0)}</td>
              <td>
                <ul className="inline-list">
                  {f.versions.map((v) => (
                    <li key={v.id}>
                      <a href={paths.adminTemplate(v.id)} onClick={linkClick}>
                        <span className="visually-hidden">{f.key} </span>v{v.version}
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- one version

export function AdminTemplateScreen({ me, templateId }: { me: Me; templateId: string }) {
  const { t, l, locale } = useI18n();
  const load = useCallback(() => templatesApi.get(templateId), [templateId]);
  const { data: tpl, error } = useAdminQuery(queryKeys.admin('template', templateId), load);
  const [notice] = useState(() => pendingNotice.get(templateId));
  useEffect(() => {
    pendingNotice.delete(templateId);
  }, [templateId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (tpl && notice) heading.current?.focus();
  }, [tpl, notice]);
  useTitle(tpl ? `${l(tpl.definition.title)} v${tpl.version}` : t('templatesTitle'));
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <Crumbs href={paths.adminTemplates()} label={t('templatesTitle')} />
      {!tpl ? (
        <>
          <h1>{t('templatesTitle')}</h1>
          <ErrorBox error={error} />
          {!error && <p>{t('loading')}</p>}
        </>
      ) : (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {l(tpl.definition.title)} <span className="muted">v{tpl.version}</span>
          </h1>
          <Announce message={notice ? t(notice, { v: tpl.version }) : ''} />
          <dl className="facts" data-testid="template-facts">
            <dt>{t('templateKey')}</dt>
            <dd className="code">{tpl.key}</dd>
            <dt>{t('version')}</dt>
            <dd>{tpl.version}</dd>
            <dt>{t('status')}</dt>
            <dd>{statusText(tpl.status, t)}</dd>
            <dt>{t('templateOwner')}</dt>
            <dd>{tpl.builtin ? t('builtinTemplate') : t('ownTemplate')}</dd>
            <dt>{t('createdAt')}</dt>
            <dd>{dateTimeText(tpl.createdAt, locale)}</dd>
            <dt>{t('cyclesUsing')}</dt>
            <dd>{tpl.cycleCount}</dd>
          </dl>
          {tpl.definition.description && <p>{l(tpl.definition.description)}</p>}
          <p className="toolbar">
            {!tpl.builtin && (
              <a
                className="button-link"
                href={paths.adminTemplateVersion(tpl.id)}
                onClick={linkClick}
              >
                {t('newVersion')}
              </a>
            )}
            <a className="button-link" href={paths.adminTemplateCopy(tpl.id)} onClick={linkClick}>
              {t('copyTemplate')}
            </a>
            {tpl.builtin && <span className="help">{t('builtinHelp')}</span>}
          </p>
          <TemplateOutline definition={tpl.definition} />
          <h2 id="template-json">{t('rawJson')}</h2>
          <pre
            className="code-view"
            tabIndex={0}
            aria-labelledby="template-json"
            data-testid="template-json"
          >
            <code>{readableJson(tpl.definition)}</code>
          </pre>
        </>
      )}
    </section>
  );
}
