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

/**
 * Organisation units: 部 (department) → 課 (section) → 班/係 (team, optional). Codes are unique
 * per government. `valid_from_fy` / `valid_to_fy` (inclusive, null = open) record
 * reorganisations: a unit that disappears keeps its row so old sheets still point at it.
 */
@Entity({ name: 'department' })
@Unique('UQ_department_government_code', ['governmentId', 'code'])
@Check(
  'CHK_department_valid_years',
  `"valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"`,
)
export class DepartmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_department' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_department_government' })
  government?: GovernmentEntity;

  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ name: 'valid_from_fy', type: 'integer', nullable: true })
  validFromFy!: number | null;

  @Column({ name: 'valid_to_fy', type: 'integer', nullable: true })
  validToFy!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'section' })
@Unique('UQ_section_government_code', ['governmentId', 'code'])
@Index('IDX_section_department', ['departmentId'])
@Check(
  'CHK_section_valid_years',
  `"valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"`,
)
export class SectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_section' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_section_government' })
  government?: GovernmentEntity;

  @Column({ name: 'department_id', type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => DepartmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'FK_section_department' })
  department?: DepartmentEntity;

  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ name: 'valid_from_fy', type: 'integer', nullable: true })
  validFromFy!: number | null;

  @Column({ name: 'valid_to_fy', type: 'integer', nullable: true })
  validToFy!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity({ name: 'team' })
@Unique('UQ_team_government_code', ['governmentId', 'code'])
@Index('IDX_team_section', ['sectionId'])
@Check(
  'CHK_team_valid_years',
  `"valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"`,
)
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_team' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_team_government' })
  government?: GovernmentEntity;

  @Column({ name: 'section_id', type: 'uuid' })
  sectionId!: string;

  @ManyToOne(() => SectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'FK_team_section' })
  section?: SectionEntity;

  @Column({ type: 'text', collation: CODE_COLLATION })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'valid_from_fy', type: 'integer', nullable: true })
  validFromFy!: number | null;

  @Column({ name: 'valid_to_fy', type: 'integer', nullable: true })
  validToFy!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
