import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';
import { SheetVersionEntity } from './sheet-version.entity';
import { SheetEntity } from './sheet.entity';
import { AppUserEntity } from './user.entity';

/**
 * A comment on a sheet at a stage and round (e.g. why it was sent back), and who reads it: its
 * `audience` (a stage of the sheet's pipeline; see `comments/audience.ts` of `@hyoka/domain`).
 */
@Entity({ name: 'comment' })
@Index('IDX_comment_sheet_created', ['sheetId', 'createdAt'])
@Index('IDX_comment_government', ['governmentId'])
@Index('UQ_comment_sheet_version', ['sheetVersionId'], { unique: true })
@Check('CHK_comment_round', `"round" >= 1`)
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_comment' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_comment_government' })
  government?: GovernmentEntity;

  @Column({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @ManyToOne(() => SheetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_comment_sheet' })
  sheet?: SheetEntity;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'integer' })
  round!: number;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => AppUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'FK_comment_author' })
  author?: AppUserEntity;

  @Column({ type: 'text' })
  body!: string;

  /**
   * Who reads it: a stage key of the sheet's pipeline. The people of that stage and of every
   * earlier one read it (plus its author, the planning office and administrators).
   */
  @Column({ type: 'text' })
  audience!: string;

  /** The version of the step it was given with (submit, approve, send back); null on its own. */
  @Column({ name: 'sheet_version_id', type: 'uuid', nullable: true })
  sheetVersionId!: string | null;

  @ManyToOne(() => SheetVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_version_id', foreignKeyConstraintName: 'FK_comment_sheet_version' })
  sheetVersion?: SheetVersionEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
