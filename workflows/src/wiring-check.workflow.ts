import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '@hyoka/activities';

const { sendWiringCheckMail, completeWiringCheck } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

export interface WiringCheckInput {
  readonly checkId: string;
}

export interface WiringCheckResult {
  readonly messageId: string;
}

/** Proves the wiring end to end: an activity sends a mail over SMTP, another records it in PostgreSQL. */
export async function wiringCheckWorkflow(input: WiringCheckInput): Promise<WiringCheckResult> {
  const { messageId } = await sendWiringCheckMail({ checkId: input.checkId });
  await completeWiringCheck({ checkId: input.checkId, messageId });
  return { messageId };
}
