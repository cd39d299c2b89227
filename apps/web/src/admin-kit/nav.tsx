import type { Me } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { isAdministrator } from '../roles';
import { linkClick, paths } from '../router';

/** The administrator's links to the organisation, people, import, template and audit screens. */
const LINKS: readonly [MessageKey, () => string][] = [
  ['orgTitle', paths.adminOrg],
  ['projectsTitle', paths.adminProjects],
  ['policiesTitle', paths.adminPolicies],
  ['usersTitle', paths.adminUsers],
  ['importTitle', paths.adminImport],
  ['templatesTitle', paths.adminTemplates],
  ['auditTitle', paths.adminAudit],
  ['reorgTitle', paths.adminReorganisation],
  ['programmesTitle', paths.adminProgrammes],
];

/** The links above every administration screen: cycles for all who see them, the rest for administrators. */
export function AdminNav({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <nav className="admin-nav" aria-label={t('admin')}>
      <a href={paths.adminCycles()} onClick={linkClick}>
        {t('adminCycles')}
      </a>
      {isAdministrator(me) && (
        <a href={paths.adminMail()} onClick={linkClick}>
          {t('mailLog')}
        </a>
      )}
      {isAdministrator(me) && <AdminMoreLinks />}
    </nav>
  );
}

function AdminMoreLinks() {
  const { t } = useI18n();
  const here = window.location.pathname;
  return (
    <>
      {LINKS.map(([label, path]) => {
        const href = path();
        const current = here === href || here.startsWith(`${href}/`);
        return (
          <a
            key={label}
            href={href}
            onClick={linkClick}
            {...(current ? { 'aria-current': 'page' as const } : {})}
          >
            {t(label)}
          </a>
        );
      })}
    </>
  );
}
