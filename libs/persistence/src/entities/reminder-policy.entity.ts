import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CycleEntity } from './cycle.entity';
import { GovernmentEntity } from './government.entity';

/**
 * A cycle's reminder policy, set by an administrator (a cycle without a row uses the defaults of
 * `@hyoka/mail`). `policy` is validated by the API (`reminderPolicySchema`).
 */
@Entity({ name: 'cycle_reminder_policy' })
@Index('IDX_cycle_reminder_policy_government', ['governmentId'])
export class CycleReminderPolicyEntity {
  @PrimaryColumn({
    name: 'cycle_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_cycle_reminder_policy',
  })
  cycleId!: string;

  @OneToOne(() => CycleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cycle_id', foreignKeyConstraintName: 'FK_cycle_reminder_policy_cycle' })
  cycle?: CycleEntity;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'government_id',
    foreignKeyConstraintName: 'FK_cycle_reminder_policy_government',
  })
  government?: GovernmentEntity;

  @Column({ type: 'jsonb' })
  policy!: unknown;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
