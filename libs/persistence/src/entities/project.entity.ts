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
import { CODE_COLLATION } from './code-collation';
import { GovernmentEntity } from './government.entity';
import { SectionEntity } from './organisation.entity';
import { PolicyNodeEntity } from './policy-node.entity';
import type { ProjectLineageKind, ProjectPeriodType } from '../column-values';

export type { ProjectLineageKind, ProjectPeriodType };

/**
 * 事務事業: the unit that is evaluated. Its code (事業番号) is stable across years and unique per
 * government; renames, merges and splits are recorded in `project_lineage`.
 */
@Entity({ name: 'project' })
@Unique('UQ_project_government_code', ['governmentId', 'code'])
@Index('IDX_project_section', ['sectionId'])
@Index('IDX_project_policy_node', ['policyNodeId'])
@Check('CHK_project_period_type', `"period_type" IN ('single_year', 'recurring', 'fixed_term')`)
@Check('CHK_project_years', `"end_fy" IS NULL OR "start_fy" IS NULL OR "end_fy" >= "start_fy"`)
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_project' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_project_government' })
  government?: GovernmentEntity;

  /** 事業番号. */
  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  /** The section in charge (担当課). */
  @Column({ name: 'section_id', type: 'uuid' })
  sectionId!: string;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'FK_project_section' })
  section?: SectionEntity;

  /** Usually a 基本事業 node. */
  @Column({ name: 'policy_node_id', type: 'uuid', nullable: true })
  policyNodeId!: string | null;

  @ManyToOne(() => PolicyNodeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'policy_node_id', foreignKeyConstraintName: 'FK_project_policy_node' })
  policyNode?: PolicyNodeEntity | null;

  @Column({ name: 'start_fy', type: 'integer', nullable: true })
  startFy!: number | null;

  /** Last fiscal year of a fixed-term project. */
  @Column({ name: 'end_fy', type: 'integer', nullable: true })
  endFy!: number | null;

  @Column({ name: 'period_type', type: 'text' })
  periodType!: ProjectPeriodType;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * How projects relate across years: `from` became (part of) `to` in `fiscal_year`. A merge has
 * several rows with the same `to`, a split several rows with the same `from`.
 */
@Entity({ name: 'project_lineage' })
@Unique('UQ_project_lineage_link', ['fromProjectId', 'toProjectId', 'fiscalYear'])
@Index('IDX_project_lineage_to', ['toProjectId'])
@Index('IDX_project_lineage_government', ['governmentId'])
@Check('CHK_project_lineage_kind', `"kind" IN ('rename', 'merge', 'split')`)
@Check('CHK_project_lineage_distinct', `"from_project_id" <> "to_project_id"`)
export class ProjectLineageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_project_lineage' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_project_lineage_government' })
  government?: GovernmentEntity;

  @Column({ name: 'from_project_id', type: 'uuid' })
  fromProjectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'from_project_id', foreignKeyConstraintName: 'FK_project_lineage_from' })
  fromProject?: ProjectEntity;

  @Column({ name: 'to_project_id', type: 'uuid' })
  toProjectId!: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'to_project_id', foreignKeyConstraintName: 'FK_project_lineage_to' })
  toProject?: ProjectEntity;

  @Column({ type: 'text' })
  kind!: ProjectLineageKind;

  /** First fiscal year in which `to` replaces `from`. */
  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear!: number;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
