import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';

/**
 * The audit trail: one row per sign-in attempt, sign-out and mutating request (and per task of a
 * bulk action). Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. Who and where are
 * copied in (display name, e-mail tried, IP, user agent) so an entry still reads the same after
 * the user is renamed or deactivated; the user id deliberately has no foreign key.
 */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_government_created', ['governmentId', 'createdAt', 'id'])
@Index('IDX_audit_log_government_user_created', ['governmentId', 'userId', 'createdAt'])
@Index('IDX_audit_log_government_sheet_created', ['governmentId', 'sheetId', 'createdAt'])
@Index('IDX_audit_log_government_action_created', ['governmentId', 'action', 'createdAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_audit_log' })
  id!: string;

  /** Null only when a sign-in named a government that does not exist. */
  @Column({ name: 'government_id', type: 'uuid', nullable: true })
  governmentId!: string | null;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_audit_log_government' })
  government?: GovernmentEntity;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** The user's display name when the entry was written. */
  @Column({ name: 'user_name', type: 'text', nullable: true })
  userName!: string | null;

  /** The e-mail address tried at sign-in (also for failures). */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** e.g. `auth.sign_in`, `sheets.approve`, `tasks.reassign`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId!: string | null;

  @Column({ name: 'sheet_id', type: 'uuid', nullable: true })
  sheetId!: string | null;

  /** `ok`, or the error code answered (e.g. `forbidden`, `stale_task`). */
  @Column({ type: 'text' })
  outcome!: string;

  /** HTTP status answered (or the per-task status of a bulk action). */
  @Column({ type: 'integer', nullable: true })
  status!: number | null;

  @Column({ type: 'text', nullable: true })
  method!: string | null;

  @Column({ type: 'text', nullable: true })
  path!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  /** Small structured context (never a password or a request body). */
  @Column({ type: 'jsonb', nullable: true })
  details!: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
