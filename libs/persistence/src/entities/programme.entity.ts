import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';

/**
 * An evaluation programme of a government (事務事業評価, 施策評価, 行革プラン, 総合戦略KPI): its cycles
 * are keyed by (government, programme, fiscal year), so several run in one year, each with its
 * own template, pipeline, calendar and people. `code` is URL-safe and unique per government
 * (checkProgrammeCode); exactly one programme per government is its default (`is_default`):
 * the one today's URLs and workflow ids without a programme stand for.
 */
@Entity({ name: 'programme' })
@Unique('UQ_programme_government_code', ['governmentId', 'code'])
@Index('UQ_programme_government_default', ['governmentId'], {
  unique: true,
  where: `"is_default"`,
})
export class ProgrammeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_programme' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_programme_government' })
  government?: GovernmentEntity;

  /** URL-safe, e.g. `jimu-jigyo`, `shisaku`, `gyokaku`; never all digits. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ name: 'name_ja', type: 'text' })
  nameJa!: string;

  /** Null: the Japanese name is shown. */
  @Column({ name: 'name_en', type: 'text', nullable: true })
  nameEn!: string | null;

  @Column({ name: 'sort_order', type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
