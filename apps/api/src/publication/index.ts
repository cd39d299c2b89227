import { ListTableService } from './list-table.service';
import { PdfService } from './pdf.service';
import { PortalService } from './portal.service';
import { PortalPageCache } from './portal-page-cache';
import { PublicationAdminController } from './publication-admin.controller';
import { PublicationAdminService } from './publication-admin.service';
import { PublicationStore } from './publication.store';
import { PublicPortalController } from './public-portal.controller';

/** Publication (公表): the public portal, open data, Excel, PDF, corrections and import. */
export const PUBLICATION_CONTROLLERS = [PublicPortalController, PublicationAdminController];
export const PUBLICATION_PROVIDERS = [
  PublicationStore,
  PortalService,
  PortalPageCache,
  PdfService,
  PublicationAdminService,
  ListTableService,
];
