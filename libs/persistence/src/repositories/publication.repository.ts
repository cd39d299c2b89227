import type { EntityManager } from 'typeorm';
import type { PublishedSheetEntity } from '../entities/published-sheet.entity';
import { freezePublication, type FreezePublicationInput } from './published-sheets';

/** Publications (`published_sheet`): frozen public projections of sheet versions. */
export class PublicationRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Freezes a version as the sheet's next publication (idempotent on the version); run it in
   * the transaction that wrote the version (see {@link freezePublication}).
   */
  freeze(
    input: FreezePublicationInput,
    m: EntityManager = this.manager,
  ): Promise<PublishedSheetEntity> {
    return freezePublication(m, input);
  }
}
