import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@hyoka/config';
import { WiringCheckRepository, type WiringCheckEntity } from '@hyoka/persistence';
import { startWiringCheck, wiringCheckWorkflowId } from '@hyoka/workflows/wiring-check.client';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';

/** Where wiring-check mails go: a fixed address, so the endpoint can never relay mail elsewhere. */
export const WIRING_CHECK_RECIPIENT = 'wiring-check@hyoka.localhost';

@Injectable()
export class WiringService {
  constructor(
    private readonly checks: WiringCheckRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Records a check, then starts its workflow (whose activities send the mail and complete the row). */
  async start(note: string): Promise<WiringCheckEntity> {
    const check = await this.checks.insertPending(WIRING_CHECK_RECIPIENT, note);
    check.workflowId = wiringCheckWorkflowId(check.id);
    await this.checks.setWorkflowId(check.id, check.workflowId);
    await startWiringCheck(this.temporal, { taskQueue: this.config.taskQueue, checkId: check.id });
    return check;
  }

  async get(id: string): Promise<WiringCheckEntity> {
    const check = await this.checks.find(id);
    if (!check)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: '動作確認が見つかりません',
        en: `No wiring check ${id}`,
      });
    return check;
  }
}
