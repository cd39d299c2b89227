export { canonicalJson, contentHash } from './canonical-json';
export {
  appendSheetVersion,
  nextVersionNo,
  SheetNotFoundError,
  type AppendSheetVersionInput,
} from './sheet-versions';
export { ensureBuiltinTemplates, type TemplateDefinitionLike } from './templates';
export {
  addSheetsToCycle,
  createCycleWithSheets,
  type AddSheetsInput,
  type CreateCycleInput,
  type CreatedCycle,
} from './cycles';
export {
  freezePublication,
  type FreezePublicationInput,
  type PublishedMeta,
  type PublishedUnit,
  type StoredProjection,
} from './published-sheets';
export { insertOutbox, messageIdFor, type OutboxMail, type OutboxRow } from './mail-outbox';
