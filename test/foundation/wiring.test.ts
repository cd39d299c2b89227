import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WiringCheckEntity } from '@hyoka/persistence';
import { workflowIds } from '@hyoka/workflows/ids';
import { postJson, startTestSystem, type TestSystem } from '../support/system';

describe('one real path through every layer', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('an HTTP call records a row and starts a workflow whose activities write PostgreSQL and send a mail over SMTP', async () => {
    const note = `配線確認 ${Date.now()}`;
    const res = await postJson(system, '/dev/wiring-checks', { note });
    expect(res.status).toBe(202);
    const created = (await res.json()) as { id: string; workflowId: string; status: string };
    expect(created.status).toBe('started');
    expect(created.workflowId).toBe(workflowIds.wiringCheck(created.id));

    // Wait on the real event: the workflow's completion.
    const result = (await system.temporal.workflow.getHandle(created.workflowId).result()) as {
      messageId: string;
    };

    const row = await system.db.dataSource
      .getRepository(WiringCheckEntity)
      .findOneByOrFail({ id: created.id });
    expect(row.status).toBe('done');
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(row.mailMessageId).toBe(result.messageId);

    const mail = await system.sink.waitFor((m) => m.headers['x-hyoka-wiring-check'] === created.id);
    expect(mail.to).toEqual(['wiring-check@hyoka.localhost']);
    expect(mail.messageId).toBe(result.messageId);
    expect(mail.text).toContain(note);

    const fetched = await system.fetch(`/dev/wiring-checks/${created.id}`);
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as { status: string }).status).toBe('done');
  });

  it('starting the same workflow id twice is detected, not duplicated', async () => {
    const res = await postJson(system, '/dev/wiring-checks', { note: 'twice' });
    const { id, workflowId } = (await res.json()) as { id: string; workflowId: string };
    await system.temporal.workflow.getHandle(workflowId).result();
    const again = system.temporal.workflow.start<WorkflowOf<'wiringCheck'>>(
      workflowTypes.wiringCheck,
      {
        taskQueue: system.taskQueue,
        workflowId,
        args: [{ checkId: id }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      },
    );
    await expect(again).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    const mails = system.sink.messages().filter((m) => m.headers['x-hyoka-wiring-check'] === id);
    expect(mails).toHaveLength(1);
  });

  it('the dev mail page lists received mail with user text escaped', async () => {
    const res = await postJson(system, '/dev/wiring-checks', { note: '<script>alert(1)</script>' });
    const { workflowId } = (await res.json()) as { workflowId: string };
    await system.temporal.workflow.getHandle(workflowId).result();
    const page = await system.fetch('/dev/mail');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    const list = (await (
      await system.fetch('/dev/mail/messages?to=wiring-check@hyoka.localhost')
    ).json()) as unknown[];
    expect(list.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects a missing workflow row for an unknown id with 404 in the common error shape', async () => {
    const res = await system.fetch('/dev/wiring-checks/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  });
});
