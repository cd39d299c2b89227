import type { DataSource } from 'typeorm';
import { WiringCheckEntity } from '../entities/wiring-check.entity';

/** Wiring checks (a development page's end-to-end check: API → Temporal → worker → SMTP). */
export class WiringCheckRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a new check whose workflow id is not known yet (`pending`). */
  insertPending(recipient: string, note: string): Promise<WiringCheckEntity> {
    const repo = this.dataSource.getRepository(WiringCheckEntity);
    return repo.save(repo.create({ recipient, note, workflowId: 'pending' }));
  }

  async setWorkflowId(id: string, workflowId: string): Promise<void> {
    await this.dataSource.getRepository(WiringCheckEntity).update({ id }, { workflowId });
  }

  async find(id: string): Promise<WiringCheckEntity | null> {
    return this.dataSource.getRepository(WiringCheckEntity).findOneBy({ id });
  }

  /** Records the message id of the check's mail. */
  async setMailMessageId(id: string, mailMessageId: string): Promise<void> {
    await this.dataSource.getRepository(WiringCheckEntity).update({ id }, { mailMessageId });
  }

  /** Marks a started check done; a check already done is left as it is. */
  async complete(id: string, mailMessageId: string, completedAt: Date): Promise<void> {
    await this.dataSource
      .getRepository(WiringCheckEntity)
      .update({ id, status: 'started' }, { status: 'done', mailMessageId, completedAt });
  }
}
