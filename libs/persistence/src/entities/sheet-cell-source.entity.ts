import {
  Check,
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';
import { SheetEntity } from './sheet.entity';
import { AppUserEntity } from './user.entity';

/**
 * Where a cell of a sheet's draft came from when it was not typed by a person: today the
 * accounting system's import (財務会計から取込). One row per sheet and cell path
 * (`cost.table.general.2026.budget`), replaced by the next import of that cell. The cell still
 * counts as imported only while the draft holds `value`: a person who changes it owns it.
 */
@Entity({ name: 'sheet_cell_source' })
@Unique('UQ_sheet_cell_source_sheet_path', ['sheetId', 'path'])
@Check('CHK_sheet_cell_source_source', `"source" IN ('accounting')`)
export class SheetCellSourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sheet_cell_source' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'government_id',
    foreignKeyConstraintName: 'FK_sheet_cell_source_government',
  })
  government?: GovernmentEntity;

  @Column({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @ManyToOne(() => SheetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_sheet_cell_source_sheet' })
  sheet?: SheetEntity;

  /** The cell's content path, dotted (block.field.row.year.kind). */
  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text' })
  source!: 'accounting';

  /** The value the import wrote. */
  @Column({ type: 'jsonb' })
  value!: unknown;

  @Column({ name: 'imported_by', type: 'uuid', nullable: true })
  importedBy!: string | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'imported_by', foreignKeyConstraintName: 'FK_sheet_cell_source_user' })
  importer?: AppUserEntity;

  @Column({ name: 'imported_at', type: 'timestamptz', default: () => 'now()' })
  importedAt!: Date;
}
