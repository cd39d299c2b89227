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
import { AppUserEntity } from './user.entity';

/**
 * An inbox filter a person saved under a name (e.g. 「期限超過・二次評価」): theirs alone, kept on
 * the server so it follows them from one PC to another. Names are unique per person.
 */
@Entity({ name: 'saved_inbox_filter' })
@Index('UQ_saved_inbox_filter_user_name', ['userId', 'name'], { unique: true })
export class SavedInboxFilterEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_saved_inbox_filter' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'government_id',
    foreignKeyConstraintName: 'FK_saved_inbox_filter_government',
  })
  government?: GovernmentEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_saved_inbox_filter_user' })
  user?: AppUserEntity;

  @Column({ type: 'text' })
  name!: string;

  /** The inbox's filter fields (stage, sectionId, fiscalYear, overdue, q), as the API checks them. */
  @Column({ type: 'jsonb' })
  filters!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
