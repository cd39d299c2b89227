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
import { ProgrammeEntity } from './programme.entity';
import { TemplateEntity } from './template.entity';
import type { CycleStatus } from '../column-values';

export type { CycleStatus };

/**
 * One evaluation programme's cycle for a fiscal year (several programmes of a government run
 * side by side, one cycle each per year): which template version, which stages in
 * which order (`pipeline`, the domain's stage definitions), and the calendar (`calendar`: due
 * date per stage key). Both are JSON owned by the domain.
 */
@Entity({ name: 'cycle' })
@Unique('UQ_cycle_government_programme_fiscal_year', ['governmentId', 'programmeId', 'fiscalYear'])
@Index('IDX_cycle_programme', ['programmeId'])
@Index('IDX_cycle_template', ['templateId'])
@Check('CHK_cycle_status', `"status" IN ('draft', 'open', 'closed')`)
@Check('CHK_cycle_fiscal_year', `"fiscal_year" BETWEEN 1989 AND 2200`)
export class CycleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_cycle' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_cycle_government' })
  government?: GovernmentEntity;

  /** The programme (事務事業評価, 施策評価 …); see ProgrammeEntity. */
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId!: string;

  @ManyToOne(() => ProgrammeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'FK_cycle_programme' })
  programme?: ProgrammeEntity;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear!: number;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @ManyToOne(() => TemplateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'FK_cycle_template' })
  template?: TemplateEntity;

  /** Ordered stage definitions. */
  @Column({ type: 'jsonb' })
  pipeline!: unknown;

  /** Due date per stage key: `{ dueDate: 'YYYY-MM-DD', deadlineAt?: ISO instant }`. */
  @Column({ type: 'jsonb' })
  calendar!: unknown;

  @Column({ type: 'text', default: 'draft' })
  status!: CycleStatus;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
