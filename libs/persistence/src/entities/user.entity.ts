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
import { GovernmentEntity } from './government.entity';
import type { MailPreference, RoleScopeKind, UserLocale, UserRoleName } from '../column-values';

export type { MailPreference, RoleScopeKind, UserLocale, UserRoleName };

/**
 * A person who signs in (staff, committee member, administrator). The email is unique per
 * government, case-insensitively: the unique index is on `lower(email)` and is written by hand
 * in the migration (TypeORM cannot describe expression indexes, hence `synchronize: false`).
 */
@Entity({ name: 'app_user' })
@Index('UQ_app_user_government_email', { synchronize: false })
@Check('CHK_app_user_locale', `"locale" IN ('ja', 'en')`)
@Check('CHK_app_user_mail_preference', `"mail_preference" IN ('immediate', 'digest')`)
export class AppUserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_app_user' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_app_user_government' })
  government?: GovernmentEntity;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Null until a password is set (the API issue adds hashing). */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'text', default: 'ja' })
  locale!: UserLocale;

  @Column({ name: 'mail_preference', type: 'text', default: 'immediate' })
  mailPreference!: MailPreference;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export const USER_ROLE_NAMES: readonly UserRoleName[] = [
  'evaluator',
  'section_chief',
  'department_head',
  'planning_office',
  'committee_member',
  'administrator',
];

/**
 * What a user may do, and where. `scope_id` is the id of the government, department or section
 * named by `scope_kind` (for `government` it is the user's own government id, so it is never
 * null and the unique key works without NULLS NOT DISTINCT). It is not a foreign key: it points
 * at one of three tables.
 */
@Entity({ name: 'user_role' })
@Unique('UQ_user_role_assignment', ['userId', 'role', 'scopeKind', 'scopeId'])
@Index('IDX_user_role_government_role', ['governmentId', 'role'])
@Index('IDX_user_role_scope', ['scopeId', 'role', 'scopeKind'])
@Check(
  'CHK_user_role_role',
  `"role" IN ('evaluator', 'section_chief', 'department_head', 'planning_office', 'committee_member', 'administrator')`,
)
@Check('CHK_user_role_scope_kind', `"scope_kind" IN ('government', 'department', 'section')`)
@Check(
  'CHK_user_role_government_scope',
  `"scope_kind" <> 'government' OR "scope_id" = "government_id"`,
)
export class UserRoleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_user_role' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_user_role_government' })
  government?: GovernmentEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_user_role_user' })
  user?: AppUserEntity;

  @Column({ type: 'text' })
  role!: UserRoleName;

  @Column({ name: 'scope_kind', type: 'text' })
  scopeKind!: RoleScopeKind;

  @Column({ name: 'scope_id', type: 'uuid' })
  scopeId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
