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
import type { TemplateStatus } from '../column-values';

export type { TemplateStatus };

/**
 * One version of a sheet layout. `definition` is the domain's template definition as JSON
 * (persistence does not look inside). Built-in templates shipped with the product are shared by
 * every government: their `government_id` is NULL and their keys start with `builtin/`.
 * (key, version) is unique among the built-ins and, separately, within each government (two
 * partial unique indexes, because NULLs are distinct in a plain unique constraint).
 * A published version is never edited: a change is a new version.
 */
@Entity({ name: 'template' })
@Index('UQ_template_builtin_key_version', ['key', 'version'], {
  unique: true,
  where: `"government_id" IS NULL`,
})
@Index('UQ_template_government_key_version', ['governmentId', 'key', 'version'], {
  unique: true,
  where: `"government_id" IS NOT NULL`,
})
@Check('CHK_template_status', `"status" IN ('draft', 'active', 'retired')`)
@Check('CHK_template_version', `"version" >= 1`)
export class TemplateEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_template' })
  id!: string;

  /** NULL for a built-in template shared by every government. */
  @Column({ name: 'government_id', type: 'uuid', nullable: true })
  governmentId!: string | null;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_template_government' })
  government?: GovernmentEntity | null;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn!: string;

  /** The template definition (see `@hyoka/domain` `TemplateDefinition`). */
  @Column({ type: 'jsonb' })
  definition!: unknown;

  @Column({ type: 'text', default: 'draft' })
  status!: TemplateStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
