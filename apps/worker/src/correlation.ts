import type { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import type { Logger } from '@hyoka/config';
import { requestIdOf } from '@hyoka/workflows/correlation.client';

/**
 * Logs every activity that runs for a person's request with that request's id (the `requestId`
 * the API logged with the request, carried in the `hyoka-request-id` header), so one action can
 * be followed from the API's log into the worker's.
 */
export function requestIdActivityInterceptor(log: Logger): ActivityInterceptorsFactory {
  return (ctx: Context) => ({
    inbound: new RequestIdActivityInbound(ctx, log),
  });
}

class RequestIdActivityInbound implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly log: Logger,
  ) {}

  async execute(
    input: ActivityExecuteInput,
    next: Next<ActivityInboundCallsInterceptor, 'execute'>,
  ): Promise<unknown> {
    const requestId = requestIdOf(input.headers);
    if (!requestId) return next(input);
    const { activityType, workflowExecution } = this.ctx.info;
    const fields = { requestId, activity: activityType, workflowId: workflowExecution?.workflowId };
    this.log.info(fields, 'activity for a request');
    try {
      return await next(input);
    } catch (error) {
      this.log.warn({ ...fields, err: error }, 'activity for a request failed');
      throw error;
    }
  }
}
