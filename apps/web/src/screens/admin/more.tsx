import type { Me } from '../../api';
import type { Route } from '../../router';
import { AdminAuditScreen } from './audit';
import { AdminImportScreen } from './import';
import { AdminOrganisationScreen } from './organisation';
import { AdminPoliciesScreen } from './policies';
import { AdminProjectsScreen } from './projects';
import { AdminProgrammesScreen } from './programmes';
import { AdminReorganisationScreen } from './reorganisation';
import { AdminTemplateEditorScreen } from './template-editor';
import { AdminTemplateScreen, AdminTemplatesScreen } from './templates';
import { AdminUserScreen, AdminUsersScreen } from './users';

export { NotAllowed } from '../../admin-kit/page';

/** The administrator's screens for the organisation, people, imports, templates and the audit log. */
export type MoreAdminRoute = Extract<
  Route,
  {
    name:
      | 'admin_org'
      | 'admin_projects'
      | 'admin_policies'
      | 'admin_users'
      | 'admin_user'
      | 'admin_import'
      | 'admin_templates'
      | 'admin_template'
      | 'admin_template_new'
      | 'admin_template_version'
      | 'admin_audit'
      | 'admin_reorganisation'
      | 'admin_programmes';
  }
>;

export function MoreAdminScreen({ me, route }: { me: Me; route: MoreAdminRoute }) {
  switch (route.name) {
    case 'admin_org':
      return <AdminOrganisationScreen me={me} />;
    case 'admin_projects':
      return <AdminProjectsScreen me={me} />;
    case 'admin_policies':
      return <AdminPoliciesScreen me={me} />;
    case 'admin_users':
      return <AdminUsersScreen me={me} />;
    case 'admin_user':
      return <AdminUserScreen key={route.userId ?? 'new'} me={me} userId={route.userId} />;
    case 'admin_import':
      return <AdminImportScreen me={me} />;
    case 'admin_templates':
      return <AdminTemplatesScreen me={me} />;
    case 'admin_template':
      return <AdminTemplateScreen key={route.templateId} me={me} templateId={route.templateId} />;
    case 'admin_template_new':
      return (
        <AdminTemplateEditorScreen
          key={`new-${route.fromId ?? ''}`}
          me={me}
          mode={{ kind: 'new', fromId: route.fromId }}
        />
      );
    case 'admin_template_version':
      return (
        <AdminTemplateEditorScreen
          key={`version-${route.templateId}`}
          me={me}
          mode={{ kind: 'version', templateId: route.templateId }}
        />
      );
    case 'admin_audit':
      return <AdminAuditScreen me={me} />;
    case 'admin_reorganisation':
      return <AdminReorganisationScreen me={me} />;
    case 'admin_programmes':
      return <AdminProgrammesScreen me={me} />;
  }
}
