export {
  ARCHIVE_FORMAT,
  ArchiveError,
  checkManifest,
  csvCell,
  IdRenamer,
  MANIFEST_FILE,
  schemaTimestamp,
  type ArchiveErrorCode,
  type ArchiveManifest,
  type ArchiveTableEntry,
} from './format';
export { ARCHIVE_EXCLUDED_TABLES, ARCHIVE_TABLES, type ArchiveTable } from './tables';
export { exportGovernment, type ArchiveProgress, type ExportOptions } from './export';
export { importGovernment, type ImportOptions, type ImportResult } from './import';
