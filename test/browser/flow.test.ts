import { addDays, dayOfWeek, publicHolidaysBetween, tokyoToday } from '@hyoka/calendar';
import type { Page } from 'playwright-core';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

type Who = 'admin' | 'staff' | 'chief' | 'planning' | 'committee';

/**
 * The rest of the yearly workflow in a real browser against a real system: the administrator
 * edits the cycle while it is a draft (a due date on a public holiday is warned about), people
 * comment on a sheet (a chief, the evaluator, a committee member who can only read and comment),
 * a send-back's reason shows in the same thread, everyone has their own mail log and settings,
 * and the administrator closes the running cycle behind a confirmation and sees it closed.
 */
describe('workflow screens in a real browser: comments, my mail, draft cycle edit, closing', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  const api = {} as Record<Who, Api>;
  const today = tokyoToday();
  const url = (p: string) => `${system.baseUrl}${p}`;
  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  const signInWithForm = (page: Page, who: Who) => browser.signIn(page, fixtureCredentials(f, who));

  /** A workflow action through the API (the parts of the cycle these screens do not drive). */
  async function act(who: Who, i: number, action: string, body: unknown = {}): Promise<void> {
    const res = await api[who].send('POST', `/sheets/${sheet(i)}/${action}`, body);
    expect([who, action, i, res.status]).toEqual([who, action, i, 200]);
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    // Two sheets in a draft cycle; the first is selected for the committee.
    f = await createCycleFixture(ds, { sheets: 2, selectedForCommittee: (i) => i === 0 });
    const adminId = await addAdministrator(system, f);
    const people: [Who, string][] = [
      ['admin', adminId],
      ['staff', f.evaluatorId],
      ['chief', f.chiefId],
      ['planning', f.plannerId],
      ['committee', f.committeeId],
    ];
    for (const [who, id] of people) {
      await setPassword(ds, id);
      api[who] = as(system, await signIn(system, f.governmentCode, emailOf(f, who)));
    }
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('the administrator edits the draft cycle with the set-up form: a stage left out, a due date on a public holiday warned about', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'admin');
    await page.goto(url(`/app/admin/cycles/${f.cycleId}`));
    await expect(page.getByTestId('cycle-status')).toHaveText('準備中');
    const edit = page.getByRole('button', { name: '準備中のサイクルを編集' });
    await expect(edit).toHaveAttribute('aria-expanded', 'false');
    await edit.click();
    await expect(edit).toHaveAttribute('aria-expanded', 'true');
    const form = page.locator('form.cycle-setup');
    await expect(form.getByRole('heading', { name: '準備中のサイクルを編集' })).toBeVisible();
    // The form starts from the cycle: its year (fixed), template, stages, dates and projects.
    await expect(form.getByLabel('年度', { exact: true })).toHaveValue(String(f.fiscalYear));
    await expect(form.getByLabel('年度', { exact: true })).toHaveAttribute('readonly', '');
    const committee = form.getByLabel('対象にする: 外部評価');
    await expect(committee).toBeVisible();
    expect(await committee.isChecked()).toBe(true);
    const due = form.getByLabel('期限: 公表');
    await expect(due).toHaveValue(f.calendar['publication']!.dueDate);
    for (const p of f.sheets)
      expect(
        await form.getByLabel(`対象にする: ${p.projectCode}`, { exact: false }).isChecked(),
      ).toBe(true);
    await expectNoSeriousViolations(page, 'admin cycle edit (draft)');
    await screenshot(page, 'flow-01-cycle-edit');

    // Publication on a weekday public holiday, later than every other stage's due date.
    const holiday = publicHolidaysBetween(addDays(today, 200), addDays(today, 600)).find(
      (h) => dayOfWeek(h.date) !== 0 && dayOfWeek(h.date) !== 6,
    )!.date;
    await due.fill(holiday);
    // The committee stage is left out of this year's pipeline.
    await committee.uncheck();
    await form.getByRole('button', { name: '変更を保存' }).click();

    await expect(page.getByRole('status').first()).toContainText('サイクルの変更を保存しました');
    const warnings = page.getByTestId('warnings');
    await expect(warnings).toContainText(holiday);
    await expect(warnings).toContainText('祝日');
    await expect(page.locator('form.cycle-setup')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    const calendarRows = page
      .locator('table')
      .filter({ has: page.locator('caption', { hasText: '日程' }) })
      .locator('tbody tr');
    await expect(calendarRows).toHaveCount(4);
    const [row] = await system.db.dataSource.query<
      { due: string; stages: string[]; status: string }[]
    >(
      `SELECT calendar->'publication'->>'dueDate' AS due, status,
              ARRAY(SELECT s->>'key' FROM jsonb_array_elements(pipeline) s) AS stages
         FROM cycle WHERE id = $1`,
      [f.cycleId],
    );
    expect(row).toEqual({
      due: holiday,
      status: 'draft',
      stages: ['self_evaluation', 'section_chief', 'planning_office', 'publication'],
    });
    await expectNoSeriousViolations(page, 'admin cycle (draft, saved with warnings)');
    await screenshot(page, 'flow-02-cycle-edited');

    // The same form in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Edit the draft cycle' }).click();
    await expect(page.getByRole('button', { name: 'Save the changes' })).toBeVisible();
    await expect(page.getByText('The fiscal year cannot change after creation')).toBeVisible();
    await expectNoSeriousViolations(page, 'admin cycle edit (English)');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('form.cycle-setup')).toHaveCount(0);
    await page.getByRole('button', { name: '日本語' }).click();

    // Open it for the rest of the year.
    await page.getByRole('button', { name: 'サイクルを開始' }).click();
    // Opening asks first, naming who will be mailed.
    await page.getByRole('alertdialog').getByRole('button', { name: '開始する' }).click();
    await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === f.sheets.length
        ? true
        : undefined,
    );
  });

  let evaluator: Page;

  it('a chief comments on a sheet (text escaped, newlines kept) and the evaluator sees it', async () => {
    const chief = await browser.newPage();
    await signInWithForm(chief, 'chief');
    await chief.goto(url(`/app/sheets/${sheet(0)}`));
    const thread = chief.getByTestId('comments');
    await expect(thread).toContainText('コメントはありません');
    // The chief has nothing to do at self-evaluation, but may comment at that stage.
    await expect(chief.getByText('この段階であなたが行う操作はありません')).toBeVisible();
    const box = chief.getByLabel('コメントを書く（一次評価（自己評価））');
    await chief.getByRole('button', { name: 'コメントを投稿' }).click();
    await expect(chief.getByText('コメントを入力してください')).toBeVisible();
    await expect(box).toBeFocused();
    await box.fill('<b>成果指標</b>の根拠を\n追記してください。');
    await chief.getByRole('button', { name: 'コメントを投稿' }).click();
    await expect(thread.getByRole('status')).toContainText('コメントを投稿しました');
    await expect(box).toHaveValue('');
    const item = thread.locator('li').first();
    await expect(item).toContainText('課長 二郎');
    await expect(item).toContainText('一次評価（自己評価）');
    // For the chief's own stage and the earlier ones by default, and it says so.
    await expect(item.locator('.comment-audience')).toHaveText('宛先: 課長承認まで');
    // Text, not markup; the line break is kept.
    await expect(thread.locator('b')).toHaveCount(0);
    expect(await item.locator('.comment-body').innerText()).toBe(
      '<b>成果指標</b>の根拠を\n追記してください。',
    );
    await expectNoSeriousViolations(chief, 'sheet comments (chief)');
    await screenshot(chief, 'flow-03-comment-chief');

    evaluator = await browser.newPage();
    await signInWithForm(evaluator, 'staff');
    await evaluator.goto(url(`/app/sheets/${sheet(0)}`));
    const seen = evaluator.getByTestId('comments');
    await expect(seen).toContainText('<b>成果指標</b>の根拠を');
    await expect(seen).toContainText('課長 二郎');
    await expect(seen.locator('h2')).toContainText('コメント (1)');
  });

  it('a committee member reads the sheet (nothing editable) but not the internal comments, and comments for everyone; a sheet not selected stays hidden', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'committee');
    await page.goto(url(`/app/sheets/${sheet(0)}`));
    await page.getByRole('heading', { name: /試験事業1/ }).waitFor();
    await expect(page.getByText('この段階であなたが行う操作はありません')).toBeVisible();
    await expect(page.getByRole('button', { name: '提出する' })).toHaveCount(0);
    await expect(page.getByTestId('save-status')).toHaveCount(0);
    await expect(page.locator('[id="f-summary.text"]')).toHaveAttribute('aria-readonly', 'true');
    // The chief's comment is for the section (up to 課長承認): not for the committee.
    const thread = page.getByTestId('comments');
    await expect(thread).toContainText('コメントはありません');
    expect(await thread.innerText()).not.toContain('成果指標');
    await page
      .getByLabel(/コメントを書く/)
      .fill('外部評価の観点：\n利用者数の推移を示してください。');
    // This year's pipeline has no committee stage: the member addresses everyone.
    const audience = page.getByLabel('宛先（読める人）');
    expect(await audience.locator('option').allInnerTexts()).toEqual([
      '一次評価（自己評価）まで',
      '課長承認まで',
      '二次評価まで',
      '公表まで',
    ]);
    await audience.selectOption({ label: '公表まで' });
    await page.getByRole('button', { name: 'コメントを投稿' }).click();
    await expect(thread.locator('li')).toHaveCount(1);
    await expect(thread.locator('li').first()).toContainText('委員 四郎');
    await expect(thread.locator('li .comment-audience')).toHaveText('宛先: 公表まで');
    await expectNoSeriousViolations(page, 'sheet, read-only with comments (committee)');
    await screenshot(page, 'flow-04-comment-committee');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByLabel('Write a comment (Self-evaluation)')).toBeVisible();
    await expect(page.getByText('Nothing for you to do at this stage')).toBeVisible();
    await expectNoSeriousViolations(page, 'sheet, read-only with comments (committee, English)');
    await page.getByRole('button', { name: '日本語' }).click();

    // The second sheet is not the committee's: it does not exist for them.
    await page.goto(url(`/app/sheets/${sheet(1)}`));
    await expect(page.getByRole('alert')).toContainText('評価シートが見つかりません');

    // The evaluator sees both comments, in order.
    await evaluator.reload();
    await expect(evaluator.getByTestId('comments').locator('li')).toHaveCount(2);
    await expect(evaluator.getByTestId('comments').locator('li').nth(1)).toContainText(
      '利用者数の推移を示してください。',
    );
  });

  it('a send-back’s reason shows in the same thread, marked as a send-back', async () => {
    await act('staff', 0, 'submit');
    await act('chief', 0, 'send-back', {
      toStage: 'self_evaluation',
      comment: '成果指標の実績が\n記入されていません。',
    });
    await evaluator.reload();
    const thread = evaluator.getByTestId('comments');
    await expect(thread.locator('li')).toHaveCount(3);
    const sentBack = thread.locator('li.comment-sent-back');
    await expect(sentBack).toHaveCount(1);
    await expect(sentBack).toContainText('↩ 差戻し');
    await expect(sentBack).toContainText('課長承認');
    await expect(sentBack).toContainText('課長 二郎');
    expect(await sentBack.locator('.comment-body').innerText()).toBe(
      '成果指標の実績が\n記入されていません。',
    );
    // The plain comments carry no such mark.
    await expect(thread.locator('.badge-sent-back')).toHaveCount(1);
    await expect(evaluator.locator('.sheet-head .meta')).toContainText('第2回');
    await expectNoSeriousViolations(evaluator, 'sheet with a send-back in the thread');
    await screenshot(evaluator, 'flow-05-comment-sent-back');
  });

  it('my mail: the evaluator finds the send-back mail in their own log (paged) and switches to the digest, which persists', async () => {
    const ds = system.db.dataSource;
    await eventually(async () =>
      (await count(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_user_id = $1 AND kind = 'sent_back'`,
        [f.evaluatorId],
      )) > 0
        ? true
        : undefined,
    );
    // Older digests, enough for a second page.
    for (let i = 1; i <= 21; i++) {
      const day = addDays(today, -i);
      await ds.query(
        `INSERT INTO mail_outbox (government_id, idempotency_key, kind, recipient_user_id, to_address, locale,
                                  subject, body_text, body_html, message_id, business_day, status, sent_at, created_at)
         VALUES ($1, $2, 'digest', $3, $4, 'ja', $5, $6, '<p>まとめ</p>', $7, $8, 'sent',
                 now() - make_interval(days => $9), now() - make_interval(days => $9))`,
        [
          f.governmentId,
          `digest/${f.evaluatorId}/${day}`,
          f.evaluatorId,
          emailOf(f, 'staff'),
          `【行政評価】まとめ通知 ${day}`,
          `${day} のまとめ`,
          `<digest-${day}@hyoka.test>`,
          day,
          i,
        ],
      );
    }
    // Someone else's mail is never listed.
    await ds.query(
      `INSERT INTO mail_outbox (government_id, idempotency_key, kind, recipient_user_id, to_address, locale,
                                subject, body_text, body_html, message_id, status)
       VALUES ($1, $2, 'digest', $3, $4, 'ja', '課長あてのまとめ', 'x', 'x', '<chief@hyoka.test>', 'sent')`,
      [f.governmentId, `digest/${f.chiefId}/${today}`, f.chiefId, emailOf(f, 'chief')],
    );

    const mine = await count(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_user_id = $1`,
      [f.evaluatorId],
    );
    expect(mine).toBeGreaterThan(20);
    const page = evaluator;
    await page.goto(url('/app/'));
    // Development: the mail sink is one click away.
    await expect(page.getByRole('link', { name: '開発用メール受信箱' })).toHaveAttribute(
      'href',
      '/dev/mail',
    );
    await page.getByRole('link', { name: 'メール設定' }).click();
    await page.getByRole('heading', { name: 'あなた宛てのメールと通知の設定', level: 1 }).waitFor();
    const log = page.getByTestId('my-mail');
    const rows = log.locator('tbody tr');
    await expect(rows).toHaveCount(20);
    const sentBack = rows.filter({ hasText: '差戻し' });
    await expect(sentBack).toHaveCount(1);
    await page.getByRole('button', { name: 'さらに表示' }).click();
    await expect(rows).toHaveCount(mine);
    await expect(page.getByRole('button', { name: 'さらに表示' })).toHaveCount(0);
    expect(await log.textContent()).not.toContain('課長あてのまとめ');
    // The text of a mail opens in place.
    await sentBack.locator('summary').click();
    await expect(sentBack.locator('pre')).toContainText('記入されていません');
    await sentBack.locator('summary').click();

    const status = page.getByTestId('settings-status');
    await expect(status).toContainText('保存済み');
    const immediate = page.getByLabel('すぐにメールで知らせる');
    const digest = page.getByLabel('翌営業日朝のまとめメールで知らせる');
    expect(await immediate.isChecked()).toBe(true);
    await expect(page.getByRole('button', { name: '設定を保存' })).toHaveAttribute('disabled', '');
    await digest.check();
    await expect(status).toContainText('未保存の変更があります');
    await expectNoSeriousViolations(page, 'my mail');
    await screenshot(page, 'flow-06-my-mail');
    await page.getByRole('button', { name: '設定を保存' }).click();
    await expect(status).toContainText('設定を保存しました');

    await page.reload();
    await page.getByRole('heading', { name: 'あなた宛てのメールと通知の設定', level: 1 }).waitFor();
    await expect(status).toContainText('保存済み');
    expect(await page.getByLabel('翌営業日朝のまとめメールで知らせる').isChecked()).toBe(true);
    const settings = (await (await api.staff.get('/me/mail-settings')).json()) as {
      mailPreference: string;
      locale: string;
    };
    expect(settings).toEqual({ mailPreference: 'digest', locale: 'ja' });

    // English, with a bilingual error from the API when the session is gone.
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByRole('heading', { name: 'Your mail and notification settings', level: 1 })
      .waitFor();
    await expectNoSeriousViolations(page, 'my mail (English)');
    await page.getByLabel('Mail me at once').check();
    await page.context().route('**/me/mail-settings', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: 'unavailable',
                message: 'The service is unavailable',
                messageJa: 'ただいま利用できません',
              },
            }),
          })
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('alert')).toContainText('The service is unavailable');
    await expect(status).toContainText('Unsaved changes');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect(page.getByRole('alert')).toContainText('ただいま利用できません');
    await page.context().unroute('**/me/mail-settings');
  });

  it('the administrator closes the running cycle behind a confirmation, and sees it closed once the last sheet is published', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'admin');
    await page.goto(url(`/app/admin/cycles/${f.cycleId}`));
    await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
    const close = page.getByRole('button', { name: '締め切って公表', exact: true });

    // The dialog says what will happen; cancelling changes nothing.
    await close.click();
    const dialog = page.getByRole('alertdialog', { name: 'このサイクルを締め切りますか？' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('最終審査を終えたシートを今すぐ公表します');
    await expect(dialog).toContainText('すべてのシートが公表されると、サイクルは終了します');
    await expect(dialog.getByRole('button', { name: 'キャンセル' })).toBeFocused();
    await expectNoSeriousViolations(page, 'admin close-cycle dialog');
    await screenshot(page, 'flow-07-close-confirm');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(close).toBeFocused();

    // English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Close and publish', exact: true }).click();
    const english = page.getByRole('alertdialog', { name: 'Close this cycle?' });
    await expect(english).toContainText('close the cycle when its last sheet is published');
    await expectNoSeriousViolations(page, 'admin close-cycle dialog (English)');
    await english.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: '日本語' }).click();
    expect(
      await count(`SELECT count(*)::int AS n FROM cycle WHERE id = $1 AND status = 'open'`, [
        f.cycleId,
      ]),
    ).toBe(1);

    // A refusal is shown with the API's words (bilingual), and nothing changes.
    await page.context().route('**/admin/cycles/*/close', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'cycle_not_running',
            message: 'The cycle workflow is not running',
            messageJa: 'このサイクルのワークフローは動いていません',
          },
        }),
      }),
    );
    await close.click();
    await dialog.getByRole('button', { name: '締め切って公表する' }).click();
    await expect(page.getByTestId('admin-error')).toContainText(
      'このサイクルのワークフローは動いていません',
    );
    await expect(page.getByTestId('admin-error')).toBeFocused();
    await expect(dialog).toHaveCount(0);
    await page.context().unroute('**/admin/cycles/*/close');

    // Closing: nothing is reviewed yet, so publication waits for the sheets.
    await close.click();
    await dialog.getByRole('button', { name: '締め切って公表する' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status').first()).toContainText(
      '公表を開始しました（0 / 2 件公表済み）',
    );
    await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
    await screenshot(page, 'flow-08-close-started');

    // The sheets pass their last review (the committee stage was left out): each is published.
    await act('staff', 0, 'submit');
    await act('staff', 1, 'submit');
    for (const i of [0, 1]) {
      await act('chief', i, 'approve');
      await act('planning', i, 'approve');
    }
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM cycle WHERE id = $1 AND status = 'closed'`, [
        f.cycleId,
      ])) === 1
        ? true
        : undefined,
    );
    await page.reload();
    await expect(page.getByTestId('cycle-status')).toHaveText('終了');
    await expect(close).toHaveCount(0);
    await expectNoSeriousViolations(page, 'admin cycle (closed)');
    await screenshot(page, 'flow-09-cycle-closed');

    // A published sheet's thread is closed for new comments.
    await evaluator.goto(url(`/app/sheets/${sheet(0)}`));
    await expect(evaluator.getByTestId('comments')).toContainText(
      '公表済みのため、コメントはできません',
    );
    await expect(evaluator.getByLabel(/コメントを書く/)).toHaveCount(0);

    // A closed cycle is not closed again.
    const again = await api.admin.send('POST', `/admin/cycles/${f.cycleId}/close`);
    expect(again.status).toBe(409);
  });
});
