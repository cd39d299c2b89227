import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A platform operator (a SaaS operator's console): belongs to no government, may only create,
 * list and deactivate governments and invite their administrators, and never reads a
 * government's data. Authenticates with an API token created by `hyoka operator create` (only its
 * sha256 is stored).
 */
@Entity({ name: 'platform_operator' })
@Index('UQ_platform_operator_token_hash', ['tokenHash'], { unique: true })
@Index('UQ_platform_operator_email', ['email'], { unique: true })
export class PlatformOperatorEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_platform_operator' })
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Hex sha256 of the operator's API token. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
