// Workflow interceptors (bundled: registered through bundleWorkflowCode's
// workflowInterceptorModules). Deterministic: they only copy a header.
import type { Payload } from '@temporalio/common';
import {
  AsyncLocalStorage,
  type ActivityInput,
  type Next,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { REQUEST_ID_HEADER } from './correlation';

/** The request id of the update whose handler is running (through its awaits). */
const updateRequest = new AsyncLocalStorage<Payload>();

class RequestIdInbound implements WorkflowInboundCallsInterceptor {
  handleUpdate(
    input: UpdateInput,
    next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>,
  ): Promise<unknown> {
    const header = input.headers[REQUEST_ID_HEADER];
    // The header's payload is passed on as it came: no decoding needed inside the workflow.
    return header ? updateRequest.run(header, () => next(input)) : next(input);
  }
}

class RequestIdOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(
    input: ActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>,
  ): Promise<unknown> {
    const header = updateRequest.getStore();
    return next(
      header ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: header } } : input,
    );
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new RequestIdInbound()],
  outbound: [new RequestIdOutbound()],
});
