import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';
import { SheetEntity } from './sheet.entity';
import { AppUserEntity } from './user.entity';
import type { SheetVersionAction } from '../column-values';

export type { SheetVersionAction };

export const SHEET_VERSION_ACTIONS: readonly SheetVersionAction[] = [
  'submit',
  'approve',
  'send_back',
  'publish',
  'correction',
];

/**
 * An immutable snapshot of a sheet, written at every submission, approval, sending back,
 * publication or correction. Numbered 1, 2, … per sheet. A trigger in the migration rejects
 * UPDATE and DELETE; append with `appendSheetVersion`. `content_hash` is the sha256 of the
 * canonical JSON of `content` (see `canonicalJson`).
 */
@Entity({ name: 'sheet_version' })
@Unique('UQ_sheet_version_sheet_version_no', ['sheetId', 'versionNo'])
@Index('UQ_sheet_version_transition_key', ['sheetId', 'transitionKey'], {
  unique: true,
  where: '"transition_key" IS NOT NULL',
})
@Index('IDX_sheet_version_government_created', ['governmentId', 'createdAt'])
@Check(
  'CHK_sheet_version_action',
  `"action" IN ('submit', 'approve', 'send_back', 'publish', 'correction')`,
)
@Check('CHK_sheet_version_version_no', `"version_no" >= 1`)
@Check('CHK_sheet_version_round', `"round" >= 1`)
@Check('CHK_sheet_version_content_hash', `"content_hash" ~ '^[0-9a-f]{64}$'`)
export class SheetVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sheet_version' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_sheet_version_government' })
  government?: GovernmentEntity;

  @Column({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @ManyToOne(() => SheetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_sheet_version_sheet' })
  sheet?: SheetEntity;

  @Column({ name: 'version_no', type: 'integer' })
  versionNo!: number;

  @Column({ type: 'jsonb' })
  content!: unknown;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** Null for versions written by the system (e.g. an automatic publication). */
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_sheet_version_author' })
  author?: AppUserEntity | null;

  /** Stage at which the action happened. */
  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ type: 'text' })
  action!: SheetVersionAction;

  /** Why (required by the API for send_back and correction). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /**
   * Idempotency key of the workflow transition that wrote this version: a retried activity finds
   * its version instead of writing a second one. NULL for versions written outside a workflow.
   */
  @Column({ name: 'transition_key', type: 'text', nullable: true })
  transitionKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
