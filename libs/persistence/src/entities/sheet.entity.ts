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
  UpdateDateColumn,
} from 'typeorm';
import { CycleEntity } from './cycle.entity';
import { GovernmentEntity } from './government.entity';
import { SectionEntity } from './organisation.entity';
import { PolicyNodeEntity } from './policy-node.entity';
import { ProjectEntity } from './project.entity';
import { AppUserEntity } from './user.entity';
import type { SheetStatus } from '../column-values';

export type { SheetStatus };

/**
 * A project's evaluation sheet in one cycle. `content` is the current draft (the domain's
 * `SheetContent`); every submission, approval, sending back and publication is kept in
 * `sheet_version`. `draft_revision` increases with every saved draft: writers update
 * `WHERE draft_revision = <the revision they read>` (optimistic locking).
 */
@Entity({ name: 'sheet' })
@Unique('UQ_sheet_cycle_project', ['cycleId', 'projectId'])
@Unique('UQ_sheet_cycle_policy_node', ['cycleId', 'policyNodeId'])
@Index('IDX_sheet_policy_node', ['policyNodeId'])
@Check('CHK_sheet_subject', `("project_id" IS NULL) <> ("policy_node_id" IS NULL)`)
@Index('IDX_sheet_government_cycle_stage', ['governmentId', 'cycleId', 'currentStage'])
@Index('IDX_sheet_project', ['projectId'])
@Index('IDX_sheet_section', ['sectionId'])
@Index('IDX_sheet_person_in_charge', ['personInChargeId'])
@Check('CHK_sheet_status', `"status" IN ('not_started', 'in_progress', 'published', 'withdrawn')`)
@Check('CHK_sheet_round', `"round" >= 1`)
@Check('CHK_sheet_draft_revision', `"draft_revision" >= 0`)
export class SheetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_sheet' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_sheet_government' })
  government?: GovernmentEntity;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @ManyToOne(() => CycleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'cycle_id', foreignKeyConstraintName: 'FK_sheet_cycle' })
  cycle?: CycleEntity;

  /** The project evaluated; null on a policy sheet (exactly one of project / policy node). */
  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId!: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'FK_sheet_project' })
  project?: ProjectEntity | null;

  /** The 施策 evaluated by a policy sheet (template subject `policy`); null on a project sheet. */
  @Column({ name: 'policy_node_id', type: 'uuid', nullable: true })
  policyNodeId!: string | null;

  @ManyToOne(() => PolicyNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'policy_node_id', foreignKeyConstraintName: 'FK_sheet_policy_node' })
  policyNode?: PolicyNodeEntity | null;

  /** The section in charge this year (copied from the project when the cycle is set up). */
  @Column({ name: 'section_id', type: 'uuid' })
  sectionId!: string;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'FK_sheet_section' })
  section?: SectionEntity;

  @Column({ name: 'person_in_charge_id', type: 'uuid', nullable: true })
  personInChargeId!: string | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'person_in_charge_id',
    foreignKeyConstraintName: 'FK_sheet_person_in_charge',
  })
  personInCharge?: AppUserEntity | null;

  /** Current draft (SheetContent). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  content!: unknown;

  @Column({ name: 'draft_revision', type: 'integer', default: 0 })
  draftRevision!: number;

  /** Stage key the sheet is at (e.g. `self_evaluation`). */
  @Column({ name: 'current_stage', type: 'text' })
  currentStage!: string;

  /** 1, then +1 each time the sheet is sent back. */
  @Column({ type: 'integer', default: 1 })
  round!: number;

  @Column({ name: 'selected_for_committee', type: 'boolean', default: false })
  selectedForCommittee!: boolean;

  @Column({ type: 'text', default: 'not_started' })
  status!: SheetStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
