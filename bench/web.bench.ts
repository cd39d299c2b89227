// `npm run bench:web`: how fast the web UI is in a real browser (Debian's Chromium, headless,
// 1366×768), against the built UI (dist/web) served by the built API on an embedded PostgreSQL.
//
// - Inbox: a section chief with BENCH_N tasks (default 200) opens the inbox BENCH_RUNS times
//   (default 9); the first meaningful paint is the UI's own `hyoka:inbox-rendered` mark (the first
//   page of rows on screen, after sign-in state, /auth/me and /tasks). Baseline: the same rows as a
//   static, server-rendered HTML page with the UI's stylesheet, from the same server; its first
//   contentful paint.
// - Editor: an evaluator types 288 keystrokes into a 12 indicators × 8 year columns table (every
//   keystroke recomputes totals, ○/× and arrows and autosaves); time per keystroke end to end, as
//   Playwright types. Baseline: the same keystrokes into 96 plain inputs on a static page.
//
// Prints `key=value` lines on stdout, the last `ratio=` (inbox paint ÷ static paint); logs go to
// stderr. BENCH_TRACE=<file> writes a Chrome trace of the editor's typing. No Temporal: neither reading the inbox nor saving a draft calls a workflow.
import type * as http from 'node:http';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import pino from 'pino';
import { loadConfig, projectRoot, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { findChromium, freePort } from '@hyoka/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { createApiApp as CreateApiApp } from '../apps/api/src/bootstrap';
import { insertChiefTasks, insertTask, setPassword } from '../test/api/helpers';
import {
  fixtureCredentials,
  LARGE_TABLE_TEMPLATE,
  PAGE_OPTIONS,
  signInWithForm,
} from '../test/browser/support';
import { createCycleFixture, type CycleFixture } from '../test/support/cycle-fixture';
import { Cleanups, envInt, runBenchmark, runFolder, startPostgres } from './support';

const TASKS = envInt('BENCH_N', 200);
const RUNS = envInt('BENCH_RUNS', 9);
const ROWS = 12;
const YEARS = [2023, 2024, 2025, 2026];

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('web', cleanups);
  const { databaseUrl } = await startPostgres(runDir, log, cleanups);
  const ds = createDataSource({ url: databaseUrl, applicationName: 'hyoka-bench' });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);
  const f = await load(ds);

  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApiApp } = require(
    path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'bootstrap.js'),
  ) as { createApiApp: typeof CreateApiApp };
  const app: NestExpressApplication = await createApiApp(
    {
      config,
      dataSource: ds,
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      mailer: new Mailer('smtp://127.0.0.1:1', config.mailFrom),
      clock: systemClock,
      sink: undefined,
    },
    // Its logs go to stderr with ours: stdout carries the figures only.
    log.child({ service: 'api' }, { level: 'warn' }),
  );
  // The baselines: static pages from the same server.
  const pages = new Map<string, string>();
  app.use('/bench/', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const body = pages.get(req.url ?? '');
    res.statusCode = body ? 200 : 404;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(body ?? 'not found');
  });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  cleanups.push('close API', () => app.close());
  const base = `http://127.0.0.1:${port}`;

  const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  cleanups.push('close browser', () => browser.close());

  // Inbox: the chief's, then the same first page as static HTML.
  const chief = await signedIn(browser, base, f, 'chief');
  const inboxPaints: number[] = [];
  let rowsShown = 0;
  for (let run = 0; run < RUNS; run++) {
    await chief.goto(`${base}/app/`);
    inboxPaints.push(await mark(chief, 'hyoka:inbox-rendered'));
    rowsShown = await chief.locator('.inbox-table tbody tr').count();
  }
  const countsText = (await chief.locator('.stage-counts').textContent()) ?? '';
  if (!countsText.includes(String(TASKS)))
    throw new Error(`the inbox does not count ${TASKS} tasks: ${countsText}`);
  pages.set('/static-inbox', await staticInbox(chief, base, rowsShown));
  const staticPaints: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await chief.goto(`${base}/bench/static-inbox`);
    staticPaints.push(await firstContentfulPaint(chief));
  }
  log.info(`inbox measured (${rowsShown} rows on the first page); the editor next`);

  // Editor: the evaluator types into the 12 × 8 table, then the same keystrokes into plain inputs.
  const evaluator = await signedIn(browser, base, f, 'staff');
  await evaluator.addInitScript(REACT_RENDER_COUNTER);
  await evaluator.goto(`${base}/app/sheets/${f.sheets[0]!.sheetId}`);
  await evaluator
    .locator('.indicator-table tbody tr')
    .nth(ROWS - 1)
    .waitFor();
  // BENCH_TRACE=<file>: a Chrome performance trace of the typing (open in DevTools' Performance).
  const trace = process.env['BENCH_TRACE'];
  if (trace) await browser.startTracing(evaluator, { path: trace, screenshots: false });
  const editor = await typeTable(evaluator, (p) => `[id="f-indicators.table.${p}"]`);
  if (trace) await browser.stopTracing();
  // The last row: 2026 target 136, actual 142 (higher is better) → ○; then the draft is saved.
  await evaluator
    .getByTestId(`judge-r${ROWS}-2026`)
    .filter({ hasText: '○' })
    .waitFor({ timeout: 10_000 });
  await evaluator.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
  pages.set('/static-inputs', staticInputs());
  await evaluator.goto(`${base}/bench/static-inputs`);
  const plain = await typeTable(evaluator, (p) => `[id="${p}"]`);

  const inbox = median(inboxPaints);
  const statik = median(staticPaints);
  return {
    tasks: String(TASKS),
    runs: String(RUNS),
    inbox_rows_first_page: String(rowsShown),
    inbox_first_meaningful_paint_ms: inbox.toFixed(0),
    inbox_paint_samples_ms: inboxPaints.map((t) => t.toFixed(0)).join(','),
    static_first_contentful_paint_ms: statik.toFixed(0),
    editor_keystrokes: String(editor.keys),
    editor_ms_per_keystroke: editor.msPerKey.toFixed(1),
    editor_event_p50_ms: editor.event.p50.toFixed(0),
    editor_event_p95_ms: editor.event.p95.toFixed(0),
    editor_event_max_ms: editor.event.max.toFixed(0),
    editor_events_over_100ms: String(editor.over100),
    editor_long_tasks: String(editor.longTasks),
    editor_input_to_frame_p50_ms: editor.toFrame.p50.toFixed(1),
    editor_input_to_frame_p95_ms: editor.toFrame.p95.toFixed(1),
    editor_input_to_frame_max_ms: editor.toFrame.max.toFixed(1),
    editor_components_rendered_per_keystroke: editor.renders?.perKey.toFixed(1) ?? 'n/a',
    editor_components_on_page: String(editor.renders?.mounted ?? 'n/a'),
    plain_ms_per_keystroke: plain.msPerKey.toFixed(1),
    plain_event_p50_ms: plain.event.p50.toFixed(0),
    plain_event_p95_ms: plain.event.p95.toFixed(0),
    plain_event_max_ms: plain.event.max.toFixed(0),
    plain_input_to_frame_p50_ms: plain.toFrame.p50.toFixed(1),
    plain_input_to_frame_p95_ms: plain.toFrame.p95.toFixed(1),
    plain_input_to_frame_max_ms: plain.toFrame.max.toFixed(1),
    editor_ratio: (editor.msPerKey / plain.msPerKey).toFixed(2),
    ratio: (inbox / statik).toFixed(2),
  };
}

