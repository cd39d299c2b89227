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
 * A signed-in session. Only the sha256 of the bearer token is stored (the token itself is given
 * to the client once, as a cookie and in the sign-in answer). A session ends at `expires_at`
 * (absolute) or when it has not been used for the idle period (`last_seen_at`); sign-out deletes
 * the row.
 */
@Entity({ name: 'session' })
@Index('UQ_session_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_session_user', ['userId'])
@Index('IDX_session_expires_at', ['expiresAt'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_session' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_session_user' })
  user?: AppUserEntity;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_session_government' })
  government?: GovernmentEntity;

  /** Hex sha256 of the 32-byte random token. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  /** Where the session was opened from (for the audit trail); not used to authenticate. */
  @Column({ name: 'ip', type: 'text', nullable: true })
  ip!: string | null;
}
