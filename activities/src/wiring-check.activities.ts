import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './deps';
import { WiringCheckRepository } from '@hyoka/persistence';

export function createWiringCheckActivities({
  dataSource,
  mailer,
  clock,
  publicUrl,
}: ActivityDeps) {
  const checks = new WiringCheckRepository(dataSource);
  return {
    /** Sends the check's mail once; a retry after success returns the recorded message id. */
    async sendWiringCheckMail({ checkId }: { checkId: string }): Promise<{ messageId: string }> {
      const check = await checks.find(checkId);
      if (!check)
        throw ApplicationFailure.nonRetryable(`wiring check ${checkId} does not exist`, 'NotFound');
      if (check.mailMessageId) return { messageId: check.mailMessageId };
      const sent = await mailer.send({
        to: check.recipient,
        subject: `[hyoka] 動作確認 / wiring check ${check.id.slice(0, 8)}`,
        text: `hyoka の動作確認メールです。\nThis is a hyoka wiring-check mail.\n\n${check.note}\n\n${publicUrl}/health`,
        headers: { 'X-Hyoka-Wiring-Check': check.id },
      });
      await checks.setMailMessageId(checkId, sent.messageId);
      return { messageId: sent.messageId };
    },

    /** Marks the check done; idempotent. */
    async completeWiringCheck({
      checkId,
      messageId,
    }: {
      checkId: string;
      messageId: string;
    }): Promise<void> {
      await checks.complete(checkId, messageId, clock.now());
    },
  };
}