/** The fixture: a chief with TASKS open tasks, an evaluator with the large-table sheet open. */
async function load(ds: ReturnType<typeof createDataSource>): Promise<CycleFixture> {
  // Sheet 0 is the evaluator's (open at self-evaluation); the chief's tasks are on sheet 1.
  const f = await createCycleFixture(ds, { sheets: 2, content: {} });
  await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
    f.governmentId,
    JSON.stringify(LARGE_TABLE_TEMPLATE),
  ]);
  await ds.query(`UPDATE cycle SET status = 'open' WHERE id = $1`, [f.cycleId]);
  await ds.query(`UPDATE sheet SET status = 'in_progress' WHERE id = $1`, [f.sheets[0]!.sheetId]);
  for (const id of [f.evaluatorId, f.chiefId]) await setPassword(ds, id);
  await insertTask(ds, f, {
    sheetId: f.sheets[0]!.sheetId,
    stage: 'self_evaluation',
    dueDate: '2026-06-30',
    assignee: f.evaluatorId,
    projectCode: f.sheets[0]!.projectCode,
  });
  await insertChiefTasks(ds, f, f.sheets[1]!.sheetId, TASKS);
  return f;
}

async function signedIn(
  browser: Browser,
  base: string,
  f: CycleFixture,
  who: string,
): Promise<Page> {
  const context = await browser.newContext(PAGE_OPTIONS);
  cleanups.push(`close ${who}'s page`, () => context.close());
  const page = await context.newPage();
  await signInWithForm(page, base, fixtureCredentials(f, who));
  return page;
}

/** When the page set the performance mark `name` (ms after navigation start). */
async function mark(page: Page, name: string): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    const find = () => {
      const m = performance.getEntriesByName(${JSON.stringify(name)})[0];
      if (m) resolve(m.startTime);
      else requestAnimationFrame(find);
    };
    find();
  })`);
}

async function firstContentfulPaint(page: Page): Promise<number> {
  return page.evaluate<number>(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry) resolve(entry.startTime);
    }).observe({ type: 'paint', buffered: true });
  })`);
}

