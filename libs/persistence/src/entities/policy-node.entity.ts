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
} from 'typeorm';
import { CODE_COLLATION } from './code-collation';
import { GovernmentEntity } from './government.entity';
import { SectionEntity } from './organisation.entity';
import type { PolicyNodeKind } from '../column-values';

export type { PolicyNodeKind };

/** 政策 (policy) → 施策 (measure) → 基本事業 (basic project). */

/**
 * The policy hierarchy of the government's comprehensive plan (総合計画). A policy has no parent;
 * measures and basic projects do. Codes are unique per government.
 */
@Entity({ name: 'policy_node' })
@Unique('UQ_policy_node_government_code', ['governmentId', 'code'])
@Index('IDX_policy_node_parent', ['parentId'])
@Index('IDX_policy_node_lead_section', ['leadSectionId'])
@Check('CHK_policy_node_kind', `"kind" IN ('policy', 'measure', 'basic_project')`)
@Check('CHK_policy_node_parent', `("kind" = 'policy') = ("parent_id" IS NULL)`)
@Check(
  'CHK_policy_node_valid_years',
  `"valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"`,
)
export class PolicyNodeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_policy_node' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_policy_node_government' })
  government?: GovernmentEntity;

  @Column({ type: 'text' })
  kind!: PolicyNodeKind;

  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => PolicyNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_policy_node_parent' })
  parent?: PolicyNodeEntity | null;

  /** The section that writes the node's policy sheet (施策評価の主管課); null: none named. */
  @Column({ name: 'lead_section_id', type: 'uuid', nullable: true })
  leadSectionId!: string | null;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_section_id', foreignKeyConstraintName: 'FK_policy_node_lead_section' })
  leadSection?: SectionEntity | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ name: 'valid_from_fy', type: 'integer', nullable: true })
  validFromFy!: number | null;

  @Column({ name: 'valid_to_fy', type: 'integer', nullable: true })
  validToFy!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
