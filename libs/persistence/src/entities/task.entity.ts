import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CODE_COLLATION } from './code-collation';
import { GovernmentEntity } from './government.entity';
import { SheetEntity } from './sheet.entity';

export type TaskStatus = 'open' | 'completed' | 'cancelled';
export type TaskOutcome = 'submit' | 'approve' | 'send_back' | 'publish' | 'superseded';

/**
 * The inbox projection: one row per human step of a sheet (stage × round). The sheet workflow is
 * the source of truth; rows are written only by its activities, idempotently. Project and section
 * are copied in so an inbox row renders without joins.
 */
@Entity({ name: 'task' })
@Check('CHK_task_status', `"status" IN ('open', 'completed', 'cancelled')`)
@Check('CHK_task_assignment', `("assignee_user_id" IS NOT NULL) <> ("candidate_role" IS NOT NULL)`)
@Index('UQ_task_sheet_stage_round', ['sheetId', 'stage', 'round'], { unique: true })
@Index('IDX_task_assignee_open_due', ['assigneeUserId', 'dueDate'], { where: `"status" = 'open'` })
@Index(
  'IDX_task_group_open_due',
  ['governmentId', 'candidateRole', 'candidateScopeId', 'dueDate'],
  {
    where: `"status" = 'open' AND "claimed_by" IS NULL`,
  },
)
@Index('IDX_task_claimed_open_due', ['claimedBy', 'dueDate'], { where: `"status" = 'open'` })
@Index('IDX_task_cycle_stage_status', ['cycleId', 'stage', 'status'])
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_task' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_task_government' })
  government?: GovernmentEntity;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @Column({ name: 'sheet_id', type: 'uuid' })
  sheetId!: string;

  @ManyToOne(() => SheetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sheet_id', foreignKeyConstraintName: 'FK_task_sheet' })
  sheet?: SheetEntity;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear!: number;

  @Column({ name: 'project_code', type: 'text', collation: CODE_COLLATION })
  projectCode!: string;

  @Column({ name: 'project_name', type: 'text' })
  projectName!: string;

  @Column({ name: 'section_id', type: 'uuid' })
  sectionId!: string;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ type: 'integer' })
  round!: number;

  /** Set for a task assigned to one person. */
  @Column({ name: 'assignee_user_id', type: 'uuid', nullable: true })
  assigneeUserId!: string | null;

  /** Set for a group task: anyone with this role in this scope may claim it. */
  @Column({ name: 'candidate_role', type: 'text', nullable: true })
  candidateRole!: string | null;

  @Column({ name: 'candidate_scope_kind', type: 'text', nullable: true })
  candidateScopeKind!: string | null;

  @Column({ name: 'candidate_scope_id', type: 'uuid', nullable: true })
  candidateScopeId!: string | null;

  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: TaskStatus;

  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ name: 'opened_at', type: 'timestamptz', default: () => 'now()' })
  openedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'uuid', nullable: true })
  completedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: TaskOutcome | null;
}
