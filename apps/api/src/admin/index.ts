import { AdminCyclesController } from './cycles.controller';
import { AdminCyclesService } from './cycles.service';
import { AdminCsvImportService } from './csv-import.service';
import { AdminOrganisationController } from './organisation.controller';
import { AdminOrganisationService } from './organisation.service';
import { AdminProgressService } from './progress.service';
import { AdminTemplatesController } from './templates.controller';
import { AdminTemplatesService } from './templates.service';
import { AdminUsersController } from './users.controller';
import { AdminUsersService } from './users.service';
import { AdminPolicyImportService } from './policy-import.service';
import { AdminPolicyNodesController } from './policy-nodes.controller';
import { AdminPolicyNodesService } from './policy-nodes.service';
import { AdminReorganisationController } from './reorganisation.controller';
import { AdminReorganisationService } from './reorganisation.service';
import { AdminCycleRosterService } from './cycle-roster.service';
import { AdminOrganisationImportService } from './organisation-import.service';
import { AdminProgrammesController } from './programmes.controller';
import { AdminProgrammesService } from './programmes.service';

/** Administration under /admin (administrator; the planning office may read progress). */
export const ADMIN_CONTROLLERS = [
  AdminTemplatesController,
  AdminCyclesController,
  AdminOrganisationController,
  AdminUsersController,
  AdminPolicyNodesController,
  AdminReorganisationController,
  AdminProgrammesController,
];

export const ADMIN_PROVIDERS = [
  AdminTemplatesService,
  AdminCyclesService,
  AdminProgressService,
  AdminOrganisationService,
  AdminUsersService,
  AdminCsvImportService,
  AdminPolicyNodesService,
  AdminPolicyImportService,
  AdminReorganisationService,
  AdminCycleRosterService,
  AdminOrganisationImportService,
  AdminProgrammesService,
];
