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
import { AppUserEntity } from './user.entity';
import type { AccountTokenPurpose } from '../column-values';

export type { AccountTokenPurpose };

/**
 * A one-time link's token: an invitation (a new person sets their first password) or a password
 * reset (forgotten password). Only the sha256 of the token is stored; the token itself is only in
 * the mail. It can be used once (`used_at`) and before `expires_at`.
 */
@Entity({ name: 'account_token' })
@Index('UQ_account_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_account_token_user', ['userId'])
@Check('CHK_account_token_purpose', `"purpose" IN ('invitation', 'password_reset')`)
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_account_token' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_account_token_government' })
  government?: GovernmentEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_account_token_user' })
  user?: AppUserEntity;

  @Column({ type: 'text' })
  purpose!: AccountTokenPurpose;

  /** Hex sha256 of the 32-byte random token. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
