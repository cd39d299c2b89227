import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@hyoka/config';
import { WiringCheckEntity } from '@hyoka/persistence';
import { startWiringCheck, wiringCheckWorkflowId } from '@hyoka/workflows/wiring-check.client';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../tokens';

/** Where wiring-check mails go: a fixed address, so the endpoint can never relay mail elsewhere. */
export const WIRING_CHECK_RECIPIENT = 'wiring-check@hyoka.localhost';

@Injectable()
export class WiringService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records a check, then starts its workflow (whose activities send the mail and complete the row). */
  async start(note: string): Promise<WiringCheckEntity> {
    const repo = this.dataSource.getRepository(WiringCheckEntity);
    const check = await repo.save(
      repo.create({ recipient: WIRING_CHECK_RECIPIENT, note, workflowId: 'pending' }),
    );
    check.workflowId = wiringCheckWorkflowId(check.id);
    await repo.update({ id: check.id }, { workflowId: check.workflowId });
    await startWiringCheck(this.temporal, { taskQueue: this.config.taskQueue, checkId: check.id });
    return check;
  }

  async get(id: string): Promise<WiringCheckEntity> {
    const check = await this.dataSource.getRepository(WiringCheckEntity).findOneBy({ id });
    if (!check)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: '動作確認が見つかりません',
        en: `No wiring check ${id}`,
      });
    return check;
  }
}
