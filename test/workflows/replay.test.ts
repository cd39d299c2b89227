import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { HISTORIES_DIR } from '../support/histories';
import { testEnvironment } from '../support/environment';

/**
 * Determinism: histories recorded from real runs (sheet through every stage with send-backs and a
 * calendar change, overdue timers, a whole cycle) must replay against today's workflow code.
 * A change that breaks one needs `patched()`, not a re-recording.
 */
describe('recorded workflow histories replay against the current workflow code', () => {
  const files = fs.existsSync(HISTORIES_DIR)
    ? fs
        .readdirSync(HISTORIES_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

  it('has the recorded histories to replay', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'cycle-all-reviewed.json',
        // Recorded once the cycle started its reminders itself (the patched path).
        'cycle-opens-reminders.json',
        // Recorded once the cycle counted from the tables and its sheets stopped reporting moves.
        'cycle-counts-from-tables.json',
        'sheet-in-cycle-counting-from-tables.json',
        'sheet-every-stage.json',
        'sheet-overdue-then-moved.json',
      ]),
    );
  });

  it('replays every one without a determinism error', async () => {
    const histories = files.map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
    const results: { workflowId: string; error: string | undefined }[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: testEnvironment().workflowBundlePath } },
      histories,
    )) {
      results.push({
        workflowId: result.workflowId,
        error: result.error ? String(result.error) : undefined,
      });
    }
    expect(results).toHaveLength(files.length);
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });
});
