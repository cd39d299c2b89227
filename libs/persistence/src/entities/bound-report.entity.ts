import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CycleEntity } from './cycle.entity';
import { GovernmentEntity } from './government.entity';
import { DepartmentEntity } from './organisation.entity';
import { AppUserEntity } from './user.entity';

/**
 * A bound report (報告書): one output form printed for every published sheet of a cycle (of one
 * department, or the whole government when `department_id` is null), with a cover, a table of
 * contents and page numbers. Built in the background by the API's report runner: `queued` →
 * `running` (`done` of `total` sheets; `lease_until` says when another process may take it over)
 * → `done` (the PDF) or `failed` (`error`).
 */
@Entity({ name: 'bound_report' })
@Index('IDX_bound_report_status', ['status', 'createdAt'])
export class BoundReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_bound_report' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_bound_report_government' })
  government?: GovernmentEntity;

  @Column({ name: 'cycle_id', type: 'uuid' })
  cycleId!: string;

  @ManyToOne(() => CycleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id', foreignKeyConstraintName: 'FK_bound_report_cycle' })
  cycle?: CycleEntity;

  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'FK_bound_report_department' })
  department?: DepartmentEntity | null;

  @Column({ name: 'form_key', type: 'text' })
  formKey!: string;

  @Column({ type: 'text' })
  locale!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: string;

  @Column({ type: 'integer', default: 0 })
  done!: number;

  @Column({ type: 'integer', default: 0 })
  total!: number;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: { ja: string; en: string } | null;

  @Column({ type: 'bytea', nullable: true })
  pdf!: Buffer | null;

  @Column({ name: 'page_count', type: 'integer', nullable: true })
  pageCount!: number | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'FK_bound_report_requested_by' })
  requester?: AppUserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
