import { useI18n, type MessageKey } from '../i18n';
import { linkClick, paths } from '../router';

/** The administrator's links to the organisation, people, import, template and audit screens. */
const LINKS: readonly [MessageKey, () => string][] = [
  ['orgTitle', paths.adminOrg],
  ['projectsTitle', paths.adminProjects],
  ['usersTitle', paths.adminUsers],
  ['importTitle', paths.adminImport],
  ['templatesTitle', paths.adminTemplates],
  ['auditTitle', paths.adminAudit],
];

export function AdminMoreLinks() {
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
