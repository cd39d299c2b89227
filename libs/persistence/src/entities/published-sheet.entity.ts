import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { CODE_COLLATION } from './code-collation';
import { CycleEntity } from './cycle.entity';
import { GovernmentEntity } from './government.entity';
import { SheetVersionEntity } from './sheet-version.entity';
import { SheetEntity } from './sheet.entity';
import { TemplateEntity } from './template.entity';

/**
 * One publication (公表) of a sheet: the frozen sheet_version it publishes and the public
 * projection of its content (only the template's public blocks, computed values included,
 * references resolved to names), so the public portal never reads internal content.
 * `publication_no` is 1 for the first publication and +1 for every correction (with a `note`);
 * older publications stay readable at their own URL. Append-only (a trigger rejects UPDATE and
 * DELETE). The list columns (names, total cost, achievement, direction) are copied out of the
 * projection so the public list can be searched and sorted in SQL.
 */
@Entity({ name: 'published_sheet' })
@Unique('UQ_published_sheet_sheet_no', ['sheetId', 'publicationNo'])
@Unique('UQ_published_sheet_version', ['sheetVersionId'])
@Index('IDX_published_sheet_list', ['governmentId', 'fiscalYear', 'projectCode'])
@Check('CHK_published_sheet_publication_no', `"publication_no" >= 1`)
export class PublishedSheetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_published_sheet' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_published_sheet_government' })
  government?: GovernmentEntity;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @ManyToOne(() => CycleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_id', foreignKeyConstraintName: 'FK_published_sheet_cycle' })
  cycle?: CycleEntity;

  @Column({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @ManyToOne(() => SheetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_published_sheet_sheet' })
  sheet?: SheetEntity;

  /** The frozen version this publication shows. */
  @Column({ name: 'sheet_version_id', type: 'uuid' })
  sheetVersionId!: string;

  @ManyToOne(() => SheetVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'sheet_version_id',
    foreignKeyConstraintName: 'FK_published_sheet_sheet_version',
  })
  sheetVersion?: SheetVersionEntity;

  @Column({ name: 'version_no', type: 'integer' })
  versionNo!: number;

  /** Template the projection follows (layout and labels; templates are never edited). */
  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @ManyToOne(() => TemplateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'FK_published_sheet_template' })
  template?: TemplateEntity;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear!: number;

  @Column({ name: 'project_code', type: 'text', collation: CODE_COLLATION })
  projectCode!: string;

  @Column({ name: 'project_name', type: 'text' })
  projectName!: string;

  @Column({ name: 'department_code', type: 'text', nullable: true, collation: CODE_COLLATION })
  departmentCode!: string | null;

  @Column({ name: 'department_name', type: 'text', nullable: true })
  departmentName!: string | null;

  @Column({ name: 'section_name', type: 'text', nullable: true })
  sectionName!: string | null;

  /** 政策 (top of the policy hierarchy) the project belongs to. */
  @Column({ name: 'policy_code', type: 'text', nullable: true, collation: CODE_COLLATION })
  policyCode!: string | null;

  @Column({ name: 'policy_name', type: 'text', nullable: true })
  policyName!: string | null;

  /** トータルコスト of the evaluated year, in the table's money unit. */
  @Column({ name: 'total_cost', type: 'numeric', nullable: true })
  totalCost!: string | null;

  /** Outcome achievement of the evaluated year: 'achieved', 'partly', 'not_achieved' or null. */
  @Column({ type: 'text', nullable: true })
  achievement!: string | null;

  /** Chosen direction(s), Japanese labels joined by 「、」. */
  @Column({ type: 'text', nullable: true })
  direction!: string | null;

  /** 1 for the first publication, +1 for each correction. */
  @Column({ name: 'publication_no', type: 'integer' })
  publicationNo!: number;

  /** What a correction changed and why (null for the first publication). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The public projection (see `PublicProjection` in @hyoka/domain). */
  @Column({ type: 'jsonb' })
  projection!: unknown;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}

/** Rendered PDF of a publication, per language: filled on first request, never stale. */
@Entity({ name: 'published_pdf' })
export class PublishedPdfEntity {
  @PrimaryColumn({
    name: 'published_sheet_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_published_pdf',
  })
  publishedSheetId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_published_pdf' })
  locale!: string;

  @ManyToOne(() => PublishedSheetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'published_sheet_id',
    foreignKeyConstraintName: 'FK_published_pdf_published_sheet',
  })
  publishedSheet?: PublishedSheetEntity;

  @Column({ type: 'bytea' })
  pdf!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
