import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CODE_COLLATION } from './code-collation';

/**
 * A tenant: one local government (prefecture or municipality). One deployment hosts several;
 * every other row carries `government_id` and its unique keys are scoped by it.
 */
@Entity({ name: 'government' })
@Unique('UQ_government_code', ['code'])
export class GovernmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_government' })
  id!: string;

  /** 総務省 local government code (全国地方公共団体コード, 6 digits with the check digit), e.g. '999999'. */
  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** False once deactivated (by the CLI or a platform operator): nobody of it signs in. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
