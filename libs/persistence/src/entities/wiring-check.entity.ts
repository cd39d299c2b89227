import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type WiringCheckStatus = 'started' | 'done';

/**
 * The foundation's end-to-end probe: an HTTP call creates one, a workflow completes it through an
 * activity that writes here and sends a mail. It proves every layer is wired; the evaluation
 * cycle's own tables replace it as the product grows.
 */
@Entity({ name: 'wiring_check' })
export class WiringCheckEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  recipient!: string;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'text', default: 'started' })
  status!: WiringCheckStatus;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  @Column({ name: 'mail_message_id', type: 'text', nullable: true })
  mailMessageId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
