/**
 * A client of the API as someone outside the project would write it: nothing from this
 * repository but the client generated from `/api/docs-json` (openapi-typescript, imported as
 * `@hyoka/api-client`) and openapi-fetch. It signs in, reads the inbox and approves the sheet of
 * the first task; every error is read through the document's one `Error` shape.
 *
 * test/api/openapi-client.test.ts generates the client, type-checks this file against it
 * (`tsc -p test/api/openapi-client`) and runs the result against a test server:
 * `node script.js <baseUrl> <governmentCode> <email> <password>` prints what it approved as JSON.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from '@hyoka/api-client';

type ApiError = components['schemas']['Error'];
type ActionResult = components['schemas']['ActionResult'];

export interface Approved {
  readonly taskId: string;
  readonly sheetId: string;
  /** The stage the task was at. */
  readonly stage: string;
  /** The sheet's state after the approval. */
  readonly state: ActionResult['state'];
}

/** The error in both languages, with the id to quote to an administrator. */
function failure(what: string, status: number, { error }: ApiError): Error {
  return new Error(
    `${what}: ${status} ${error.code}: ${error.messageJa} / ${error.message} (request ${error.requestId})`,
  );
}

export async function approveFirstTask(
  baseUrl: string,
  credentials: { governmentCode: string; email: string; password: string },
): Promise<Approved> {
  const client = createClient<paths>({ baseUrl });

  const signIn = await client.POST('/auth/sign-in', { body: credentials });
  if (signIn.error) throw failure('sign-in', signIn.response.status, signIn.error);
  const headers = { authorization: `Bearer ${signIn.data.token}` };

  const inbox = await client.GET('/tasks', { params: { query: { limit: '10' } }, headers });
  if (inbox.error) throw failure('inbox', inbox.response.status, inbox.error);
  const task = inbox.data.items[0];
  if (!task) throw new Error('inbox: no task to approve');

  const approval = await client.POST('/sheets/{id}/approve', {
    params: { path: { id: task.sheetId } },
    // The stage and round the caller saw: a sheet that moved on meanwhile is a 409, not approved.
    body: { comment: '確認しました。', expectedStage: task.stage, expectedRound: task.round },
    headers,
  });
  if (approval.error) throw failure('approve', approval.response.status, approval.error);
  return {
    taskId: task.taskId,
    sheetId: approval.data.sheetId,
    stage: task.stage,
    state: approval.data.state,
  };
}

if (require.main === module) {
  const [baseUrl, governmentCode, email, password] = process.argv.slice(2);
  if (!baseUrl || !governmentCode || !email || !password) {
    console.error('usage: node script.js <baseUrl> <governmentCode> <email> <password>');
    process.exit(2);
  }
  approveFirstTask(baseUrl, { governmentCode, email, password }).then(
    (approved) => console.log(JSON.stringify(approved)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