/** The inbox's first page as the server could have rendered it: same rows, the UI's stylesheet. */
async function staticInbox(page: Page, base: string, rows: number): Promise<string> {
  const stylesheet = await page.evaluate<string>(
    `document.querySelector('link[rel="stylesheet"]')?.href ?? ''`,
  );
  const body = await page.evaluate(async (url) => {
    const res = await fetch(url, { credentials: 'same-origin' });
    return res.text();
  }, `${base}/tasks?limit=${rows}`);
  const { items } = JSON.parse(body) as {
    items: {
      projectCode: string;
      projectName: string;
      sectionName: string;
      stage: string;
      dueDate: string | null;
    }[];
  };
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const tr = items
    .map(
      (t) =>
        `<tr><td>${escape(t.projectCode)}</td><td>${escape(t.projectName)}</td><td>${escape(t.sectionName)}</td><td>${escape(t.stage)}</td><td>${escape(t.dueDate ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>static inbox</title>
<link rel="stylesheet" href="${escape(stylesheet)}"></head><body><main><h1>あなたの作業</h1>
<table class="inbox-table"><thead><tr><th>事業コード</th><th>事業名</th><th>所属</th><th>段階</th><th>期限</th></tr></thead>
<tbody>${tr}</tbody></table></main></body></html>`;
}

/** 12 × 8 plain inputs with the same keys as the editor's table. */
function staticInputs(): string {
  const cells = Array.from({ length: ROWS }, (_, r) =>
    YEARS.flatMap((y) =>
      ['target', 'actual'].map((k) => `<input id="r${r + 1}.${y}.${k}" inputmode="decimal">`),
    ).join(''),
  ).join('<br>');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>inputs</title></head><body>${cells}</body></html>`;
}

/**
 * Counts React's work the way React DevTools sees it: installed before the app loads as the
 * DevTools hook React calls on every commit. Per commit, a component fiber rendered when it is
 * new or its props, state or ref changed against its alternate; subtrees React did not enter
 * (their child list is the one already committed) are skipped. `mounted` is the number of
 * component fibers in the tree after the last commit.
 */
const REACT_RENDER_COUNTER = `(() => {
  const COMPONENT = new Set([0, 1, 11, 14, 15]);
  const counts = (window.__renders = { commits: 0, rendered: 0, mounted: 0 });
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
    onCommitFiberRoot(_id, root) {
      let rendered = 0, mounted = 0;
      const walk = (fiber, entered) => {
        for (let f = fiber; f; f = f.sibling) {
          const a = f.alternate;
          const did = entered && (!a || f.memoizedProps !== a.memoizedProps ||
            f.memoizedState !== a.memoizedState || f.ref !== a.ref);
          if (COMPONENT.has(f.tag)) { mounted++; if (did) rendered++; }
          walk(f.child, entered && (!a || f.child !== a.child || did));
        }
      };
      walk(root.current.child, true);
      counts.commits++;
      counts.rendered += rendered;
      counts.mounted = mounted;
    },
  };
})()`;

/** Types the same values into every cell; answers time per keystroke and what the page saw. */
async function typeTable(
  page: Page,
  selector: (cell: string) => string,
): Promise<{
  keys: number;
  msPerKey: number;
  /** Event Timing durations (input to next paint, 8 ms steps) of the events of 16 ms or more. */
  event: { p50: number; p95: number; max: number };
  over100: number;
  longTasks: number;
  /** Input event to the end of the next frame's rendering on the main thread (rAF + message). */
  toFrame: { p50: number; p95: number; max: number };
  /** React component renders per keystroke, and components on the page (null: not React). */
  renders: { perKey: number; mounted: number } | null;
}> {
  // Slow event handling and long tasks, as the browser itself reports them.
  await page.evaluate(`(() => {
    window.__slow = [];
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__slow.push(e.duration); })
      .observe({ type: 'event', durationThreshold: 16 });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask' });
    window.__toFrame = [];
    document.addEventListener('input', (e) => {
      const start = e.timeStamp;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => window.__toFrame.push(performance.now() - start);
        channel.port2.postMessage(0);
      });
    }, true);
    if (window.__renders) Object.assign(window.__renders, { commits: 0, rendered: 0 });
  })()`);
  let keys = 0;
  const started = performance.now();
  for (let row = 1; row <= ROWS; row++) {
    for (const year of YEARS) {
      for (const kind of ['target', 'actual']) {
        await page.locator(selector(`r${row}.${year}.${kind}`)).focus();
        const value = String(100 + row * 3 + (kind === 'actual' ? year - 2020 : 0));
        await page.keyboard.type(value);
        keys += value.length;
      }
    }
  }
  const elapsed = performance.now() - started;
  const slow = await page.evaluate<number[]>('window.__slow');
  const long = await page.evaluate<number[]>('window.__long');
  const toFrame = await page.evaluate<number[]>('window.__toFrame');
  const renders = await page.evaluate<{ rendered: number; mounted: number } | null>(
    'window.__renders ?? null',
  );
  return {
    keys,
    msPerKey: elapsed / keys,
    event: { p50: quantile(slow, 0.5), p95: quantile(slow, 0.95), max: quantile(slow, 1) },
    over100: slow.filter((d) => d > 100).length,
    longTasks: long.length,
    toFrame: {
      p50: quantile(toFrame, 0.5),
      p95: quantile(toFrame, 0.95),
      max: quantile(toFrame, 1),
    },
    renders: renders && { perKey: renders.rendered / keys, mounted: renders.mounted },
  };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

runBenchmark(main, log, () => cleanups.run());
